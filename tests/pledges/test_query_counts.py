"""The pledge pages run the same number of queries for a 3 × 4 grid and for 15 units × 20 indicators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Indicator
from pledges import services
from pledges.models import PledgeLine
from tests.factories import login, make_campaign, make_group, make_unit, make_user

pytestmark = pytest.mark.django_db


def build(units: int, indicators: int):
    """A group of ``units`` members whose draft pledge has ``indicators`` plan lines plus one own line per
    member; every cell filled, so each page shows the biggest grid it can."""
    members = [make_unit(f"Q{units}-{i:02d}", f"Đơn vị thành viên số {i:02d}") for i in range(units)]
    campaign = make_campaign(
        2030 + units, Campaign.Status.ISSUED, items=[f"Nội dung {i}" for i in range(indicators)],
        indicators=[{"code": f"C{i:02d}", "direction": Indicator.Direction.LOWER if i % 3 == 1 else "higher"}
                    for i in range(indicators)],
    )
    group = make_group(campaign, "Cụm đo số truy vấn", leader=members[0], members=members[1:])
    pledge = services.create_pledge(group, None)
    for unit in members:
        services.add_line(pledge, PledgeLine(name=f"Riêng {unit.code}", unit=unit))
    lines = list(pledge.lines.all())
    rows = [(line, unit.pk, "set", Decimal(i)) for i, (line, unit) in enumerate(
        (line, unit) for line in lines for unit in members if line.applies_to(unit.pk))]
    services.apply_import(pledge, rows, None)
    officer = make_user(f"leader{units}", unit=members[0])
    return pledge, members, officer


@pytest.fixture(params=[(3, 4), (15, 20)], ids=["3x4", "15x20"])
def grid(request, db):
    return build(*request.param)


# (id, who, url name, kwargs, ceiling)
PAGES = [
    ("detail-officer", "officer", "pledges:detail", lambda p, m: {"pk": p.pk}, 10),
    ("detail-city", "city", "pledges:detail", lambda p, m: {"pk": p.pk}, 9),
    ("unit-targets", "officer", "pledges:unit_targets", lambda p, m: {"pk": p.pk, "unit_pk": m[0].pk}, 7),
    ("history", "officer", "pledges:history", lambda p, m: {"pk": p.pk}, 6),
    ("overview", "city", "pledges:overview", lambda p, m: {"year": p.campaign.year}, 10),  # signing_overview: 7
    ("template", "city", "pledges:template", lambda p, m: {"pk": p.pk}, 6),
]


@pytest.mark.parametrize(("who", "name", "kwargs", "ceiling"), [pytest.param(*row[1:], id=row[0]) for row in PAGES])
def test_query_count_does_not_grow_with_the_grid(grid, django_assert_max_num_queries, who, name, kwargs, ceiling):
    pledge, members, officer = grid
    user = officer if who == "officer" else make_user("staff", "city_staff")
    client = login(user)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(name, kwargs=kwargs(pledge, members)))
    assert response.status_code == 200
    if name == "pledges:detail":
        cells = len(members) * (len(members) + len(pledge.lines.all()) - len(members))
        assert response.content.decode().count('class="cell') >= cells
