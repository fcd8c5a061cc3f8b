"""The dashboards run the same number of queries for 4 units in 1 group × 3 targets and for 40 units in 8 groups
× 12 targets: every group signed, most units submitted, some late, some with a draft."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Indicator
from groups.models import Group
from pledges.models import Pledge, PledgeLine, Target
from progress.models import Report, ReportValue
from tests.factories import login, make_campaign, make_group, make_user
from units.models import Unit

pytestmark = pytest.mark.django_db

YEAR = 2031


def build(units: int, groups: int, indicators: int):
    """A plan with ``indicators`` indicators, ``units`` units spread over ``groups`` groups (blocs and
    clusters), a signed pledge per group with a target per unit and indicator, and reports for the first two
    periods: submitted for most units, a draft for every fifth unit, nothing for every seventh."""
    campaign = make_campaign(
        YEAR, Campaign.Status.ISSUED, items=["Nội dung"],
        indicators=[{"code": f"C{i:02d}", "item": 1,
                     "direction": Indicator.Direction.LOWER if i % 3 == 1 else Indicator.Direction.HIGHER}
                    for i in range(indicators)],
    )
    plan_indicators = list(campaign.indicators.all())
    members = Unit.objects.bulk_create(
        Unit(code=f"D{units}-{i:03d}", name=f"Đơn vị có tên khá dài số {i:03d}") for i in range(units))
    size = units // groups
    made = []
    for g in range(groups):
        chunk = members[g * size:(g + 1) * size]
        made.append(make_group(campaign, f"Cụm, khối thi đua số {g + 1:02d}",
                               kind=Group.Kind.BLOC if g % 2 else Group.Kind.CLUSTER,
                               leader=chunk[0], members=chunk[1:]))
    now = timezone.now()
    pledges = Pledge.objects.bulk_create(
        Pledge(campaign=campaign, group=group, title="Giao ước", status=Pledge.Status.SIGNED, signed_at=now)
        for group in made)
    lines = PledgeLine.objects.bulk_create(
        PledgeLine(pledge=pledge, position=i, indicator=ind, code=ind.code, name=ind.name, direction=ind.direction,
                   city_value=ind.city_value)
        for pledge in pledges for i, ind in enumerate(plan_indicators))
    lines_of = {}
    for line in lines:
        lines_of.setdefault(line.pledge_id, []).append(line)
    group_of = {}
    for g, pledge in enumerate(pledges):
        for unit in members[g * size:(g + 1) * size]:
            group_of[unit.pk] = pledge
    targets = Target.objects.bulk_create(
        Target(pledge=group_of[unit.pk], line=line, unit=unit, status=Target.Status.SET, value=Decimal(10))
        for unit in members for line in lines_of[group_of[unit.pk].pk])
    target_of = {(t.line_id, t.unit_id): t for t in targets}
    periods = list(campaign.periods.all())[:2]
    reports = []
    for period in periods:
        for i, unit in enumerate(members):
            if i % 7 == 3:
                continue
            status = Report.Status.DRAFT if i % 5 == 2 else Report.Status.SUBMITTED
            pledge = group_of[unit.pk]
            reports.append(Report(period=period, unit=unit, pledge=pledge, group_id=pledge.group_id,
                                  campaign=campaign, status=status, attainment=Decimal(30 + i % 70),
                                  submitted_at=now if status == Report.Status.SUBMITTED else None))
    reports = Report.objects.bulk_create(reports)
    ReportValue.objects.bulk_create(
        ReportValue(report=report, target=target_of[(line.pk, report.unit_id)], line=line,
                    indicator_id=line.indicator_id, direction=line.direction, target_value=Decimal(10),
                    actual=Decimal(j + 1), attainment=Decimal(10 * (j + 1)))
        for report in reports for j, line in enumerate(lines_of[report.pledge_id]))
    officer = make_user(f"officer{units}", unit=members[1])
    return campaign, made, members, periods, officer


@pytest.fixture(params=[(4, 1, 3), (40, 8, 12)], ids=["4units-1group", "40units-8groups"])
def city_data(request, monkeypatch):
    data = build(*request.param)
    # After the deadline of the second period, so the late lists are drawn.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(YEAR, 7, 20))
    return data


# (id, who, url name, kwargs(campaign, groups, members, periods), ceiling)
PAGES = [
    ("city", "city", "progress:city", lambda c, g, m, p: {"year": c.year}, 9),
    ("city-sorted", "city", "progress:city", lambda c, g, m, p: {"year": c.year}, 9),
    ("group-city", "city", "progress:group", lambda c, g, m, p: {"group_pk": g[0].pk}, 11),
    ("group-officer", "officer", "progress:group", lambda c, g, m, p: {"group_pk": g[0].pk}, 13),
    ("unit-city", "city", "progress:unit", lambda c, g, m, p: {"unit_pk": m[1].pk, "year": c.year}, 11),
    ("unit-officer", "officer", "progress:unit", lambda c, g, m, p: {"unit_pk": m[1].pk, "year": c.year}, 13),
]
QUERY = {"city-sorted": {"sort": "-attainment", "kind": "bloc"}}


@pytest.mark.parametrize(("page_id", "who", "name", "kwargs", "ceiling"),
                         [pytest.param(*row, id=row[0]) for row in PAGES])
def test_query_count_does_not_grow_with_the_city(city_data, django_assert_max_num_queries, page_id, who, name,
                                                 kwargs, ceiling):
    campaign, groups, members, periods, officer = city_data
    user = officer if who == "officer" else make_user("staff", "city_staff")
    client = login(user)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(name, kwargs=kwargs(campaign, groups, members, periods)),
                              QUERY.get(page_id, {}))
    assert response.status_code == 200
    page = response.content.decode()
    if name == "progress:city" and page_id == "city":
        assert page.count('class="dash-group-name"') == len(groups)
        assert "dash-late-group" in page
    if name == "progress:group":
        assert page.count('class="num dash-cell dash-s-') == ReportValue.objects.filter(
            report__group=groups[0], report__period=periods[1], report__status="submitted").count()


def test_the_data_is_what_the_counts_are_measured_on(city_data):
    campaign, groups, members, periods, officer = city_data
    per_group = Report.objects.filter(period=periods[1]).values("group").annotate(n=Count("pk"))
    assert len(per_group) == len(groups)
    assert Report.objects.filter(status="draft").exists()
