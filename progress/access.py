"""Who may see and do what with progress reports. 404 for what a user may not see, 403 for what they may not do."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_officer_of
from groups.access import is_leader_or_city
from groups.models import Membership

from .models import PERIOD_CLOSED, PeriodClosure, Report


def can_review(user, group_id) -> bool:
    """City staff and the officers of the group's leader unit return submitted reports."""
    return is_leader_or_city(user, group_id)


def require_review(user, group_id) -> None:
    if not can_review(user, group_id):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng và đơn vị trưởng cụm, khối được trả lại báo cáo."))


def require_own_unit(user, unit_id) -> None:
    """Officers report only for their own unit; nobody else (not even city staff) fills a unit's report."""
    if not is_officer_of(user, unit_id):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được nhập báo cáo của đơn vị mình."))


# --- finding what a user may see (404 otherwise) ------------------------------------------------------------


def get_period_for_user(user, pk):
    """A reporting period of a plan the user may see."""
    from campaigns.models import Campaign, ReportingPeriod

    return get_object_or_404(
        ReportingPeriod.objects.filter(campaign__in=Campaign.objects.visible_to(user)).select_related("campaign"),
        pk=pk,
    )


def get_member_for_user(user, period, unit_pk) -> Membership:
    """The unit's place in a group of the period's plan, if the user may see that group (else 404): city
    staff and leaders see every group, an officer the group of their own unit."""
    from groups.models import Group

    return get_object_or_404(
        Membership.objects.filter(campaign_id=period.campaign_id, group__in=Group.objects.visible_to(user))
        .select_related("unit", "group"),
        unit_id=unit_pk,
    )


def get_report_for_user(user, pk) -> Report:
    """A report of a group the user may see (city staff and leaders: all; an officer: their own group's)."""
    return get_object_or_404(
        Report.objects.visible_to(user).select_related("period__campaign", "unit", "group", "submitted_by"), pk=pk
    )


# --- what a user may do (403 otherwise) ---------------------------------------------------------------------


def require_changeable(report: Report, closed: bool | None = None) -> None:
    """403 unless the report may change (:meth:`Report.why_unchangeable`: the period is open, the report not
    submitted)."""
    reason = report.why_unchangeable(closed=closed)
    if reason:
        raise PermissionDenied(reason)


def require_open_period(period_id) -> None:
    if PeriodClosure.is_closed(period_id):
        raise PermissionDenied(str(PERIOD_CLOSED))
