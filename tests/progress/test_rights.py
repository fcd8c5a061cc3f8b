"""What the progress dashboards let each persona do: progress.access.DashboardRights, read by the city, group
and unit dashboards instead of re-checking roles or the user's unit."""

import pytest
from django.urls import reverse

from progress.access import DashboardRights

pytestmark = pytest.mark.django_db

T, F = True, False

# persona: sees_city, close_period, links_plan_periods, review cluster A, links the page of unit a1, of a2.
TABLE = {
    "city": (T, T, T, T, T, T),
    "viewer": (T, F, F, F, T, T),
    "officer": (F, F, F, T, T, F),       # leader unit of cluster A
    "officer2": (F, F, F, F, F, T),      # deputy of cluster A
    "outsider": (F, F, F, F, F, F),      # leader of cluster B
}


@pytest.mark.parametrize("persona", TABLE)
def test_dashboard_rights_per_persona(request, world, persona):
    user = request.getfixturevalue(persona)
    city, group, unit_a1 = (DashboardRights(user), DashboardRights(user, group=world.cluster_a),
                            DashboardRights(user, unit=world.a1))
    assert (city.sees_city, city.close_period, city.links_plan_periods, group.review, unit_a1.links_unit,
            DashboardRights(user, unit=world.a2).links_unit) == TABLE[persona]
    assert not city.review and not city.links_unit     # about no group, no unit


def test_review_costs_its_query_only_when_the_page_asks(world, officer, django_assert_num_queries):
    rights = DashboardRights(officer, group=world.cluster_a)
    with django_assert_num_queries(0):
        assert not rights.sees_city
    with django_assert_num_queries(1):
        assert rights.review
    with django_assert_num_queries(0):
        assert rights.review


@pytest.mark.parametrize("persona", ["city", "viewer", "officer", "officer2"])
def test_the_dashboards_show_what_the_rights_say(request, client_as, world, signed, persona):
    user = request.getfixturevalue(persona)
    client = client_as(persona)
    city_link = f'href="{reverse("progress:city", args=[2024])}'
    group_page = client.get(reverse("progress:group", args=[world.cluster_a.pk])).content.decode()
    assert (city_link in group_page) == DashboardRights(user).sees_city
    for unit in (world.a1, world.a2):
        page = client.get(reverse("progress:unit", args=[unit.pk, 2024])).content.decode()
        assert (city_link in page) == DashboardRights(user).sees_city
        unit_link = f'<a href="{reverse("units:detail", args=[unit.pk])}">Thông tin đơn vị</a>'
        assert (unit_link in page) == DashboardRights(user, unit=unit).links_unit


# --- the report page: progress.access.ReportRights ---------------------------------------------------------------

# persona: own, edit, review, close_period, audit — on a2's submitted half-year report (cluster A, open period).
REPORT_TABLE = {
    "city": (F, F, T, T, T),
    "viewer": (F, F, F, F, F),
    "officer": (F, F, T, F, F),       # the leader returns its members' reports
    "officer2": (T, F, F, F, F),      # its own report, submitted: no longer editable
    "outsider": (F, F, F, F, F),
}


@pytest.fixture
def submitted_report(world, signed, officer2):
    from tests.builders import FULL, period_named, report_with

    return report_with(period_named(world.c2024, "6 tháng"), world.a2, officer2, FULL, submit=True)


@pytest.mark.parametrize("persona", REPORT_TABLE)
def test_report_rights_per_persona(request, world, submitted_report, persona):
    from progress.access import ReportRights

    user = request.getfixturevalue(persona)
    rights = ReportRights.of(user, submitted_report, world.a2.pk, closed=False)
    assert (rights.own, rights.edit, rights.review, rights.close_period, rights.audit) == REPORT_TABLE[persona]
    closed = ReportRights.of(user, submitted_report, world.a2.pk, closed=True)
    assert not (closed.edit or closed.review or closed.close_period)


@pytest.mark.parametrize("persona", ["city", "officer", "officer2"])
def test_the_report_page_shows_what_the_rights_say(request, client_as, world, submitted_report, persona):
    from progress.access import ReportRights

    rights = ReportRights.of(request.getfixturevalue(persona), submitted_report, world.a2.pk, closed=False)
    page = client_as(persona).get(reverse("progress:report", args=[submitted_report.period_id, world.a2.pk]))
    html = page.content.decode()
    assert ('name="comment"' in html) == rights.review  # the return form
    assert (reverse("progress:report_history", args=[submitted_report.pk]) in html) == rights.audit
    assert ("đề nghị đơn vị trưởng cụm, khối" in html) == rights.own
