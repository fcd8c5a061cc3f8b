"""The city progress workbook reads its group sheets in chunks: its query count does not grow with the number
of groups (issue 14), and every group still gets its sheet."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exports import workbooks
from groups.models import Group
from progress import dashboards
from tests.factories import make_population

pytestmark = pytest.mark.django_db


def _queries_and_sheets(size, year):
    population = make_population(size, year)
    period = population.campaign.periods.order_by("end_date").first()
    with CaptureQueriesContext(connection) as queries:
        data = workbooks.progress_workbook(population.campaign, period, Group.objects.filter(
            campaign=population.campaign), today=timezone.localdate())
    return len(queries.captured_queries), len(openpyxl.load_workbook(io.BytesIO(data)).sheetnames), population


def test_the_workbook_reads_the_same_queries_for_2_and_8_groups():
    small, small_sheets, _ = _queries_and_sheets(10, 2030)
    large, large_sheets, population = _queries_and_sheets(40, 2032)
    assert len(population.groups) == 8
    assert large_sheets - small_sheets == 6  # a sheet per group
    assert large == small


def test_the_chunks_give_each_group_its_own_dashboard(monkeypatch):
    population = make_population(15, 2034)
    period = population.campaign.periods.order_by("end_date").first()
    today = timezone.localdate()
    monkeypatch.setattr(dashboards, "DASHBOARD_CHUNK", 2)
    batched = list(dashboards.group_dashboards(population.groups, period, today=today))
    assert [d.group for d in batched] == population.groups
    for one, group in zip(batched, population.groups, strict=True):
        alone = dashboards.group_dashboard(group, period, today=today)
        assert [r.membership.unit_id for r in one.rows] == [r.membership.unit_id for r in alone.rows]
        assert (one.pledge, one.lines, one.average) == (alone.pledge, alone.lines, alone.average)
