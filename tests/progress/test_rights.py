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
