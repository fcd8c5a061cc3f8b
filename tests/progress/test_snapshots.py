"""PledgeLine.from_indicator and ReportValue.snapshot: the copies the services and the scale generator share."""

from decimal import Decimal

import pytest

from pledges import services
from pledges.models import PledgeLine, Target
from progress.models import ReportValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(world, city):
    return services.create_pledge(world.cluster_a, city)


def test_a_line_copies_the_indicator_as_it_stands(world, pledge):
    indicator = world.c2024.indicators.get(code="XH01")
    line = PledgeLine.from_indicator(pledge, indicator, 7)
    assert (line.pledge, line.position, line.indicator, line.code, line.name) == (
        pledge, 7, indicator, "XH01", "Tỷ lệ hộ nghèo")
    assert (line.direction, line.city_value, line.weight, line.allows_negative) == (
        "lower", Decimal("1234.5"), indicator.weight, indicator.allows_negative)
    assert line.pk is None


def test_a_value_snapshots_the_line_and_the_committed_target(world, pledge):
    line = pledge.lines.get(code="KT01")
    target = Target(pledge=pledge, line=line, unit=world.a1, status=Target.Status.SET, value=Decimal("9"))
    value = ReportValue.snapshot(target, line, actual=Decimal("4.5"))
    assert (value.target, value.line, value.indicator_id) == (target, line, line.indicator_id)
    assert (value.direction, value.weight, value.target_value, value.actual) == (
        line.direction, line.weight, Decimal("9"), Decimal("4.5"))
