"""Who may see and do what with progress reports. 404 for what a user may not see, 403 for what they may not do."""

from dataclasses import dataclass
from functools import cached_property

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


# --- what a dashboard lets the user do ----------------------------------------------------------------------


class DashboardRights:
    """What the user may do on a progress dashboard (the city's, a group's or a unit's), read by its template
    instead of re-checking roles or the user's unit. Each property is decided when the template first asks, so
    a rule that needs a query (``review``) costs it only on a page that shows its control."""

    def __init__(self, user, *, group=None, unit=None):
        self.user, self.group, self.unit = user, group, unit

    @cached_property
    def sees_city(self) -> bool:
        """The city dashboard (``accounts.access.require_sees_everything``)."""
        return self.user.sees_everything

    @cached_property
    def close_period(self) -> bool:
        """Close the period under review (``progress.views.period_close``: city staff)."""
        return self.user.is_city_staff

    @cached_property
    def links_plan_periods(self) -> bool:
        """City staff, who add the plan's reporting periods, are sent to them when there is none."""
        return self.user.is_city_staff

    @cached_property
    def review(self) -> bool:
        """Return the group's submitted reports (:func:`can_review`)."""
        return self.group is not None and can_review(self.user, self.group.pk)

    @cached_property
    def links_unit(self) -> bool:
        """The unit's own page: for those who see every unit, and for the unit's officers."""
        return self.unit is not None and (self.user.sees_everything or is_officer_of(self.user, self.unit.pk))


@dataclass(frozen=True)
class ReportRights:
    """What the user may do on a unit's report page, decided once by the view from the rules above; the
    template reads it instead of re-checking roles or statuses. The views that act check again (``require_*``)."""

    own: bool = False  # the report of the user's own unit (its officer reports; others read)
    edit: bool = False  # fill in, save, submit and attach evidence: own unit, a changeable report, period open
    review: bool = False  # return a submitted report: the group's leader or city staff, period open
    close_period: bool = False  # close the period (city staff, while it is open)
    audit: bool = False  # the detailed change history (city staff)

    @classmethod
    def of(cls, user, report, unit_id, *, closed: bool) -> "ReportRights":
        own = is_officer_of(user, unit_id)
        return cls(
            own=own,
            edit=own and report is not None and report.why_unchangeable(closed=closed) is None,
            review=(report is not None and report.is_submitted and not closed
                    and can_review(user, report.group_id)),
            close_period=user.is_city_staff and not closed,
            audit=user.is_city_staff,
        )
