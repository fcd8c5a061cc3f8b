"""services.save_targets: the grid's one cell and the one-member form share one all-or-nothing save path."""

from decimal import Decimal

import pytest

from pledges import services
from pledges.models import Target

pytestmark = pytest.mark.django_db


def number_lines(pledge):
    return [line for line in pledge.lines.order_by("code") if not line.is_done_kind][:2]


def test_all_cells_are_stored_when_none_conflicts(world, pledge, officer):
    first, second = number_lines(pledge)
    saves = [services.TargetSave(first, Target.Status.SET, Decimal("8.5"), 0),
             services.TargetSave(second, Target.Status.SET, Decimal("2"), 0)]
    assert services.save_targets(pledge, world.a1.pk, officer, saves)
    assert [s.target.value for s in saves] == [Decimal("8.5"), Decimal("2")]
    assert Target.objects.filter(pledge=pledge, unit=world.a1).count() == 2


def test_one_conflict_stores_none_and_hands_back_the_stored_target(world, pledge, officer, officer2):
    first, second = number_lines(pledge)
    services.save_target(pledge, second, world.a1.pk, officer2, status=Target.Status.SET, value=Decimal("7"),
                         expected_version=0)
    saves = [services.TargetSave(first, Target.Status.SET, Decimal("8.5"), 0),
             services.TargetSave(second, Target.Status.SET, Decimal("2"), 0)]  # loaded before officer2 saved
    assert not services.save_targets(pledge, world.a1.pk, officer, saves)
    assert [s.conflict for s in saves] == [False, True]
    assert saves[1].target.value == Decimal("7")
    assert not Target.objects.filter(line=first, unit=world.a1).exists()  # rolled back with the conflict
