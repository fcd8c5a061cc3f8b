"""What the group pages let each persona do: groups.access.GroupRights (a group's page) and
CampaignGroupsRights (the plan's group list and the plan page's groups card)."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from groups.access import CampaignGroupsRights, GroupRights
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

T, F = True, False

# persona: edit, audit, own unit, member units linked (cluster A: leader a1, deputy a2, member a3).
GROUP_TABLE = {
    "city": (T, T, None, {"a1", "a2", "a3"}),
    "viewer": (F, F, None, {"a1", "a2", "a3"}),
    "officer": (F, F, "a1", {"a1"}),
    "officer2": (F, F, "a2", {"a2"}),
}


def members(group):
    return [m.unit_id for m in group.memberships.all()]


@pytest.mark.parametrize("persona", GROUP_TABLE)
def test_group_rights_per_persona(request, world, persona):
    edit, audit, own, linked = GROUP_TABLE[persona]
    group = world.cluster_a
    rights = GroupRights.of(request.getfixturevalue(persona), group, members(group))
    assert (rights.edit, rights.audit) == (edit, audit)
    assert rights.own_unit_id == (getattr(world, own).pk if own else None)
    assert rights.unit_links == {getattr(world, name).pk for name in linked}


def test_a_closed_plans_groups_are_not_edited(world, city):
    closed = make_campaign(2023, Campaign.Status.CLOSED)
    world.cluster_a.campaign = closed
    assert not GroupRights.of(city, world.cluster_a, members(world.cluster_a)).edit
    assert not CampaignGroupsRights.of(city, closed).create


# persona: sees_all, create (the 2024 plan, issued).
LIST_TABLE = {"city": (T, T), "viewer": (T, F), "officer": (F, F), "outsider": (F, F), "no_unit": (F, F)}


@pytest.mark.parametrize("persona", LIST_TABLE)
def test_campaign_groups_rights_per_persona(request, world, persona):
    rights = CampaignGroupsRights.of(request.getfixturevalue(persona), world.c2024)
    assert (rights.sees_all, rights.create) == LIST_TABLE[persona]


@pytest.mark.parametrize("persona", GROUP_TABLE)
def test_the_group_page_shows_what_the_rights_say(request, client_as, world, persona):
    group = world.cluster_a
    rights = GroupRights.of(request.getfixturevalue(persona), group, members(group))
    page = client_as(persona).get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert (reverse("groups:edit", args=[group.pk]) in page) == rights.edit
    assert (reverse("groups:history", args=[group.pk]) in page) == rights.audit
    for unit in (world.a1, world.a2, world.a3):
        assert (reverse("units:detail", args=[unit.pk]) + '">' in page) == (unit.pk in rights.unit_links)
    assert ("Đơn vị của bạn" in page) == (rights.own_unit_id is not None)
    assert "Cụm trưởng" in page and "Cụm phó" in page


@pytest.mark.parametrize("persona", LIST_TABLE)
def test_the_group_list_and_the_plan_card_show_what_the_rights_say(request, client_as, world, persona):
    rights = CampaignGroupsRights.of(request.getfixturevalue(persona), world.c2024)
    client = client_as(persona)
    listing = client.get(reverse("groups:list", args=[2024])).content.decode()
    assert (reverse("groups:create", args=[2024]) in listing) == rights.create
    assert ("Cụm, khối mà đơn vị của bạn tham gia." in listing) == (not rights.sees_all)
    plan = client.get(reverse("campaigns:detail", args=[2024])).content.decode()
    assert ("Xem tất cả cụm, khối" in plan) == rights.sees_all
    assert ('class="stats"' in plan) == rights.sees_all
