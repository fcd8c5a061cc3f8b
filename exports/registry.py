"""The kinds of export: who may ask for each, how it is built, its file name and how big it is.

Every kind has a ``prepare(user, params)`` that applies the same access rules as the page the export comes from
(404 for an object the user does not see, 403 for an export the user may not have) and returns a
:class:`Prepared` export: normalised parameters (what an :class:`~exports.models.ExportJob` stores), a title,
a file name, a size estimate and a ``build`` function. The view calls ``prepare`` with the query string; the
background task calls it again with the stored parameters and the job's owner, so a queued export is rebuilt
from the same permission-scoped querysets as the page (and fails cleanly if the owner lost access meanwhile).

The PDF and Excel builders live in :mod:`exports.documents` and :mod:`exports.workbooks`; they are imported when an
export is built so that a machine without WeasyPrint's system libraries still serves every other page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import require_sees_everything
from campaigns.access import get_campaign_for_user
from common.xlsx import XLSX_CONTENT_TYPE
from groups.models import Group, Membership
from pledges.access import get_pledge_for_user
from pledges.models import Pledge
from progress.query import DashboardQuery
from progress.wording import kind_label

from . import filenames

PDF_CONTENT_TYPE = "application/pdf"
PDF, XLSX = filenames.PDF, filenames.XLSX
CONTENT_TYPES = {PDF: PDF_CONTENT_TYPE, XLSX: XLSX_CONTENT_TYPE}

# Exports whose estimate (member units) is above this run in the background; city_pledges_pdf always does.
DEFAULT_BACKGROUND_UNITS = 200

PercentDone = Callable[[int], None]  # a job's percentage, reported while a file is built


def background_units() -> int:
    return getattr(settings, "EXPORTS_BACKGROUND_UNITS", DEFAULT_BACKGROUND_UNITS)


@dataclass
class Prepared:
    """An export ready to be built: everything the view and the task need, access already checked."""

    kind: "ExportKind"
    params: dict
    title: str
    filename: str
    estimate: int
    builder: Callable[[PercentDone], bytes] = field(repr=False)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind.format]

    @property
    def in_background(self) -> bool:
        return self.kind.always_background or self.estimate > background_units()

    def build(self, percent_done: PercentDone | None = None) -> bytes:
        return self.builder(percent_done or (lambda percent: None))


@dataclass(frozen=True)
class ExportKind:
    name: str
    format: str
    label: str
    prepare: Callable[..., Prepared]
    # A quick role check for showing the button; ``prepare`` is the authority.
    allowed: Callable = lambda user: True
    always_background: bool = False

    @property
    def is_pdf(self) -> bool:
        return self.format == PDF


# --- parameters ----------------------------------------------------------------------------------------------


def _int(params, name, *, required=True) -> int | None:
    """An id or a year from the query string (or stored JSON); anything else is a page that does not exist."""
    value = params.get(name)
    if value in (None, ""):
        if required:
            raise Http404(_("Thiếu tham số “%(name)s”.") % {"name": name})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404(_("Tham số “%(name)s” không hợp lệ.") % {"name": name}) from None
    if number < 0:
        raise Http404
    return number


def _period(query, campaign, today):
    """The query's period among the plan's periods (404 otherwise, and for a ``?period=`` that is no id), else
    the dashboard's current one."""
    from progress import services

    if query.period_invalid:
        raise Http404(_("Tham số “%(name)s” không hợp lệ.") % {"name": "period"})
    period = query.pick_period(list(campaign.periods.all()), None)
    if period is None:
        period = services.current_period(campaign, today)
    if period is None:
        raise Http404(_("Kế hoạch chưa có kỳ báo cáo nào."))
    return period


def _city_groups(user, campaign, kind):
    """The same permission-scoped groups as the city dashboard."""
    groups = Group.objects.visible_to(user).filter(campaign=campaign)
    return groups if kind == "all" else groups.filter(kind=kind)


def _member_count(groups) -> int:
    return Membership.objects.filter(group__in=groups).count()


def _today():
    return timezone.localdate()


def _pdf():
    from . import documents

    return documents


def _workbooks():
    from . import workbooks

    return workbooks


# --- the kinds -------------------------------------------------------------------------------------------------


def prepare_plan_pdf(user, params) -> Prepared:
    campaign = get_campaign_for_user(user, _int(params, "year"))
    return Prepared(
        KINDS["plan_pdf"], {"year": campaign.year},
        _("Kế hoạch thi đua năm %(year)s (PDF)") % {"year": campaign.year},
        filenames.plan_filename(campaign, PDF), 1,
        lambda progress: _pdf().plan_pdf(campaign),
    )


def prepare_plan_xlsx(user, params) -> Prepared:
    campaign = get_campaign_for_user(user, _int(params, "year"))
    return Prepared(
        KINDS["plan_xlsx"], {"year": campaign.year},
        _("Kế hoạch thi đua năm %(year)s (Excel)") % {"year": campaign.year},
        filenames.plan_filename(campaign, XLSX), 1,
        lambda progress: _workbooks().plan_workbook(campaign),
    )


def _pledge(user, params) -> tuple[Pledge, int]:
    pledge = get_pledge_for_user(user, _int(params, "pledge"))
    return pledge, Membership.objects.filter(group_id=pledge.group_id).count()


def prepare_pledge_pdf(user, params) -> Prepared:
    pledge, members = _pledge(user, params)
    return Prepared(
        KINDS["pledge_pdf"], {"pledge": pledge.pk},
        _("Giao ước thi đua – %(group)s (PDF)") % {"group": pledge.group.name},
        filenames.pledge_filename(pledge, PDF), members,
        lambda progress: _pdf().pledge_pdf(pledge),
    )


def prepare_pledge_xlsx(user, params) -> Prepared:
    pledge, members = _pledge(user, params)
    return Prepared(
        KINDS["pledge_xlsx"], {"pledge": pledge.pk},
        _("Giao ước thi đua – %(group)s (Excel)") % {"group": pledge.group.name},
        filenames.pledge_filename(pledge, XLSX), members,
        lambda progress: _workbooks().pledge_workbook(pledge),
    )


def prepare_progress_pdf(user, params) -> Prepared:
    """The group dashboard's report: whoever sees the group (city staff, leaders, its members)."""
    group = get_object_or_404(Group.objects.visible_to(user).select_related("campaign"), pk=_int(params, "group"))
    today = _today()
    period = _period(DashboardQuery.parse(params), group.campaign, today)
    return Prepared(
        KINDS["progress_pdf"], {"group": group.pk, "period": period.pk},
        _("Báo cáo tiến độ kỳ %(period)s – %(group)s (PDF)") % {"period": period.name, "group": group.name},
        filenames.group_progress_filename(group, period, PDF), group.memberships.count(),
        lambda progress: _pdf().progress_pdf(group, period, today=_today()),
    )


def _city_progress(user, params):
    """Campaign, period, kind and groups of the city dashboard: city staff and leaders only (403 otherwise)."""
    campaign = get_campaign_for_user(user, _int(params, "year"))
    require_sees_everything(user)
    query = DashboardQuery.parse(params)
    period = _period(query, campaign, _today())
    groups = _city_groups(user, campaign, query.kind)
    return campaign, period, query, groups


def prepare_progress_xlsx(user, params) -> Prepared:
    campaign, period, query, groups = _city_progress(user, params)
    kind, sort = query.kind, query.sort
    return Prepared(
        KINDS["progress_xlsx"], {"year": campaign.year, "period": period.pk, "kind": kind, "sort": sort},
        _("Tiến độ thi đua năm %(year)s, kỳ %(period)s, %(kind)s (Excel)")
        % {"year": campaign.year, "period": period.name, "kind": kind_label(kind)},
        filenames.city_progress_filename(campaign, period, kind, XLSX), _member_count(groups),
        lambda progress: _workbooks().progress_workbook(campaign, period, groups, kind=kind, sort=sort,
                                                        today=_today()),
    )


def prepare_late_xlsx(user, params) -> Prepared:
    campaign, period, query, groups = _city_progress(user, params)
    kind = query.kind
    return Prepared(
        KINDS["late_xlsx"], {"year": campaign.year, "period": period.pk, "kind": kind},
        _("Đơn vị nộp báo cáo muộn năm %(year)s, kỳ %(period)s, %(kind)s (Excel)")
        % {"year": campaign.year, "period": period.name, "kind": kind_label(kind)},
        filenames.late_filename(period, kind, XLSX), _member_count(groups),
        lambda progress: _workbooks().late_workbook(period, groups, kind=kind, today=_today()),
    )


def prepare_results_pdf(user, params) -> Prepared:
    """The group's score summary: whoever the results page admits (``evaluation.access.require_results``)."""
    from evaluation.access import require_results
    from evaluation.models import Evaluation
    from groups.access import get_group_for_user, leader_unit_id

    group = get_group_for_user(user, _int(params, "group"))
    evaluation = get_object_or_404(Evaluation, group=group)
    evaluation.group = group
    require_results(user, evaluation, leader_unit_id(group))
    return Prepared(
        KINDS["results_pdf"], {"group": group.pk},
        _("Bảng tổng hợp kết quả chấm điểm – %(group)s (PDF)") % {"group": group.name},
        filenames.results_filename(group, PDF), group.memberships.count(),
        lambda progress: _pdf().results_pdf(group, evaluation, today=_today()),
    )


def prepare_sheet_pdf(user, params) -> Prepared:
    """One unit's score sheet: whoever finds the sheet page (``evaluation.access.get_sheet_for_user``, 404
    otherwise), built as the page shows it to that user (its :class:`~evaluation.access.SheetRights`)."""
    from evaluation.access import get_sheet_for_user

    sheet = get_sheet_for_user(user, _int(params, "sheet"))
    return Prepared(
        KINDS["sheet_pdf"], {"sheet": sheet.pk},
        _("Bảng chấm điểm – %(unit)s (PDF)") % {"unit": sheet.unit.name},
        filenames.sheet_filename(sheet, PDF), 1,
        lambda progress: _pdf().sheet_pdf(sheet, user, today=_today()),
    )


def prepare_evaluation_xlsx(user, params) -> Prepared:
    """Every group's results of the year, a sheet per group: city staff and leaders (the city overview's
    readers; 403 otherwise)."""
    from evaluation.models import Evaluation

    campaign = get_campaign_for_user(user, _int(params, "year"))
    require_sees_everything(user)
    members = Membership.objects.filter(group__in=Evaluation.objects.filter(group__campaign=campaign)
                                        .values("group_id")).count()
    return Prepared(
        KINDS["evaluation_xlsx"], {"year": campaign.year},
        _("Kết quả chấm điểm, xếp loại năm %(year)s (Excel)") % {"year": campaign.year},
        filenames.city_results_filename(campaign, XLSX), members,
        lambda progress: _workbooks().evaluation_workbook(campaign),
    )


def prepare_submission_pdf(user, params) -> Prepared:
    """A group's submission (tờ trình) of its year-end meeting's proposals to the board: whoever
    ``awards.access.get_meeting_for_submission`` admits (404 otherwise)."""
    from awards.access import get_meeting_for_submission

    meeting = get_meeting_for_submission(user, _int(params, "group"))
    group = meeting.group
    return Prepared(
        KINDS["submission_pdf"], {"group": group.pk},
        _("Tờ trình đề nghị khen thưởng – %(group)s (PDF)") % {"group": group.name},
        filenames.submission_filename(group, PDF), len(group.memberships.all()),
        lambda progress: _pdf().submission_pdf(meeting, today=_today()),
    )


def prepare_minutes_pdf(user, params) -> Prepared:
    """A group's year-end meeting minutes: whoever reads the meeting page (``awards.access``: a member's officer
    only once the minutes are final)."""
    from awards.access import get_meeting_group_for_user

    group, _rights = get_meeting_group_for_user(user, _int(params, "group"))
    return Prepared(
        KINDS["minutes_pdf"], {"group": group.pk},
        _("Biên bản hội nghị tổng kết – %(group)s (PDF)") % {"group": group.name},
        filenames.minutes_filename(group, PDF), group.memberships.count(),
        lambda progress: _pdf().minutes_pdf(group, today=_today()),
    )


# --- award proposals and the award decision's annex (awards.proposals): the city list's readers ------------------


def _awards_campaign(user, params):
    """The plan of the city's proposal list, for whoever reads that list (404 for anyone else, as the page)."""
    from awards.access import get_campaign_for_user as awards_campaign
    from awards.access import require_proposals_reader

    campaign = awards_campaign(user, _int(params, "year"))
    require_proposals_reader(user)
    return campaign


def prepare_proposals_xlsx(user, params) -> Prepared:
    from awards.models import Proposal

    campaign = _awards_campaign(user, params)
    return Prepared(
        KINDS["proposals_xlsx"], {"year": campaign.year},
        _("Đề nghị khen thưởng năm %(year)s (Excel)") % {"year": campaign.year},
        filenames.proposals_filename(campaign, XLSX), Proposal.objects.filter(campaign=campaign).count(),
        lambda progress: _workbooks().proposals_workbook(campaign),
    )


def prepare_awards_annex_pdf(user, params) -> Prepared:
    """``?year=2024`` (every approved proposal) or ``&number=12/QĐ-UBND`` (one decision's)."""
    from awards.models import Proposal

    campaign = _awards_campaign(user, params)
    number = " ".join(str(params.get("number") or "").split())
    approved = Proposal.objects.filter(campaign=campaign, decision=Proposal.Decision.APPROVED)
    return Prepared(
        KINDS["awards_annex_pdf"], {"year": campaign.year, **({"number": number} if number else {})},
        _("Danh sách khen thưởng năm %(year)s (PDF)") % {"year": campaign.year},
        filenames.awards_annex_filename(campaign, number, PDF),
        (approved.filter(decision_number=number) if number else approved).count(),
        lambda progress: _pdf().awards_annex_pdf(campaign, number),
    )


def city_pledges(user, campaign):
    """The current version of every visible group's pledge of the year, blocs then clusters, by name."""
    return list(
        Pledge.objects.visible_to(user).current().filter(campaign=campaign)
        .select_related("group", "campaign").order_by("group__kind", "group__name")
    )


def prepare_city_pledges_pdf(user, params) -> Prepared:
    """All pledges of the year in one PDF, one group after another (with a bookmark each): for city staff and
    leaders, always in the background."""
    campaign = get_campaign_for_user(user, _int(params, "year"))
    require_sees_everything(user)
    count = Pledge.objects.visible_to(user).current().filter(campaign=campaign).count()

    def build(percent_done):
        return concatenate_pledges(city_pledges(user, campaign), percent_done)

    return Prepared(
        KINDS["city_pledges_pdf"], {"year": campaign.year},
        _("Tất cả giao ước thi đua năm %(year)s (PDF)") % {"year": campaign.year},
        filenames.city_pledges_filename(campaign, PDF), count, build,
    )


def concatenate_pledges(pledges, percent_done: PercentDone) -> bytes:
    """Every pledge as :func:`exports.documents.pledge_pdf` prints it, one after another in one PDF document
    (:func:`exports.documents.pledges_pdf`: one font subset, a bookmark per group); the job's percentage moves
    from 5 to 95 as the pledges are laid out."""
    if not pledges:
        raise EmptyExport(_("Năm này chưa có giao ước thi đua nào để xuất."))
    title = _("Giao ước thi đua năm %(year)s") % {"year": pledges[0].campaign.year}
    return _pdf().pledges_pdf(pledges, title, lambda number: percent_done(5 + 90 * number // len(pledges)))


class EmptyExport(Exception):
    """Nothing to export; the message is for the user."""


def _sees_everything(user) -> bool:
    return user.sees_everything


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in [
        ExportKind("plan_pdf", PDF, gettext_lazy("PDF kế hoạch"), prepare_plan_pdf),
        ExportKind("plan_xlsx", XLSX, gettext_lazy("Excel kế hoạch"), prepare_plan_xlsx),
        ExportKind("pledge_pdf", PDF, gettext_lazy("PDF giao ước"), prepare_pledge_pdf),
        ExportKind("pledge_xlsx", XLSX, gettext_lazy("Excel giao ước"), prepare_pledge_xlsx),
        ExportKind("progress_pdf", PDF, gettext_lazy("PDF báo cáo tiến độ kỳ"), prepare_progress_pdf),
        ExportKind("progress_xlsx", XLSX, gettext_lazy("Excel tiến độ toàn thành phố"), prepare_progress_xlsx,
                   allowed=_sees_everything),
        ExportKind("late_xlsx", XLSX, gettext_lazy("Excel danh sách nộp muộn"), prepare_late_xlsx,
                   allowed=_sees_everything),
        ExportKind("results_pdf", PDF, gettext_lazy("PDF bảng tổng hợp kết quả chấm điểm"), prepare_results_pdf),
        ExportKind("sheet_pdf", PDF, gettext_lazy("PDF bảng chấm điểm"), prepare_sheet_pdf),
        ExportKind("evaluation_xlsx", XLSX, gettext_lazy("Excel kết quả chấm điểm"), prepare_evaluation_xlsx,
                   allowed=_sees_everything),
        ExportKind("submission_pdf", PDF, gettext_lazy("PDF tờ trình đề nghị khen thưởng"), prepare_submission_pdf),
        ExportKind("minutes_pdf", PDF, gettext_lazy("PDF biên bản hội nghị tổng kết"), prepare_minutes_pdf),
        ExportKind("proposals_xlsx", XLSX, gettext_lazy("Excel đề nghị khen thưởng"), prepare_proposals_xlsx,
                   allowed=_sees_everything),
        ExportKind("awards_annex_pdf", PDF, gettext_lazy("PDF danh sách kèm quyết định khen thưởng"),
                   prepare_awards_annex_pdf, allowed=_sees_everything),
        ExportKind("city_pledges_pdf", PDF, gettext_lazy("PDF tất cả giao ước"), prepare_city_pledges_pdf,
                   allowed=_sees_everything, always_background=True),
    ]
}


def get_kind(name) -> ExportKind:
    try:
        return KINDS[name]
    except KeyError:
        raise Http404 from None


def prepare(name, user, params) -> Prepared:
    """Access checked (Http404 / PermissionDenied), parameters normalised, nothing built yet."""
    return get_kind(name).prepare(user, params)

