"""States of cluster A's evaluation for the page tests, built from the world (a1 leader = ``officer``, a2 deputy =
``officer2``, a3 member; round robin: a1's sheet scored by a2, a2's by a3, a3's by a1)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import rounds
from evaluation.models import ScoreSheet, ScoringTable
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE, cluster_table, full_marks, sheet_of

PDF = b"%PDF-1.4 minh chung"


def with_table(w) -> ScoringTable:
    return ScoringTable.objects.filter(campaign=w.c2024, status="published").first() or cluster_table(w.c2024, None)


def opened(w):
    with_table(w)
    return rounds.open_evaluation(w.cluster_a, None, SELF_DEADLINE, CROSS_DEADLINE)


def assigned(w):
    evaluation = opened(w)
    rounds.assign_scorers(evaluation, rounds.round_robin([w.a1.pk, w.a2.pk, w.a3.pk]), None)
    return evaluation


def self_done(w, today=datetime.date(2025, 1, 5)):
    evaluation = assigned(w)
    for unit in (w.a1, w.a2, w.a3):
        full_marks(sheet_of(evaluation, unit))
        rounds.submit_self(sheet_of(evaluation, unit), None, today=today)
    return evaluation


def both_rounds(w, cross_21="26"):
    """Every sheet scored in both rounds; a2's 2.1 cross-scored ``cross_21`` (26: 4 apart, flagged)."""
    evaluation = self_done(w)
    for unit in (w.a1, w.a2, w.a3):
        full_marks(sheet_of(evaluation, unit), rounds.CROSS, **({"2.1": cross_21} if unit == w.a2 else {}))
        rounds.submit_cross(sheet_of(evaluation, unit), None)
    return evaluation


def returned(w):
    evaluation = both_rounds(w)
    rounds.return_row(sheet_of(evaluation, w.a2), "2.1", "Minh chứng chưa đủ", None)
    return evaluation


def answered(w):
    evaluation = returned(w)
    rounds.answer_row(sheet_of(evaluation, w.a2), "2.1", False, "Bổ sung quyết định", None)
    return evaluation


def published(w):
    evaluation = answered(w)
    rounds.record_agreed(sheet_of(evaluation, w.a2), "2.1", 28, None)
    return rounds.publish_results(evaluation, None)


def sheet(evaluation, unit) -> ScoreSheet:
    return sheet_of(evaluation, unit)


def with_evidence(w, unit):
    """An open evaluation with a PDF on ``unit``'s row 2.1; returns (sheet, evidence)."""
    evaluation = assigned(w)
    sheet_ = sheet_of(evaluation, unit)
    (evidence,) = rounds.add_evidence(sheet_, "2.1", [SimpleUploadedFile("quyet-dinh.pdf", PDF)], None)
    return sheet_, evidence
