"""Who may see and do what in a group's evaluation. 404 for what a user may not see, 403 for what they may see
but not do.

The visibility rule users of other systems asked for first:

| Who | Sees |
| --- | --- |
| City staff, leaders (viewer) | everything |
| The group's leader unit | every sheet of its group, in every round |
| A member unit | its own self-score always; the points others gave it for a row once the leader has returned that row to it, and all of them once the results are published |
| The unit assigned to cross-score a sheet | that sheet's self-score and evidence, and its own cross-score — never another scorer's points |
| Anyone else | nothing of a sheet before publication; the group's results once published (members of the group) |
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_officer_of
from groups.access import is_leader_or_city

from .models import Evaluation, ScoreEntry, ScoreSheet, ScoringTable


def get_evaluation_for_user(user, pk) -> Evaluation:
    return get_object_or_404(Evaluation.objects.visible_to(user).select_related("group__campaign"), pk=pk)


def get_sheet_for_user(user, pk) -> ScoreSheet:
    return get_object_or_404(
        ScoreSheet.objects.visible_to(user).select_related("evaluation__group__campaign", "unit", "scorer", "table"),
        pk=pk,
    )


def can_lead(user, evaluation, leader_id=None) -> bool:
    """City staff and the group's leader unit run the evaluation: assign scorers, return rows, agree points."""
    return is_leader_or_city(user, evaluation.group_id, leader_id)


def require_lead(user, evaluation, leader_id=None) -> None:
    if not can_lead(user, evaluation, leader_id):
        raise PermissionDenied(_("Chỉ đơn vị trưởng cụm, khối và Ban Thi đua – Khen thưởng được thực hiện thao tác này."))


def require_publish(user) -> None:
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng thẩm định và công bố kết quả."))


@dataclass(frozen=True)
class SheetRights:
    """What ``user`` may see and do on one sheet; pages, partials, exports and jobs all read it."""

    sees_self: bool = False       # the self-score, its comments and evidence
    sees_all_cross: bool = False  # every row's cross-score and agreed points
    sees_own_cross: bool = False  # the cross-score this user's unit is entering (the scorer)
    self_score: bool = False      # enter and submit the self-score (its own unit, before submitting)
    cross_score: bool = False     # enter and submit the cross-score (the assigned scorer)
    answer: bool = False          # answer a returned row (its own unit)
    lead: bool = False            # return rows, record agreed points (leader or city)

    @classmethod
    def of(cls, user, sheet: ScoreSheet, *, leader_id=None) -> "SheetRights":
        evaluation = sheet.evaluation
        published, is_open = evaluation.is_published, evaluation.is_open
        own = is_officer_of(user, sheet.unit_id)
        scorer = sheet.scorer_id is not None and is_officer_of(user, sheet.scorer_id)
        lead = can_lead(user, evaluation, leader_id)
        sees_everything = user.sees_everything or lead
        return cls(
            sees_self=sees_everything or own or scorer or published,
            sees_all_cross=sees_everything or published,
            sees_own_cross=scorer,
            self_score=is_open and own and not sheet.self_submitted,
            cross_score=is_open and scorer and sheet.self_submitted and not sheet.cross_submitted,
            answer=is_open and own and sheet.cross_submitted,
            lead=is_open and lead,
        )

    def cross_visible(self, entry: ScoreEntry) -> bool:
        """Whether this user may read ``entry``'s cross-score (and agreed points): everyone who sees all of them,
        the scorer its own, and the unit a row the leader returned to it (a row agreed without being returned
        stays hidden from the unit until publication)."""
        if self.sees_all_cross or self.sees_own_cross:
            return True
        return self.answer and bool(entry.return_reason)

    def require(self, right: str) -> None:
        if not getattr(self, right):
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này trên phiếu chấm điểm."))


def get_table_for_user(user, pk) -> ScoringTable:
    """A scoring table, for city staff and leaders (officers read their rows on their sheets)."""
    if not user.sees_everything:
        raise Http404
    return get_object_or_404(ScoringTable.objects.select_related("campaign", "group", "previous"), pk=pk)


def require_results(user, evaluation, leader_id=None) -> None:
    """The results table: city staff, leaders and the group's leader unit at any time; the members once the
    results are published; for anyone else the page does not exist."""
    if user.sees_everything or can_lead(user, evaluation, leader_id) or evaluation.is_published:
        return
    raise Http404
