"""The yearly emulation plan (kế hoạch phát động thi đua) and what it is made of.

A campaign is drafted by the city office, issued (phát động), then closed after the year-end review. Once issued
its document — legal bases, content items, indicators and reporting periods — is read-only; reopening is an
explicit action with a reason, recorded in :class:`CampaignStatusChange`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.collation import VIETNAMESE
from common.signers import validate_authority, validate_capacity

#: The usual signature block of a plan of the city's People's Committee: a vice-chairman for the chairman.
SIGNER_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
SIGNER_CAPACITY = "KT. CHỦ TỊCH"
SIGNER_POSITION = "PHÓ CHỦ TỊCH"
SIGNER_FIELDS = ("signer_authority", "signer_capacity", "signer_position", "signer_name")


def default_issuing_authority() -> str:
    """"ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG": the city's People's Committee, named from the setting
    ``THIDUA_CITY_NAME``; without it, empty, so that the form asks for the name instead of printing
    "ỦY BAN NHÂN DÂN / THÀNH PHỐ"."""
    city = (getattr(settings, "THIDUA_CITY_NAME", "") or "").strip()
    return f"ỦY BAN NHÂN DÂN THÀNH PHỐ {city.upper()}" if city else ""


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders see every plan, drafts included; officers see issued and closed plans."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self.all()
        return self.exclude(status=Campaign.Status.DRAFT)

    def with_counts(self):
        """The plan list's columns with ``item_count``, ``indicator_count`` and ``group_count``.

        The list is the app's trivial page, the floor every other page is measured against (issue 14): three
        ``count_of`` subqueries cost more to build and compile in the ORM (~1.3 ms) than the whole query takes
        in the database (~0.2 ms). Written as SQL from the models' own table and column names, they are the same
        correlated counts for a fraction of that. Only on a top-level queryset of plans: the outer table is
        named by its own name, which a plan queryset nested in another query would alias."""
        quote = connections[self.db].ops.quote_name
        outer = quote(Campaign._meta.db_table)
        counts = {}
        for name, relation in (("item_count", "content_items"), ("indicator_count", "indicators"),
                               ("group_count", "groups")):
            field = Campaign._meta.get_field(relation)
            counts[name] = RawSQL(
                f"SELECT COUNT(*) FROM {quote(field.related_model._meta.db_table)} "
                f"WHERE {quote(field.field.column)} = {outer}.{quote('id')}", (), output_field=models.IntegerField())
        return self.only("year", "title", "document_number", "status").annotate(**counts)


class RepeatLeaderRule(models.TextChoices):
    ALLOW = "allow", _("Được phép")
    WARN = "warn", _("Được phép, có cảnh báo")
    REFUSE = "refuse", _("Không được phép")


class Campaign(models.Model):
    """One year's emulation plan of the city."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã phát động")
        CLOSED = "closed", _("Đã kết thúc")

    year = models.PositiveSmallIntegerField(
        _("năm"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("Đã có kế hoạch thi đua của năm này.")},
    )
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    theme = models.TextField(_("chủ đề năm"), blank=True)
    document_number = models.CharField(
        _("số, ký hiệu văn bản"), max_length=50, blank=True, help_text=_("Ví dụ: 45/KH-UBND")
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True,
        help_text=_("Dòng trên cùng của tiêu đề văn bản; để trống nếu cơ quan ban hành là UBND thành phố."),
    )
    issuing_authority = models.CharField(_("cơ quan ban hành"), max_length=200, default=default_issuing_authority)
    issue_place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    # The signature block (Decree 30, article 13). The defaults are the usual case: a vice-chairman signs for
    # the chairman on behalf of the committee.
    signer_authority = models.CharField(
        _("dòng thẩm quyền"), max_length=200, blank=True, default=SIGNER_AUTHORITY,
        validators=[validate_authority],
        help_text=_("Ví dụ: TM. ỦY BAN NHÂN DÂN. Để trống nếu người đứng đầu cơ quan ký với chức vụ của mình."),
    )
    signer_capacity = models.CharField(
        _("dòng ký thay"), max_length=200, blank=True, default=SIGNER_CAPACITY, validators=[validate_capacity],
        help_text=_("KT. CHỦ TỊCH, Q. CHỦ TỊCH, TL. CHỦ TỊCH hoặc TUQ. CHỦ TỊCH; để trống khi Chủ tịch ký."),
    )
    signer_position = models.CharField(
        _("chức vụ người ký"), max_length=150, blank=True, default=SIGNER_POSITION,
        help_text=_("Ví dụ: PHÓ CHỦ TỊCH, hoặc CHỦ TỊCH."),
    )
    signer_name = models.CharField(
        _("họ và tên người ký"), max_length=150, blank=True,
        help_text=_("Để trống thì văn bản in dòng chấm để ghi tay."),
    )
    pledge_deadline = models.DateField(_("hạn ký kết giao ước thi đua"), null=True, blank=True)
    # The units' registrations (awards.Registration) submitted after it are accepted but marked late.
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    # Leadership rotates: may a unit lead the same group two years running? Checked where next year's leaders
    # are placed (groups copied into a new plan, a group's form).
    repeat_leader_rule = models.CharField(
        _("một đơn vị làm trưởng cùng cụm, khối hai năm liền"), max_length=10, choices=RepeatLeaderRule.choices,
        default=RepeatLeaderRule.WARN,
    )
    mid_year_review_date = models.DateField(_("sơ kết 6 tháng"), null=True, blank=True)
    year_end_review_date = models.DateField(_("tổng kết năm"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("sao chép từ"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = CampaignQuerySet.as_manager()
    # Who changed the plan's header, status and dates, and when (city staff read it on the plan's history).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kế hoạch thi đua")
        verbose_name_plural = _("kế hoạch thi đua")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issue_date__isnull=False),
                name="campaign_issued_has_issue_date",
                violation_error_message=_("Kế hoạch đã phát động phải có ngày ban hành."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def signer_summary(self) -> str:
        """The signature block on one line, as the plan's page shows it: "TM. ỦY BAN NHÂN DÂN · KT. CHỦ TỊCH ·
        PHÓ CHỦ TỊCH · Lê Minh Trung"."""
        return " · ".join(getattr(self, name).strip() for name in SIGNER_FIELDS if getattr(self, name).strip())

    @property
    def is_editable(self) -> bool:
        """Only a draft plan's document may change."""
        return self.is_draft

    @property
    def groups_editable(self) -> bool:
        """Blocs and clusters are adjusted during the year too; they freeze when the campaign closes."""
        return self.status != self.Status.CLOSED

    def ensure_editable(self):
        if not self.is_editable:
            raise ValidationError(
                _("Kế hoạch đã phát động hoặc đã kết thúc, không thể chỉnh sửa. Hãy mở lại kế hoạch trước.")
            )


class CampaignStatusChange(models.Model):
    """Who moved a plan from one status to another, when, and why (required when reopening)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=Campaign.Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=Campaign.Status.choices)
    reason = models.TextField(_("lý do"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def is_reopening(self) -> bool:
        order = list(Campaign.Status.values)
        return order.index(self.to_status) < order.index(self.from_status)


class CampaignPart(models.Model):
    """Base of the parts of a plan's document: they change only while the plan is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.campaign.ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.campaign.ensure_editable()
        return super().delete(*args, **kwargs)


class LegalBasis(CampaignPart):
    """A document the plan rests on (căn cứ), in the order the plan cites them."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("văn bản căn cứ"))

    class Meta:
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="legal_basis_unique_position"),
        ]

    def __str__(self):
        return self.text


class ContentItem(CampaignPart):
    """A numbered content item (nội dung thi đua) of the plan; its number is its position."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="content_items"
    )
    position = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    description = models.TextField(_("diễn giải"), blank=True)

    class Meta:
        verbose_name = _("nội dung thi đua")
        verbose_name_plural = _("nội dung thi đua")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="content_item_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="content_item_position_positive"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Indicator(CampaignPart):
    """A main target (chỉ tiêu) of the plan, with the city-level value and which direction is better."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Càng cao càng tốt")
        LOWER = "lower", _("Càng thấp càng tốt")
        DONE = "done", _("Hoàn thành / không hoàn thành")

    class Area(models.TextChoices):
        ECONOMY = "economy", _("Kinh tế")
        SOCIETY = "society", _("Văn hóa – xã hội")
        DEFENCE = "defence", _("Quốc phòng – an ninh")
        PARTY_GOVERNMENT = "party_government", _("Xây dựng Đảng, chính quyền")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    name = models.CharField(_("tên chỉ tiêu"), max_length=500)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True, help_text=_("%, tỷ đồng, hồ sơ, người…"))
    city_value = models.DecimalField(
        _("chỉ tiêu thành phố"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    direction = models.CharField(_("chiều đánh giá"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices, default=Area.ECONOMY)
    weight = models.PositiveSmallIntegerField(
        _("trọng số"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Hệ số khi tính mức đạt trung bình; để 1 nếu các chỉ tiêu ngang nhau."),
    )
    allows_negative = models.BooleanField(
        _("cho phép số âm"), default=False,
        help_text=_("Chỉ đánh dấu với chỉ tiêu có thể âm, ví dụ tốc độ tăng trưởng."),
    )
    content_item = models.ForeignKey(
        ContentItem, verbose_name=_("thuộc nội dung"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators",
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["campaign", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="indicator_unique_code",
                violation_error_message=_("Mã chỉ tiêu đã được dùng trong kế hoạch này."),
            ),
            models.CheckConstraint(
                condition=(Q(direction="done") & Q(city_value__isnull=True))
                | (~Q(direction="done") & Q(city_value__isnull=False)),
                name="indicator_value_matches_direction",
                violation_error_message=_(
                    "Chỉ tiêu định lượng phải có giá trị; chỉ tiêu hoàn thành/không hoàn thành thì không."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def clean(self):
        super().clean()
        if self.content_item_id and self.content_item.campaign_id != self.campaign_id:
            raise ValidationError({"content_item": _("Nội dung này thuộc kế hoạch khác.")})


class ReportingPeriod(CampaignPart):
    """A reporting period of the year (quý I, 6 tháng, 9 tháng, năm) with its end date and deadline."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods"
    )
    name = models.CharField(_("kỳ báo cáo"), max_length=100, db_collation=VIETNAMESE)
    end_date = models.DateField(_("ngày cuối kỳ"))
    deadline = models.DateField(_("hạn nộp báo cáo"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["campaign", "end_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="period_unique_name",
                violation_error_message=_("Kế hoạch đã có kỳ báo cáo cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("end_date")),
                name="period_deadline_after_end",
                violation_error_message=_("Hạn nộp báo cáo không được trước ngày cuối kỳ."),
            ),
        ]

    def __str__(self):
        return self.name
