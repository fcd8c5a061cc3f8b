"""Year-end meetings in their states, for the meeting tests: plain functions of a group, as the leader records
them through :mod:`awards.meetings`. Cluster A of the world: a1 leads (``officer``), a2 deputy (``officer2``), a3."""

import datetime
from decimal import Decimal

from django.utils import timezone

from awards import meetings
from awards.meetings import Presence
from awards.models import Meeting
from evaluation.models import Evaluation, ScoreSheet, ScoringTable
from groups.models import Membership
from tests.awards.states import draft_of
from tests.evaluation.test_rounds import cluster_table

HELD = datetime.datetime(2024, 12, 20, 8, 30)

DETAILS = {
    "place": "Hội trường Sở Kế hoạch và Đầu tư", "chair_name": "Nguyễn Văn Minh",
    "chair_position": "Giám đốc Sở Kế hoạch và Đầu tư", "secretary_name": "Lê Thị Hoa",
    "secretary_position": "Chuyên viên", "agenda": "Tổng kết phong trào thi đua năm 2024.\nBình xét khen thưởng.",
    "rotating_flag_note": "Bàn giao tại hội nghị",
}


def units_of(group):
    return [m.unit for m in Membership.objects.filter(group=group).in_display_order().select_related("unit")]


def version(group) -> int:
    meeting = Meeting.objects.filter(group=group).first()
    return meeting.version if meeting else 0


def publish(group, classes: dict, user=None):
    """A published evaluation of ``group``: ``classes`` = {unit: class}, ranked in that order."""
    table = ScoringTable.objects.filter(campaign=group.campaign).first() or cluster_table(group.campaign, user)
    evaluation = Evaluation.objects.create(group=group, self_deadline=datetime.date(2025, 1, 10),
                                           cross_deadline=datetime.date(2025, 1, 20),
                                           status=Evaluation.Status.PUBLISHED, published_at=timezone.now())
    for rank, (unit, grade) in enumerate(classes.items(), start=1):
        ScoreSheet.objects.create(evaluation=evaluation, unit=unit, table=table, final_total=Decimal(100 - rank),
                                  final_class=grade, final_rank=rank)
    return evaluation


def register(group, unit, titles=("Cờ thi đua của UBND thành phố", "Bằng khen của Chủ tịch UBND thành phố")):
    return draft_of(group.campaign, unit, titles=titles, people=())


def recorded(group, user=None, present=None, flag_to=None):
    """The meeting's details saved, with ``present`` units there (all members by default)."""
    units = units_of(group)
    present = units if present is None else present
    details = {**DETAILS, "held_at": timezone.make_aware(HELD), "rotating_flag_to_id": flag_to.pk if flag_to else None}
    return meetings.save_meeting(group, user, version=version(group), details=details, attendance={
        u.pk: Presence(u in present, f"Đại diện {u.code}" if u in present else "", "Phó Giám đốc") for u in units})


def ballot(group, question, counts, candidates, user=None, seats=None):
    """``counts`` = (issued, returned, valid); ``candidates`` = [(unit, votes)] or [(unit, votes, reason)]."""
    issued, returned, valid = counts
    rows = [(c[0].pk, c[1], c[2] if len(c) > 2 else "") for c in candidates]
    return meetings.save_ballot(group, user, version=version(group), question=question,
                                seats=seats or meetings.DEFAULT_SEATS[question], issued=issued, returned=returned,
                                valid=valid, candidates=rows)


def all_ballots(w, user=None):
    """Cluster A, all three present: a1 for the flag (3/3), a2 and a3 for Bằng khen, a2 next year's leader, a3
    its deputy. a1 is HTXS, a2 HTT, a3 HTXS; a1, a2, a3 registered the flag and Bằng khen."""
    group = w.cluster_a
    publish(group, {w.a1: "htxs", w.a3: "htxs", w.a2: "htt"})
    for unit in (w.a1, w.a2, w.a3):
        register(group, unit)
    recorded(group, user, flag_to=w.a3)
    ballot(group, "city_flag", (3, 3, 3), [(w.a1, 3), (w.a3, 0)], user)
    ballot(group, "merit", (3, 3, 3), [(w.a2, 3), (w.a3, 2)], user)
    ballot(group, "leader", (3, 3, 3), [(w.a2, 3)], user)
    ballot(group, "deputy", (3, 3, 2), [(w.a3, 2)], user)
    return group


def finalised(w, user=None):
    group = all_ballots(w, user)
    return meetings.finalise(group, user, version=version(group))
