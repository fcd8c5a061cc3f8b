"""The per-group indicator totals (GroupIndicatorTotal) are a summary kept on write: after every move of a report
into or out of "submitted" they equal what the values themselves add up to, and the city dashboard reads them."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from progress import services
from progress.models import CAPPED, GroupIndicatorTotal, Report, ReportValue
from tests.builders import report_with, signed_pledge_of

pytestmark = pytest.mark.django_db


def live(period) -> dict:
    """What the submitted values add up to, per group and indicator, straight from ReportValue."""
    rows = (ReportValue.objects.filter(report__period=period, report__status=Report.Status.SUBMITTED,
                                       indicator__isnull=False, attainment__isnull=False)
            .values("report__group_id", "indicator_id").order_by().annotate(total=Sum(CAPPED), n=Count("pk")))
    return {(r["report__group_id"], r["indicator_id"]): (r["total"], r["n"]) for r in rows}


def kept(period) -> dict:
    return {(t.group_id, t.indicator_id): (t.total, t.reports)
            for t in GroupIndicatorTotal.objects.filter(period=period)}


def test_totals_follow_every_submission_and_return(world, signed, half_year, city):
    assert kept(half_year) == {}
    a1 = report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    assert kept(half_year) == live(half_year) != {}
    report_with(half_year, world.a2, values={"KT01": "17", "XH01": "0", "CQ01": False}, submit=True)
    totals = kept(half_year)
    assert totals == live(half_year)
    kt01 = next(key for key in totals if key[1] == world.c2024.indicators.get(code="KT01").pk)
    # a1 100 %, a2 200 % counted as 100 % (capped): 200 over 2 reports.
    assert totals[kt01] == (Decimal("200.00"), 2)

    services.return_report(a1, city, "Sai số liệu")
    assert kept(half_year) == live(half_year)
    assert kept(half_year)[kt01] == (Decimal("100.00"), 1)

    a1.refresh_from_db()
    services.save_values(a1, {v.pk: services.Entry(actual=Decimal("4.25")) for v in a1.values.filter(
        line__code="KT01")}, None)
    services.submit(a1, None)
    assert kept(half_year) == live(half_year)
    assert kept(half_year)[kt01] == (Decimal("150.00"), 2)


def test_a_draft_counts_for_nothing(world, signed, half_year):
    report_with(half_year, world.a3, values={"KT01": "1"})
    assert kept(half_year) == live(half_year) == {}


def test_the_city_dashboard_reads_the_totals(world, signed, half_year, city_client):
    report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    signed_pledge_of(world.cluster_b, [world.b1, world.b2])
    report_with(half_year, world.b1, values={"KT01": "0", "XH01": "3", "CQ01": False}, submit=True)
    url = reverse("progress:city", kwargs={"year": 2024}) + f"?period={half_year.pk}"
    assert "50,0\xa0%" in kt01_rows(city_client.get(url).content.decode())      # KT01: 100 % and 0 %, averaged
    # A summary row changed behind the services' back is what the page shows: the page reads the summary.
    row = GroupIndicatorTotal.objects.get(period=half_year, group=world.cluster_b,
                                          indicator__code="KT01")
    row.total = Decimal("60")
    row.save()
    rows = kt01_rows(city_client.get(url).content.decode())
    assert "80,0\xa0%" in rows and "50,0\xa0%" not in rows


def kt01_rows(page: str) -> str:
    """The rows of indicator KT01 in the city page's indicator tables."""
    parts = page.split('<span class="code">KT01</span>')[1:]
    assert parts
    return "".join(part[:part.index("</tr>")] for part in parts)
