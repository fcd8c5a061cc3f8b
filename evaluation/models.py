"""Scoring tables of the year-end evaluation (bảng chấm điểm).

City staff keep one table per campaign and group kind (bloc, cluster), optionally overridden for one group. A
table is a tree of :class:`Criterion` rows (sections → criteria → sub-criteria, plus bonus and penalty rows) and
moves draft → published. A published table refuses every change (``save()`` and ``delete()`` of the table and
of its rows); a change after publishing is a new version with a reason. The rules that decide whether a draft
can be published, and how points add up, live in :mod:`evaluation.scoring`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import UploadedDocument
from groups.models import Group, Membership

from . import scoring

TABLE_PUBLISHED = _("Bảng chấm điểm đã ban hành, không thể thay đổi. Hãy lập phiên bản mới.")


def _percent(verbose_name, default):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class ScoringTableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ScoringTable.Status.PUBLISHED)

    def for_group(self, group):
        """The tables that apply to ``group``: its own override if there is one, else its kind's."""
        own = self.filter(campaign_id=group.campaign_id, group=group)
        if own.exists():
            return own
        return self.filter(campaign_id=group.campaign_id, group__isnull=True, group_kind=group.kind)

    def current_for_group(self, group):
        """The latest published version that applies to ``group`` (None before one is published)."""
        return self.for_group(group).published().order_by("-version").first()


class ScoringTable(models.Model):
    """One version of a scoring table."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã ban hành")

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                                 related_name="scoring_tables")
    group_kind = models.CharField(_("áp dụng cho"), max_length=10, choices=Group.Kind.choices)
    group = models.ForeignKey("groups.Group", verbose_name=_("riêng cho cụm, khối"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="scoring_tables",
                              help_text=_("Để trống: bảng chung của mọi khối (hoặc mọi cụm) trong năm."))
    title = models.CharField(_("tên bảng chấm điểm"), max_length=300)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    previous = models.ForeignKey("self", verbose_name=_("phiên bản trước"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="next_versions")
    reason = models.TextField(_("lý do lập phiên bản mới"), blank=True)
    total_max = models.DecimalField(_("tổng điểm chuẩn"), max_digits=7, decimal_places=2, default=Decimal(100))
    bonus_cap = models.DecimalField(_("tổng điểm cộng tối đa"), max_digits=7, decimal_places=2, default=Decimal(0))
    reconcile_threshold = _percent(_("chênh lệch cần thẩm định (% điểm chuẩn của tiêu chí)"), 10)
    htxs_total = _percent(_("HTXS: tổng điểm tối thiểu (%)"), 90)
    htxs_floor = _percent(_("HTXS: mỗi tiêu chí tối thiểu (%)"), 85)
    htt_total = _percent(_("HTT: tổng điểm tối thiểu (%)"), 80)
    htt_floor = _percent(_("HTT: mỗi tiêu chí tối thiểu (%)"), 80)
    ht_total = _percent(_("HT: tổng điểm tối thiểu (%)"), 70)
    ht_floor = _percent(_("HT: mỗi tiêu chí tối thiểu (%)"), 70)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = ScoringTableQuerySet.as_manager()

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("bảng chấm điểm")
        ordering = ["campaign", "group_kind", "group", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "group_kind", "version"], condition=Q(group__isnull=True),
                name="scoring_table_version_per_kind",
                violation_error_message=_("Năm này đã có phiên bản này của bảng chấm điểm cho loại cụm, khối này.")),
            models.UniqueConstraint(
                fields=["group", "version"], condition=Q(group__isnull=False), name="scoring_table_version_per_group",
                violation_error_message=_("Cụm, khối này đã có phiên bản này của bảng chấm điểm riêng.")),
            models.UniqueConstraint(
                fields=["campaign", "group_kind"], condition=Q(group__isnull=True, status="draft"),
                name="scoring_table_one_draft_per_kind",
                violation_error_message=_("Đã có một dự thảo bảng chấm điểm cho loại cụm, khối này.")),
            models.UniqueConstraint(
                fields=["group"], condition=Q(group__isnull=False, status="draft"),
                name="scoring_table_one_draft_per_group",
                violation_error_message=_("Đã có một dự thảo bảng chấm điểm riêng cho cụm, khối này.")),
            models.CheckConstraint(condition=Q(total_max__gt=0), name="scoring_table_total_positive",
                                   violation_error_message=_("Tổng điểm chuẩn phải lớn hơn 0.")),
            models.CheckConstraint(condition=Q(bonus_cap__gte=0), name="scoring_table_bonus_cap_not_negative",
                                   violation_error_message=_("Tổng điểm cộng tối đa không được âm.")),
            models.CheckConstraint(condition=Q(version=1) | ~Q(reason=""), name="scoring_table_version_has_reason",
                                   violation_error_message=_("Phiên bản mới phải có lý do.")),
            models.CheckConstraint(condition=Q(status="draft") | Q(published_at__isnull=False),
                                   name="scoring_table_published_has_time",
                                   violation_error_message=_("Bảng đã ban hành phải có thời điểm ban hành.")),
            models.CheckConstraint(
                condition=Q(ht_total__lte=F("htt_total"), htt_total__lte=F("htxs_total"), htxs_total__lte=100,
                            ht_total__gte=0, ht_floor__gte=0, htt_floor__gte=0, htxs_floor__gte=0,
                            ht_floor__lte=100, htt_floor__lte=100, htxs_floor__lte=100,
                            reconcile_threshold__gte=0, reconcile_threshold__lte=100),
                name="scoring_table_thresholds_ordered",
                violation_error_message=_("Ngưỡng xếp loại phải trong khoảng 0–100 % và HT ≤ HTT ≤ HTXS.")),
        ]

    def __str__(self):
        return self.title if self.version == 1 else f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        # Publishing is the one write a published row accepts: the services save the draft with its new status.
        if self.pk and self.stored_status() == self.Status.PUBLISHED:
            raise ValidationError(TABLE_PUBLISHED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() == self.Status.PUBLISHED:
            raise ValidationError(TABLE_PUBLISHED)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def stored_status(self):
        return ScoringTable.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean(self):
        if self.group_id and self.group.kind != self.group_kind:
            raise ValidationError({"group": _("Cụm, khối được chọn không thuộc loại mà bảng áp dụng.")})
        if self.group_id and self.group.campaign_id != self.campaign_id:
            raise ValidationError({"group": _("Cụm, khối được chọn thuộc kế hoạch năm khác.")})

    def problems(self, rows=None) -> list[str]:
        """Why this table cannot be published (see :func:`evaluation.scoring.table_problems`)."""
        return scoring.table_problems(self.total_max, list(self.criteria.all()) if rows is None else rows)


class Criterion(models.Model):
    """A row of a scoring table: a section (no parent), a criterion or sub-criterion, or a bonus or penalty row."""

    class Kind(models.TextChoices):
        SCORE = scoring.SCORE, _("Tiêu chí chấm điểm")
        BONUS = scoring.BONUS, _("Điểm cộng")
        PENALTY = scoring.PENALTY, _("Điểm trừ")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Đơn vị tự chấm")
        ATTAINMENT = "attainment", _("Tự tính: mức đạt chỉ tiêu cả năm")
        TARGETS_ACHIEVED = "targets_achieved", _("Tự tính: tỷ lệ chỉ tiêu giao ước đạt")
        REPORTING = "reporting", _("Tự tính: nộp báo cáo đúng hạn")
        PLEDGE_ON_TIME = "pledge_on_time", _("Tự tính: ký giao ước đúng hạn")

    table = models.ForeignKey(ScoringTable, verbose_name=_("bảng chấm điểm"), on_delete=models.CASCADE,
                              related_name="criteria")
    parent = models.ForeignKey("self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    kind = models.CharField(_("loại dòng"), max_length=10, choices=Kind.choices, default=Kind.SCORE)
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm chuẩn"), max_digits=7, decimal_places=2)
    guide = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence = models.TextField(_("minh chứng cần có"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    source = models.CharField(_("cách tính điểm"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    points_per_report = models.DecimalField(
        _("điểm trừ mỗi báo cáo trễ hoặc thiếu"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["table", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="criterion_code_unique_in_table",
                                    violation_error_message=_("Mã tiêu chí đã có trong bảng này.")),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative",
                                   violation_error_message=_("Điểm chuẩn không được âm.")),
            models.CheckConstraint(condition=Q(kind="score") | Q(parent__isnull=True),
                                   name="criterion_bonus_penalty_top_level",
                                   violation_error_message=_("Dòng điểm cộng, điểm trừ không thuộc nhóm tiêu chí.")),
            models.CheckConstraint(condition=Q(source="manual") | Q(kind="score"),
                                   name="criterion_computed_is_score",
                                   violation_error_message=_("Chỉ tiêu chí chấm điểm mới được tự tính.")),
            models.CheckConstraint(condition=~Q(source="reporting") | Q(points_per_report__isnull=False, points_per_report__gt=0),
                                   name="criterion_reporting_has_deduction",
                                   violation_error_message=_("Tiêu chí nộp báo cáo cần số điểm trừ mỗi báo cáo.")),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self._refuse_once_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_once_published()
        return super().delete(*args, **kwargs)

    @property
    def is_computed(self) -> bool:
        return self.source != self.Source.MANUAL

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.table_id != self.table_id:
            raise ValidationError({"parent": _("Dòng cha thuộc bảng chấm điểm khác.")})
        if self.parent.kind != self.Kind.SCORE:
            raise ValidationError({"parent": _("Dòng điểm cộng, điểm trừ không có dòng con.")})
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("Một dòng không thể thuộc chính nó.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def _refuse_once_published(self):
        if ScoringTable(pk=self.table_id).stored_status() == ScoringTable.Status.PUBLISHED:
            raise ValidationError(TABLE_PUBLISHED)


# --- the rounds of one group ------------------------------------------------------------------------------------

EVALUATION_PUBLISHED = _("Kết quả chấm điểm đã công bố; chỉ thay đổi được sau khi mở lại có ghi lý do.")


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The evaluations of the groups the user sees (city staff and leaders: all)."""
        return self.filter(group__in=Group.objects.visible_to(user))


class Evaluation(models.Model):
    """A group's year-end evaluation: self-scoring, cross-scoring and reconciliation, then publication.

    Open → published; a published evaluation changes only after a recorded reopening (an :class:`ScoreEvent`
    with its reason). Each round has its deadline; a late sheet is accepted and listed as late.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chấm điểm")
        PUBLISHED = "published", _("Đã công bố kết quả")

    group = models.OneToOneField("groups.Group", verbose_name=_("cụm, khối"), on_delete=models.PROTECT,
                                 related_name="evaluation")
    self_deadline = models.DateField(_("hạn tự chấm"))
    cross_deadline = models.DateField(_("hạn chấm chéo"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người công bố"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt chấm điểm của cụm, khối")
        verbose_name_plural = _("đợt chấm điểm của cụm, khối")
        constraints = [
            models.CheckConstraint(condition=Q(cross_deadline__gte=F("self_deadline")),
                                   name="evaluation_cross_after_self",
                                   violation_error_message=_("Hạn chấm chéo không được trước hạn tự chấm.")),
            models.CheckConstraint(condition=Q(status="open") | Q(published_at__isnull=False),
                                   name="evaluation_published_has_time",
                                   violation_error_message=_("Kết quả đã công bố phải có thời điểm công bố.")),
        ]

    def __str__(self):
        return str(self.group)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def ensure_open(self):
        """Lock the evaluation's row (until the end of the transaction) and refuse once published."""
        status = Evaluation.objects.select_for_update().filter(pk=self.pk).values_list("status", flat=True).first()
        if status != self.Status.OPEN:
            raise ValidationError(EVALUATION_PUBLISHED)


class ScoreSheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders: all. An officer: its own unit's sheets, the sheets it was assigned to
        cross-score, every sheet of a group its unit leads, and its groups' sheets once published (the rule
        in full: :mod:`evaluation.access`)."""
        from accounts.access import visible_scope

        def officer_scope(sheets):
            if not user.is_unit_officer:
                return sheets.none()
            memberships = Membership.objects.filter(unit_id=user.unit_id)
            led = memberships.filter(role=Membership.Role.LEADER).values("group_id")
            return sheets.filter(
                Q(unit_id=user.unit_id) | Q(scorer_id=user.unit_id) | Q(evaluation__group_id__in=led)
                | Q(evaluation__group_id__in=memberships.values("group_id"),
                    evaluation__status=Evaluation.Status.PUBLISHED)
            )

        return visible_scope(self, user, officer_scope)


class ScoreSheet(models.Model):
    """One member unit's sheet in its group's evaluation: its self-score, and the cross-score of its scorer.

    While the self-score is a draft the sheet follows the latest published table; it is frozen to the version
    in force when the unit submits. The final result (total, class, rank) is stored when the results are
    published, so result pages and later years read it without recomputing.
    """

    class Round(models.TextChoices):
        DRAFT = "draft", _("Đang chấm")
        SUBMITTED = "submitted", _("Đã nộp")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("đợt chấm điểm"), on_delete=models.CASCADE,
                                   related_name="sheets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="score_sheets")
    table = models.ForeignKey(ScoringTable, verbose_name=_("bảng chấm điểm"), on_delete=models.PROTECT,
                              related_name="sheets")
    self_status = models.CharField(_("tự chấm"), max_length=10, choices=Round.choices, default=Round.DRAFT)
    self_submitted_at = models.DateTimeField(_("nộp tự chấm lúc"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp tự chấm"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    scorer = models.ForeignKey("units.Unit", verbose_name=_("đơn vị chấm chéo"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="cross_sheets")
    cross_status = models.CharField(_("chấm chéo"), max_length=10, choices=Round.choices, default=Round.DRAFT)
    cross_submitted_at = models.DateTimeField(_("nộp chấm chéo lúc"), null=True, blank=True)
    cross_submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp chấm chéo"),
                                           null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("ý kiến của đơn vị"), blank=True)
    final_total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2, null=True, blank=True)
    final_class = models.CharField(_("xếp loại"), max_length=4, blank=True)
    final_rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    held_back_by = models.CharField(_("tiêu chí làm hạ loại"), max_length=20, blank=True)

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["evaluation", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "unit"], name="score_sheet_one_per_unit",
                                    violation_error_message=_("Đơn vị đã có phiếu chấm điểm trong đợt này.")),
            models.CheckConstraint(condition=Q(scorer__isnull=True) | ~Q(scorer=F("unit")),
                                   name="score_sheet_never_scores_itself",
                                   violation_error_message=_("Một đơn vị không chấm chéo cho chính mình.")),
            models.CheckConstraint(condition=Q(self_status="draft") | Q(self_submitted_at__isnull=False),
                                   name="score_sheet_self_submitted_has_time",
                                   violation_error_message=_("Phiếu đã nộp phải có thời điểm nộp.")),
            models.CheckConstraint(condition=Q(cross_status="draft") | Q(cross_submitted_at__isnull=False,
                                                                         scorer__isnull=False),
                                   name="score_sheet_cross_submitted_has_scorer",
                                   violation_error_message=_("Phiếu chấm chéo đã nộp phải có đơn vị chấm.")),
            models.CheckConstraint(condition=Q(final_class="") | Q(final_class__in=["htxs", "htt", "ht", "kht"]),
                                   name="score_sheet_class_known",
                                   violation_error_message=_("Xếp loại không hợp lệ.")),
        ]

    def __str__(self):
        return f"{self.unit} – {self.evaluation}"

    @property
    def self_submitted(self) -> bool:
        return self.self_status == self.Round.SUBMITTED

    @property
    def cross_submitted(self) -> bool:
        return self.cross_status == self.Round.SUBMITTED


class ScoreEntry(models.Model):
    """The points of one row of one sheet in every round: self, cross and the agreed points of reconciliation.

    Entries are matched to the table's rows by code, so a draft sheet keeps its points when a new version of the
    table is published. ``version`` grows with every save: two people saving the same row never overwrite
    each other silently (compare-and-set, as the pledge grid does).
    """

    class Reconciliation(models.TextChoices):
        NONE = "", _("—")
        RETURNED = "returned", _("Trả lại đơn vị giải trình")
        ANSWERED = "answered", _("Đơn vị đã giải trình")
        AGREED = "agreed", _("Đã thống nhất điểm")

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("phiếu chấm điểm"), on_delete=models.CASCADE,
                              related_name="entries")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    self_points = models.DecimalField(_("tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True)
    self_comment = models.TextField(_("giải trình của đơn vị"), blank=True)
    computed_explanation = models.CharField(_("cách tính"), max_length=300, blank=True)
    cross_points = models.DecimalField(_("cụm, khối chấm"), max_digits=7, decimal_places=2, null=True, blank=True)
    cross_comment = models.TextField(_("nhận xét của đơn vị chấm chéo"), blank=True)
    reconciliation = models.CharField(_("thẩm định"), max_length=10, choices=Reconciliation.choices, blank=True,
                                      default=Reconciliation.NONE)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    answer_accepts = models.BooleanField(_("đơn vị chấp nhận điểm chấm chéo"), null=True, blank=True)
    answer = models.TextField(_("giải trình"), blank=True)
    agreed_points = models.DecimalField(_("điểm thống nhất"), max_digits=7, decimal_places=2, null=True,
                                        blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("điểm một tiêu chí")
        verbose_name_plural = _("điểm các tiêu chí")
        ordering = ["sheet", "code"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="score_entry_one_per_row",
                                    violation_error_message=_("Tiêu chí đã có điểm trong phiếu này.")),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(cross_points__isnull=True) | Q(cross_points__gte=0))
                & (Q(agreed_points__isnull=True) | Q(agreed_points__gte=0)),
                name="score_entry_points_not_negative", violation_error_message=_("Điểm không được âm.")),
            models.CheckConstraint(condition=~Q(reconciliation="returned") | ~Q(return_reason=""),
                                   name="score_entry_returned_has_reason",
                                   violation_error_message=_("Trả lại phải có lý do.")),
            models.CheckConstraint(condition=~Q(reconciliation="agreed") | Q(agreed_points__isnull=False),
                                   name="score_entry_agreed_has_points",
                                   violation_error_message=_("Thống nhất điểm phải ghi điểm thống nhất.")),
        ]

    def __str__(self):
        return f"{self.sheet} – {self.code}"

    @property
    def is_returned(self) -> bool:
        """Returned to the unit, waiting for its answer."""
        return self.reconciliation == self.Reconciliation.RETURNED

    @property
    def final_points(self):
        """Agreed points where reconciliation recorded them, else the cross-score, else the self-score."""
        for value in (self.agreed_points, self.cross_points, self.self_points):
            if value is not None:
                return value
        return None


class ScoreEvidence(UploadedDocument):
    """A supporting document of a self-score (PDF or image), for one row or for the whole sheet."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("phiếu chấm điểm"), on_delete=models.CASCADE,
                              related_name="evidence")
    code = models.CharField(_("mã tiêu chí"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("minh chứng chấm điểm")
        verbose_name_plural = _("minh chứng chấm điểm")
        ordering = ["sheet", "code", "uploaded_at"]

    def storage_path(self, filename) -> str:
        return f"evaluation/{self.sheet_id}/{filename}"


class ScoreEvent(models.Model):
    """Every change of an evaluation: a state change or a points change, with who, when, from → to and why."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Mở chấm điểm")
        SELF_POINTS = "self_points", _("Tự chấm")
        SELF_SUBMITTED = "self_submitted", _("Nộp tự chấm")
        SCORER_ASSIGNED = "scorer_assigned", _("Phân công chấm chéo")
        CROSS_POINTS = "cross_points", _("Chấm chéo")
        CROSS_SUBMITTED = "cross_submitted", _("Nộp chấm chéo")
        RETURNED = "returned", _("Trả lại để giải trình")
        ANSWERED = "answered", _("Đơn vị giải trình")
        AGREED = "agreed", _("Ghi điểm thống nhất")
        PUBLISHED = "published", _("Công bố kết quả")
        REOPENED = "reopened", _("Mở lại")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("đợt chấm điểm"), on_delete=models.CASCADE,
                                   related_name="events")
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("phiếu chấm điểm"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="events")
    code = models.CharField(_("mã tiêu chí"), max_length=20, blank=True)
    action = models.CharField(_("việc"), max_length=20, choices=Action.choices)
    before = models.CharField(_("từ"), max_length=200, blank=True)
    after = models.CharField(_("thành"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử chấm điểm")
        verbose_name_plural = _("lịch sử chấm điểm")
        ordering = ["evaluation", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(action__in=["returned", "reopened"]) | ~Q(reason=""),
                                   name="score_event_reason_where_required",
                                   violation_error_message=_("Trả lại và mở lại phải có lý do.")),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.code}".strip()
