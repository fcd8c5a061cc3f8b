"""What a plan's page lets each persona do: campaigns.access.CampaignRights, read by campaign_detail.html."""

import pytest
from django.urls import reverse

from campaigns.access import CampaignRights
from campaigns.models import Campaign
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

ATTRIBUTES = ("edit", "delete", "issue", "close", "reopen", "copy", "close_periods", "sees_pledges",
              "sees_city_progress", "sees_history", "audit")
T, F = True, False

# (plan status, persona): the attributes above, in that order.
TABLE = {
    ("draft", "city"): (T, T, T, F, F, T, F, F, F, T, T),
    ("draft", "viewer"): (F, F, F, F, F, F, F, F, F, T, F),
    ("issued", "city"): (F, F, F, T, T, T, T, T, T, T, T),
    ("issued", "viewer"): (F, F, F, F, F, F, F, T, T, T, F),
    ("issued", "officer"): (F, F, F, F, F, F, F, T, F, F, F),
    ("issued", "no_unit"): (F, F, F, F, F, F, F, T, F, F, F),
    ("closed", "city"): (F, F, F, F, T, T, T, T, T, T, T),
    ("closed", "officer"): (F, F, F, F, F, F, F, T, F, F, F),
}


def plan(world, status):
    return {"draft": world.c2025, "issued": world.c2024}.get(status) or make_campaign(2023, Campaign.Status.CLOSED)


@pytest.mark.parametrize(("status", "persona"), TABLE)
def test_campaign_rights_per_status_and_persona(request, world, status, persona):
    rights = CampaignRights.of(request.getfixturevalue(persona), plan(world, status))
    assert {name: getattr(rights, name) for name in ATTRIBUTES} == dict(
        zip(ATTRIBUTES, TABLE[status, persona], strict=True))


@pytest.mark.parametrize(("status", "persona"), [("draft", "city"), ("issued", "city"), ("issued", "viewer"),
                                                 ("issued", "officer"), ("closed", "city")])
def test_the_plan_page_shows_what_the_rights_say(request, client_as, world, status, persona):
    campaign = plan(world, status)
    rights = CampaignRights.of(request.getfixturevalue(persona), campaign)
    page = client_as(persona).get(reverse("campaigns:detail", args=[campaign.year])).content.decode()
    shown = {
        "edit": reverse("campaigns:edit", args=[campaign.year]) in page,
        "issue": 'value="issue"' in page,
        "close": 'value="close"' in page,
        "reopen": 'value="reopen"' in page,
        "copy": reverse("campaigns:copy", args=[campaign.year]) in page,
        "delete": reverse("campaigns:delete", args=[campaign.year]) in page,
        "sees_pledges": reverse("pledges:overview", args=[campaign.year]) in page,
        "sees_city_progress": reverse("progress:city", args=[campaign.year]) in page,
        "sees_history": 'id="history"' in page,
        "audit": reverse("campaigns:history", args=[campaign.year]) in page,
    }
    assert shown == {name: getattr(rights, name) for name in shown}
