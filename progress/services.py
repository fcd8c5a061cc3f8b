"""Workflows of a progress report: open it from the signed pledge, save values, submit, return, resubmit."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.numbers import format_number
from common.uploads import store_documents
from pledges.models import Pledge, Target, validate_line_value

from . import attainment as rules
from .models import (
    Evidence,
    GroupIndicatorTotal,
    PeriodClosure,
    Report,
    ReportEvent,
    ReportValue,
    ensure_period_open,
)


def signed_pledge_for(unit_id: int, campaign_id: int) -> Pledge | None:
    """The latest signed version of the pledge of the unit's group this year: what the unit reports against."""
    return (
        Pledge.objects.filter(campaign_id=campaign_id, group__memberships__unit_id=unit_id)
        .select_related("group").latest_signed()
    )


def new_report(period, unit_id: int) -> tuple[Report, list[ReportValue]]:
    """The unit's report for the period as it would be opened, **in memory**: a draft and one value per
    committed target, nothing stored (a page may show it; :func:`open_report` stores it on the first save)."""
    ensure_period_open(period.pk)
    pledge = signed_pledge_for(unit_id, period.campaign_id)
    if pledge is None:
        raise ValidationError(_("Đơn vị chưa có giao ước thi đua đã ký kết nên chưa thể báo cáo."))
    report = Report(period=period, unit_id=unit_id, pledge=pledge, group_id=pledge.group_id,
                    campaign_id=period.campaign_id)
    targets = (Target.objects.filter(pledge=pledge, unit_id=unit_id, status=Target.Status.SET)
               .select_related("line").order_by("line__position", "line_id"))
    values = [ReportValue.snapshot(t, t.line, report=report) for t in targets]
    return report, values


@transaction.atomic
def open_report(period, unit_id: int, user) -> Report:
    """The unit's report for the period, created (as a draft with one value per committed target) if needed.
    Called by a save, never by a page view: opening a page stores nothing."""
    report = Report.objects.filter(period=period, unit_id=unit_id).first()
    if report:
        return report
    report, values = new_report(period, unit_id)
    report.save()
    ReportValue.objects.bulk_create(values)
    ReportEvent.objects.create(report=report, to_status=Report.Status.DRAFT, user=user)
    return report


@dataclass
class Entry:
    """What was typed for one value: the actual (numbers) or done (done/not-done lines), and a note."""

    actual: Decimal | None = None
    done: bool | None = None
    note: str = ""
    confirmed: bool = False     # the officer confirmed an implausible actual (see attainment.is_implausible)


def check_entry(value: ReportValue, entry: Entry) -> None:
    """An actual obeys the rule of its pledge line (the signed line, frozen with its ``allows_negative``)."""
    if value.direction != ReportValue.Direction.DONE:
        validate_line_value(entry.actual, allows_negative=value.line.allows_negative, code=value.line.code)


def is_implausible(value: ReportValue, entry: Entry) -> bool:
    return rules.is_implausible(value.direction, value.line.measure_unit, value.target_value, entry.actual)


def check_plausible(value: ReportValue, entry: Entry) -> None:
    """An implausible actual is stored only once the officer confirms it."""
    if is_implausible(value, entry) and not entry.confirmed:
        raise ValidationError(
            _("Chỉ tiêu “%(code)s – %(name)s”: giá trị %(actual)s bất thường (%(why)s). Hãy kiểm tra lại; nếu "
              "đúng, đánh dấu “Xác nhận giá trị” rồi lưu.")
            % {"code": value.line.code, "name": value.line.name, "actual": format_number(entry.actual),
               "why": implausible_reason(value)},
            code="implausible")


def implausible_reason(value: ReportValue) -> str:
    if rules.is_share(value.line.measure_unit):
        return _("tỷ lệ trên 100 %")
    return _("hơn %(n)s lần giá trị cam kết") % {"n": format_number(rules.IMPLAUSIBLE_FACTOR)}


def _lock(report: Report, expected_revision: int | None = None) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    ensure_period_open(locked.period_id)
    if expected_revision is not None and locked.revision != expected_revision:
        raise ValidationError(
            _("Báo cáo vừa được người khác sửa sau khi bạn mở trang. Hãy tải lại trang để xem số liệu mới nhất."),
            code="conflict",
        )
    return locked


@transaction.atomic
def save_values(report: Report, entries: dict[int, Entry], user, expected_revision: int | None = None) -> Report:
    """Store the typed values (by ReportValue id) of an editable report, all or nothing, with their attainment."""
    report = _lock(report, expected_revision)
    reason = report.why_unchangeable(closed=False)  # _lock checked the period
    if reason:
        raise ValidationError(reason)
    values = list(report.values.select_related("line"))
    errors = []
    for value in values:
        entry = entries.get(value.pk)
        if entry is None:
            continue
        try:
            check_entry(value, entry)
            check_plausible(value, entry)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        value.actual = entry.actual if value.direction != ReportValue.Direction.DONE else None
        value.done = entry.done if value.direction == ReportValue.Direction.DONE else None
        value.note = entry.note.strip()[:500]
        value.attainment = rules.attainment(value.direction, value.target_value, value.actual, value.done)
        value.confirmed = is_implausible(value, entry)
    if errors:
        raise ValidationError(errors)
    ReportValue.objects.bulk_update(values, ["actual", "done", "note", "attainment", "confirmed"])
    report.attainment, report.attainment_uncapped = rules.weighted_averages((v.attainment, v.weight) for v in values)
    report.revision += 1
    report.save(update_fields=["attainment", "attainment_uncapped", "revision", "updated_at"])
    return report


def _move(report: Report, to_status: str, user, comment: str = "") -> None:
    """Record the move; the caller saves the report, then :func:`_recount` (in the same transaction)."""
    ReportEvent.objects.create(report=report, from_status=report.status, to_status=to_status, user=user,
                               comment=comment)
    report.status = to_status
    report.revision += 1


def _recount(report: Report) -> None:
    """The report entered or left "submitted": its group's per-indicator totals at the period follow."""
    GroupIndicatorTotal.objects.refresh(report.period_id, [report.group_id])


@transaction.atomic
def submit(report: Report, user) -> Report:
    """Draft or returned → submitted, when every value is filled in."""
    report = _lock(report)
    if not report.is_editable:
        raise ValidationError(_("Báo cáo đã được nộp."))
    missing = [v.line.code for v in report.values.select_related("line") if not v.is_filled]
    if missing:
        raise ValidationError(_("Chưa nhập số liệu thực hiện của: %(codes)s.") % {"codes": ", ".join(missing)})
    _move(report, Report.Status.SUBMITTED, user)
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.save()
    _recount(report)
    return report


@transaction.atomic
def save_and_submit(report: Report, entries: dict[int, Entry], user, expected_revision: int | None = None) -> Report:
    """Save the typed values and submit, in one transaction: if the report cannot be submitted (a value is
    still empty), nothing typed is saved either."""
    report = save_values(report, entries, user, expected_revision)
    return submit(report, user)


@transaction.atomic
def save_page(period, unit_id: int, user, typed: dict[int, Entry], expected_revision: int, *,
              submitting: bool = False, files=()) -> Report:
    """What the report page's form saves, in one transaction: the report (stored now if this is its first
    save), the values typed (``typed`` by committed target id), the evidence ``files`` sent with them (already
    validated) and, last, the submission (which freezes the report). A refusal stores nothing, not even the
    new report nor the files."""
    report = open_report(period, unit_id, user)
    entries = {pk: typed.get(target_id) for pk, target_id in report.values.values_list("pk", "target_id")}
    report = save_values(report, entries, user, expected_revision)
    created = add_evidence(report, files, user) if files else []
    if not submitting:
        return report
    try:
        return submit(report, user)
    except ValidationError:
        for evidence in created:
            evidence.file.storage.delete(evidence.file.name)
        raise


def is_late(report: Report | None, period, today=None) -> bool:
    """The unit's report is late from the day after the deadline while it is not submitted (as in
    :func:`late_units`)."""
    today = today or timezone.localdate()
    return today > period.deadline and (report is None or report.status != Report.Status.SUBMITTED)


def _lock_editable(report: Report) -> Report:
    report = _lock(report)
    reason = report.why_unchangeable(closed=False)  # _lock checked the period
    if reason:
        raise ValidationError(reason)
    return report


@transaction.atomic
def add_evidence(report: Report, files, user) -> list[Evidence]:
    """Attach already validated documents (see :func:`common.uploads.validate_document`) to an editable
    report of an open period. All or nothing: on a failure the files already stored are removed again."""
    report = _lock_editable(report)
    return store_documents(files, lambda upload: Evidence(report=report, original_name=upload.name[:255],
                                                          size=upload.size, uploaded_by=user))


@transaction.atomic
def delete_evidence(evidence: Evidence, user) -> None:
    """Remove a document from an editable report of an open period; the file goes once the row is gone."""
    _lock_editable(evidence.report)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def return_report(report: Report, user, comment: str) -> Report:
    """Submitted → returned, with the reason the officer must correct."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Hãy ghi lý do trả lại báo cáo."))
    report = _lock(report)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại báo cáo đã nộp."))
    _move(report, Report.Status.RETURNED, user, comment)
    report.return_comment = comment
    report.save()
    _recount(report)
    return report


@transaction.atomic
def close_period(period, user) -> PeriodClosure:
    closure, _created = PeriodClosure.objects.get_or_create(period=period, defaults={"closed_by": user})
    return closure


def late_units(period, today=None) -> list:
    """Members of the period's groups with a signed pledge whose report is not submitted, from the day after
    the deadline (the deadline day itself is still on time). Two queries whatever the size of the city."""
    from groups.models import Membership

    today = today or timezone.localdate()
    if today <= period.deadline:
        return []
    signed_groups = Pledge.objects.signed().filter(campaign_id=period.campaign_id).values("group_id")
    submitted = Report.objects.filter(period=period, status=Report.Status.SUBMITTED).values("unit_id")
    return list(
        Membership.objects.filter(group_id__in=signed_groups).exclude(unit_id__in=submitted)
        .select_related("unit", "group").order_by("group__name", "unit__name")
    )


def current_period(campaign, today=None):
    """The period a dashboard opens on: the latest one that has ended, else the first. Once the plan's year is
    over, the latest period with a submitted report (a past year opens on its data, not on a period nobody
    reported), else the same rule."""
    today = today or timezone.localdate()
    periods = list(campaign.periods.all())
    if today.year > campaign.year:
        reported = set(Report.objects.filter(campaign=campaign, status=Report.Status.SUBMITTED)
                       .order_by().values_list("period_id", flat=True).distinct())
        with_reports = [p for p in periods if p.pk in reported]
        if with_reports:
            return with_reports[-1]
    ended = [p for p in periods if p.end_date <= today]
    return ended[-1] if ended else (periods[0] if periods else None)


@dataclass
class ReportingAttention:
    """What city staff should act on in a plan's reporting: the late units of the latest ended period and the
    periods whose deadline has passed but that are not closed yet."""

    period: object
    late: list
    to_close: list

    @property
    def is_empty(self) -> bool:
        return not self.late and not self.to_close


def reporting_attention(campaign, today=None) -> ReportingAttention:
    """Four queries whatever the size of the city (see :func:`late_units`)."""
    today = today or timezone.localdate()
    periods = list(campaign.periods.all())
    closed = set(PeriodClosure.objects.filter(period__campaign=campaign).values_list("period_id", flat=True))
    period = current_period(campaign, today)
    late = late_units(period, today) if period is not None and period.pk not in closed else []
    to_close = [p for p in periods if today > p.deadline and p.pk not in closed]
    return ReportingAttention(period, late, to_close)
