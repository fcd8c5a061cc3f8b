"""Purging a year (``seed_demo --reset``, ``generate_scale_data --replace``) takes its evaluation with it."""

import pytest

from campaigns.models import Campaign
from demo.purge import purge_campaign
from evaluation import rounds, services
from evaluation.models import Criterion, Evaluation, ScoreEntry, ScoreEvent, ScoreSheet, ScoringTable
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE, cluster_table, full_marks, sheet_of
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_year_with_published_tables_and_scored_sheets_is_purged(world, city):
    table = cluster_table(world.c2024, city)
    services.publish(services.new_version(table, "Sửa"), city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    full_marks(sheet_of(evaluation, world.a1))
    purge_campaign(world.c2024)
    assert not Campaign.objects.filter(year=2024).exists()
    for model in (ScoringTable, Criterion, Evaluation, ScoreSheet, ScoreEntry, ScoreEvent):
        assert not model.objects.exists(), model
    assert Unit.objects.filter(pk=world.a1.pk).exists()
