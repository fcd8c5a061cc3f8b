"""Who sees which sheet and which points (the table in ``evaluation.access``), persona by persona.

Cluster A: a1 leader (``officer``), a2 deputy (``officer2``), a3 member (``officer3`` here); scorers by round
robin: a1's sheet is scored by a2, a2's by a3, a3's by a1. ``outsider`` is the leader of cluster B.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluation import rounds
from evaluation.access import SheetRights, get_sheet_for_user
from evaluation.models import ScoreSheet
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE, cluster_table, full_marks, sheet_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer3(world):
    return make_user("officer3", unit=world.a3)


@pytest.fixture
def ev(world, city, officer):
    cluster_table(world.c2024, city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    rounds.assign_scorers(evaluation, rounds.round_robin([world.a1.pk, world.a2.pk, world.a3.pk]), officer)
    return evaluation


def visible(user, evaluation) -> set:
    return set(ScoreSheet.objects.visible_to(user).filter(evaluation=evaluation).values_list("unit__code", flat=True))


def test_who_finds_which_sheet_before_publication(ev, city, viewer, officer, officer2, officer3, outsider, no_unit):
    everything = {"SKHDT", "STC", "SXD"}
    assert visible(city, ev) == visible(viewer, ev) == visible(officer, ev) == everything  # leader: its group
    assert visible(officer2, ev) == {"STC", "SKHDT"}  # its own, and a1's which it cross-scores
    assert visible(officer3, ev) == {"SXD", "STC"}  # its own, and a2's
    assert visible(outsider, ev) == visible(no_unit, ev) == visible(AnonymousUser(), ev) == set()


def test_another_units_sheet_is_not_found(ev, world, officer3):
    a1_sheet = sheet_of(ev, world.a1)
    with pytest.raises(Http404):
        get_sheet_for_user(officer3, a1_sheet.pk)
    assert get_sheet_for_user(officer3, sheet_of(ev, world.a2).pk).unit == world.a2


def test_after_publication_the_members_see_their_group_and_nobody_else_does(ev, world, city, officer3, outsider):
    for unit in (world.a1, world.a2, world.a3):
        full_marks(sheet_of(ev, unit))
        rounds.submit_self(sheet_of(ev, unit), None)
    for unit in (world.a1, world.a2, world.a3):
        full_marks(sheet_of(ev, unit), rounds.CROSS)
        rounds.submit_cross(sheet_of(ev, unit), None)
    rounds.publish_results(ev, city)
    assert visible(officer3, ev) == {"SKHDT", "STC", "SXD"}
    assert visible(outsider, ev) == set()
    rights = SheetRights.of(officer3, sheet_of(ev, world.a1))
    assert rights.sees_self and rights.sees_all_cross and not rights.lead and not rights.self_score


@pytest.fixture
def returned(ev, world, officer):
    """a2 self-scored and was cross-scored by a3 (2.1: 30 → 26); the leader returned 2.1 to a2."""
    sheet = sheet_of(ev, world.a2)
    full_marks(sheet)
    rounds.submit_self(sheet, None)
    full_marks(sheet, rounds.CROSS, **{"2.1": "26"})
    rounds.submit_cross(sheet, None)
    rounds.return_row(sheet, "2.1", "Minh chứng chưa đủ", officer)
    return sheet_of(ev, world.a2)


RIGHTS = ["sees_self", "sees_all_cross", "sees_own_cross", "self_score", "cross_score", "answer", "lead"]


@pytest.mark.parametrize(("persona", "expected"), [
    ("city", {"sees_self", "sees_all_cross", "lead"}),
    ("viewer", {"sees_self", "sees_all_cross"}),
    ("officer", {"sees_self", "sees_all_cross", "lead"}),  # the leader unit
    ("officer2", {"sees_self", "answer"}),  # its own sheet
    ("officer3", {"sees_self", "sees_own_cross"}),  # its scorer
    ("outsider", set()),
    ("no_unit", set()),
])
def test_rights_on_a_returned_sheet(returned, request, persona, expected):
    user = request.getfixturevalue(persona)
    rights = SheetRights.of(user, returned)
    assert {name for name in RIGHTS if getattr(rights, name)} == expected


def test_the_unit_reads_the_cross_score_of_a_returned_row_only(returned, officer2, officer3):
    entries = {entry.code: entry for entry in returned.entries.all()}
    own = SheetRights.of(officer2, returned)
    assert own.cross_visible(entries["2.1"]) and not own.cross_visible(entries["2.2"])
    scorer = SheetRights.of(officer3, returned)
    assert scorer.cross_visible(entries["2.1"]) and scorer.cross_visible(entries["2.2"])


def test_rights_follow_the_rounds(ev, world, officer2, officer3):
    sheet = sheet_of(ev, world.a2)
    assert SheetRights.of(officer2, sheet).self_score and not SheetRights.of(officer3, sheet).cross_score
    full_marks(sheet)
    rounds.submit_self(sheet, None)
    sheet = sheet_of(ev, world.a2)
    assert not SheetRights.of(officer2, sheet).self_score and SheetRights.of(officer3, sheet).cross_score
    with pytest.raises(PermissionDenied):
        SheetRights.of(officer2, sheet).require("cross_score")
