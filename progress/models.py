"""Periodic progress reports (báo cáo tiến độ): each member unit reports, each period, its actual values against
its signed pledge.

A report moves draft → submitted; city staff or the group's leader may return it with a comment (returned),
the officer corrects it and submits again. Every move is a :class:`ReportEvent`. A period closed by city staff
(:class:`PeriodClosure`) freezes its reports.

The attainment of each value (see :mod:`progress.attainment`) is computed when the value is saved and stored
(uncapped), with the unit's weighted average on the report (capped: each target counts at most 100 %; the
uncapped average beside it for ranking), so the dashboards aggregate in the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Least
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Indicator
from common.models import UploadedDocument

from .attainment import AVERAGE_CAP

PERIOD_CLOSED = _("Kỳ báo cáo đã khóa sổ, không thể thay đổi báo cáo.")
REPORT_SUBMITTED = _("Báo cáo đã nộp; chỉ sửa được khi bị trả lại.")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders see every report; an officer the reports of their own group's members."""
        from accounts.access import visible_scope
        from groups.models import Group

        return visible_scope(self, user, lambda reports: reports.filter(group__in=Group.objects.visible_to(user)))


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")

    period = models.ForeignKey(
        "campaigns.ReportingPeriod", verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    pledge = models.ForeignKey(
        "pledges.Pledge", verbose_name=_("theo giao ước"), on_delete=models.PROTECT, related_name="reports"
    )
    # Denormalised from the pledge so the dashboards filter and group without joins.
    group = models.ForeignKey("groups.Group", verbose_name=_("cụm, khối"), on_delete=models.PROTECT,
                              related_name="reports")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                                 related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    attainment = models.DecimalField(
        _("mức đạt trung bình (%)"), max_digits=9, decimal_places=2, null=True, blank=True,
        help_text=_("Trung bình có trọng số, mỗi chỉ tiêu tính tối đa 100 %: dùng cho mọi trung bình và đánh giá."),
    )
    attainment_uncapped = models.DecimalField(
        _("mức đạt trung bình chưa giới hạn (%)"), max_digits=9, decimal_places=2, null=True, blank=True,
        help_text=_("Trung bình có trọng số, không giới hạn 100 %: chỉ dùng để xếp hạng."),
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=1)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    return_comment = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["period", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="report_one_per_unit_and_period",
                                    violation_error_message=_("Đơn vị đã có báo cáo kỳ này.")),
            models.CheckConstraint(condition=Q(status="draft") | Q(submitted_at__isnull=False),
                                   name="report_submitted_has_time"),
        ]
        indexes = [models.Index(fields=["period", "group", "status"])]

    def __str__(self):
        return f"{self.unit} – {self.period}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_editable(self) -> bool:
        """The officer edits a draft or a returned report; a submitted one only after it is returned."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def why_unchangeable(self, *, closed: bool | None = None) -> str | None:
        """The one rule for changing a report (values, evidence, submitting): reports of a closed period never
        change; a submitted report changes only after it is returned. None when it may change, else the reason.
        ``closed`` (whether the period is closed) saves the query when the caller knows it."""
        if closed is None:
            closed = PeriodClosure.is_closed(self.period_id)
        if closed:
            return str(PERIOD_CLOSED)
        if not self.is_editable:
            return str(REPORT_SUBMITTED)
        return None


class ReportValue(models.Model):
    """The actual value of one pledge target at a period, with a note, and its attainment."""

    Direction = Indicator.Direction

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey("pledges.Target", verbose_name=_("chỉ tiêu cam kết"), on_delete=models.PROTECT,
                               related_name="report_values")
    line = models.ForeignKey("pledges.PledgeLine", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT,
                             related_name="+")
    indicator = models.ForeignKey("campaigns.Indicator", verbose_name=_("chỉ tiêu của kế hoạch"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="report_values")
    direction = models.CharField(_("chiều đánh giá"), max_length=10, choices=Indicator.Direction.choices)
    target_value = models.DecimalField(_("giá trị cam kết"), max_digits=18, decimal_places=4, null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    actual = models.DecimalField(_("thực hiện"), max_digits=18, decimal_places=4, null=True, blank=True)
    done = models.BooleanField(_("đã hoàn thành"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    attainment = models.DecimalField(_("mức đạt (%)"), max_digits=9, decimal_places=2, null=True, blank=True)
    confirmed = models.BooleanField(
        _("đã xác nhận giá trị bất thường"), default=False,
        help_text=_("Người nhập đã xác nhận một giá trị vượt xa mức hợp lý (xem progress.attainment.is_implausible)."),
    )

    class Meta:
        verbose_name = _("số liệu thực hiện")
        verbose_name_plural = _("số liệu thực hiện")
        ordering = ["report", "line__position", "line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="report_value_once_per_target"),
            models.CheckConstraint(condition=Q(direction="done") | Q(done__isnull=True),
                                   name="report_value_done_only_for_done_lines"),
        ]
        indexes = [models.Index(fields=["indicator", "attainment"])]

    def __str__(self):
        return f"{self.line_id}: {self.actual}"

    @classmethod
    def snapshot(cls, target, line, **fields) -> "ReportValue":
        """A value (not saved) for one committed ``target`` of ``line``, taking the pledge as it stood: its
        direction, weight, indicator and committed value are copied, so an amendment signed later does not change
        a report already made. ``fields``: the report and what was reported (actual, done, note, attainment).
        Used by :func:`progress.services.new_report` and the scale generator."""
        return cls(target=target, line=line, indicator_id=line.indicator_id, direction=line.direction,
                   target_value=target.value, weight=line.weight, **fields)

    @property
    def is_filled(self) -> bool:
        return self.done is not None if self.direction == self.Direction.DONE else self.actual is not None


def evidence_upload_to(instance, filename):
    return f"reports/{instance.report_id}/{filename}"


class Evidence(UploadedDocument):
    """A supporting document (PDF or image) attached to a report."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "uploaded_at"]

    def storage_path(self, filename) -> str:
        return evidence_upload_to(self, filename)


class ReportEvent(models.Model):
    """A move of a report between statuses: who, when, and the comment when it was returned."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ"), max_length=10, choices=Report.Status.choices, blank=True)
    to_status = models.CharField(_("sang"), max_length=10, choices=Report.Status.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}".strip()


class PeriodClosure(models.Model):
    """City staff close a period after its review (khóa sổ): its reports can no longer change."""

    period = models.OneToOneField("campaigns.ReportingPeriod", verbose_name=_("kỳ báo cáo"),
                                  on_delete=models.CASCADE, related_name="closure")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("khóa lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khóa kỳ báo cáo")
        verbose_name_plural = _("khóa kỳ báo cáo")

    def __str__(self):
        return str(self.period)

    @classmethod
    def is_closed(cls, period_id) -> bool:
        return cls.objects.filter(period_id=period_id).exists()


def ensure_period_open(period_id) -> None:
    if PeriodClosure.is_closed(period_id):
        raise ValidationError(str(PERIOD_CLOSED))


#: One value's attainment as it counts in an average, in SQL (filter ``attainment__isnull=False`` with it:
#: PostgreSQL's LEAST skips a NULL).
CAPPED = Least("attainment", Value(AVERAGE_CAP, output_field=DecimalField(max_digits=9, decimal_places=2)))


class IndicatorTotalQuerySet(models.QuerySet):
    def refresh(self, period_id: int, group_ids) -> None:
        """Recount the groups' totals at the period from their submitted reports' values: the totals are a
        summary kept on write, so that the city dashboard sums a few rows per group instead of every value of
        the city. Called inside the transaction that moves a report into or out of "submitted"
        (:mod:`progress.services`), and by bulk writers (the scale generator) once at the end."""
        group_ids = list(group_ids)
        self.filter(period_id=period_id, group_id__in=group_ids).delete()
        rows = (ReportValue.objects.filter(report__period_id=period_id, report__group_id__in=group_ids,
                                           report__status=Report.Status.SUBMITTED, indicator__isnull=False,
                                           attainment__isnull=False)
                .values("report__group_id", "indicator_id").order_by()
                .annotate(total=Sum(CAPPED), reports=Count("pk")))
        self.bulk_create([GroupIndicatorTotal(period_id=period_id, group_id=row["report__group_id"],
                                              indicator_id=row["indicator_id"], total=row["total"],
                                              reports=row["reports"]) for row in rows], batch_size=1000)


class GroupIndicatorTotal(models.Model):
    """Per period, group and plan indicator: the sum of the capped attainments of the submitted reports' values
    and their number. A summary of :class:`ReportValue` kept on write (:meth:`IndicatorTotalQuerySet.refresh`),
    never typed: the city dashboard's per-indicator averages read these rows (63 groups × 30 indicators at a city
    of 1,000 units) instead of aggregating 30,000 values on every request."""

    period = models.ForeignKey("campaigns.ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(max_digits=14, decimal_places=2)
    reports = models.PositiveIntegerField()

    objects = IndicatorTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổng hợp mức đạt theo chỉ tiêu")
        verbose_name_plural = _("tổng hợp mức đạt theo chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["period", "group", "indicator"],
                                               name="indicator_total_once_per_period_group")]

    def __str__(self):
        return f"{self.period_id}/{self.group_id}/{self.indicator_id}: {self.total} / {self.reports}"
