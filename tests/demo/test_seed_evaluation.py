"""The demo's evaluation: every state of the rounds is there to look at after ``seed_demo``."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo import seed_evaluation as demo
from evaluation.models import Evaluation, ScoreEntry, ScoringTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", force=True, stdout=StringIO())


def test_both_tables_are_published_and_keep_every_rule(seeded):
    tables = ScoringTable.objects.filter(campaign__year=2024)
    assert sorted(tables.values_list("group_kind", "status")) == [("bloc", "published"), ("cluster", "published")]
    for table in tables:
        assert table.problems() == []
        assert table.criteria.exclude(source="manual").exists()


def test_the_bloc_went_through_every_round_to_published_results(seeded):
    evaluation = Evaluation.objects.get(group__name=demo.BLOC_NAME)
    assert evaluation.is_published and evaluation.published_at.date().isoformat() == "2024-12-28"
    sheets = {s.unit.code: s for s in evaluation.sheets.select_related("unit")}
    assert sorted(s.final_rank for s in sheets.values()) == list(range(1, 9))
    # One unit held back by a criterion's floor, one late self-score, one reconciled disagreement.
    assert (sheets["SDL"].final_class, sheets["SDL"].held_back_by) == ("htt", "3.1")
    assert sheets[demo.LATE_SELF].self_submitted_at.date() > evaluation.self_deadline
    unit, code, cross, agreed = demo.DISAGREEMENT
    entry = ScoreEntry.objects.get(sheet=sheets[unit], code=code)
    assert (entry.cross_points, entry.agreed_points, entry.reconciliation) == (cross, agreed, "agreed")
    assert entry.answer == demo.DISAGREEMENT_ANSWER
    assert list(evaluation.events.filter(sheet=sheets[unit], code=code).values_list("action", flat=True)) == [
        "self_points", "cross_points", "returned", "answered", "agreed"]


def test_the_officers_cluster_is_mid_way(seeded):
    evaluation = Evaluation.objects.get(group__name=demo.CLUSTER_NAME)
    assert evaluation.is_open
    states = dict(evaluation.sheets.values_list("unit__code", "self_status"))
    assert states == {"Q-ST": "submitted", "Q-NHS": "submitted", "Q-LC": "draft", "Q-TK": "draft"}
