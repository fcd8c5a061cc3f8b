"""One rule for "may this report change": Report.why_unchangeable (issue 10), read by access, services, views."""

import pytest

from progress.models import PERIOD_CLOSED, REPORT_SUBMITTED, PeriodClosure, Report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("status", "closed", "reason"), [
    (Report.Status.DRAFT, False, None),
    (Report.Status.RETURNED, False, None),
    (Report.Status.SUBMITTED, False, REPORT_SUBMITTED),
    (Report.Status.DRAFT, True, PERIOD_CLOSED),
    (Report.Status.SUBMITTED, True, PERIOD_CLOSED),
])
def test_the_rule_table(status, closed, reason):
    got = Report(status=status).why_unchangeable(closed=closed)
    assert got == (str(reason) if reason else None)


def test_without_closed_the_rule_asks_the_period(world, city):
    period = world.c2024.periods.first()
    report = Report(status=Report.Status.DRAFT, period=period)
    assert report.why_unchangeable() is None
    PeriodClosure.objects.create(period=period, closed_by=city)
    assert PeriodClosure.is_closed(period.pk)
    assert report.why_unchangeable() == str(PERIOD_CLOSED)
