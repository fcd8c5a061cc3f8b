"""Three rules the pages showed were loose: a new scorer never inherits the old scorer's points, the unit sees
a cross-score only for a row returned to it, a cross-score being entered is no disagreement yet."""

from decimal import Decimal as D

import pytest

from evaluation import rounds
from evaluation.access import SheetRights
from evaluation.models import ScoreEntry
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE, cluster_table, full_marks, sheet_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(world, city, officer):
    cluster_table(world.c2024, city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    rounds.assign_scorers(evaluation, {world.a2.pk: world.a3.pk}, officer)
    full_marks(sheet_of(evaluation, world.a2))
    rounds.submit_self(sheet_of(evaluation, world.a2), None)
    return evaluation


def test_a_new_scorer_starts_from_a_blank_cross_score(ev, world, officer):
    sheet = sheet_of(ev, world.a2)
    full_marks(sheet, rounds.CROSS, **{"2.1": "21"})
    rounds.assign_scorers(ev, {world.a2.pk: world.a1.pk}, officer)
    cross = dict(ScoreEntry.objects.filter(sheet=sheet).values_list("code", "cross_points"))
    assert cross["2.1"] is None and cross["2.2"] is None
    assert cross["2.3"] is not None  # computed, nobody's points


def test_a_cross_score_being_entered_is_not_a_disagreement(ev, world):
    sheet = sheet_of(ev, world.a2)
    rounds.save_points(sheet, rounds.CROSS, "2.1", D(10), "", ScoreEntry.objects.get(sheet=sheet, code="2.1").version,
                       None)
    assert rounds.open_rows(ev) == []
    full_marks(sheet, rounds.CROSS, **{"2.1": "10"})
    rounds.submit_cross(sheet, None)
    assert [entry.code for _sheet, entry in rounds.open_rows(ev)] == ["2.1"]


def test_a_row_agreed_without_being_returned_stays_hidden_from_the_unit(ev, world, officer):
    sheet = sheet_of(ev, world.a2)
    full_marks(sheet, rounds.CROSS, **{"2.1": "10", "2.2": "5"})
    rounds.submit_cross(sheet, None)
    rounds.record_agreed(sheet, "2.1", D(20), officer)
    rounds.return_row(sheet, "2.2", "Thiếu minh chứng", officer)
    rights = SheetRights.of(make_user("officer_stc", unit=world.a2), sheet_of(ev, world.a2))
    entries = {entry.code: entry for entry in sheet.entries.all()}
    assert not rights.cross_visible(entries["2.1"]) and rights.cross_visible(entries["2.2"])
