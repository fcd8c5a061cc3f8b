"""The emulation pledge (giao ước thi đua) of a bloc or cluster: its commitments, each member's targets and
the members' signatures.

A pledge is drafted by the group's leader unit (or city staff), filled in by every member, opened for signing
and becomes signed when the last member signs. A signed pledge is immutable: ``save()`` and ``delete()`` of the
pledge and of every part refuse, the admin shows it read-only, and the views answer 403. It changes only by an
amendment, a new version (a new :class:`Pledge` row with ``version`` + 1 and a reason) that the members sign
again; earlier versions stay readable.

Targets are created lazily, the first time a unit fills a cell, so members who join a group while the pledge
is a draft need no bookkeeping. Each target carries a ``version`` for optimistic locking and its history is
kept by django-simple-history (who changed which value, from what, when).
"""

import math
from contextlib import nullcontext
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Indicator
from common.signers import validate_capacity
from groups.models import Membership
from units.models import Unit

#: Values are stored as DECIMAL(18, 4): below 10^14, at most four decimals.
MAX_VALUE = Decimal("1e14")
VALUE_QUANTUM = Decimal("0.0001")


def validate_line_value(value, *, allows_negative: bool, code: str) -> Decimal | None:
    """The one rule for a number given to a pledge line, as a committed target or as a reported actual; returns
    it as a Decimal, or raises ValidationError with a Vietnamese message.

    ============================================  ====================================
    value                                         result
    ============================================  ====================================
    empty (None)                                  None: nothing to check
    not finite (NaN, ±Infinity, a float 1e309)    refused
    10^14 or more, or more than four decimals     refused (the column cannot hold it)
    below zero, the line does not allow negatives refused
    anything else, 0 included                     the value
    ============================================  ====================================

    A plain function of ``allows_negative`` so that a caller holding only a copy of the line's rule (a report
    value) applies it too; a line applies it to itself with :meth:`PledgeLine.clean_value`.
    """
    if value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(_("Giá trị của chỉ tiêu “%(code)s” không phải là một số hữu hạn.") % {"code": code},
                                  code="not_finite")
        value = Decimal(str(value))
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite():
        raise ValidationError(_("Giá trị của chỉ tiêu “%(code)s” không phải là một số hữu hạn.") % {"code": code},
                              code="not_finite")
    if abs(value) >= MAX_VALUE or value != value.quantize(VALUE_QUANTUM):
        raise ValidationError(_("Giá trị quá lớn hoặc quá 4 chữ số thập phân."), code="out_of_range")
    if value < 0 and not allows_negative:
        raise ValidationError(_("Chỉ tiêu “%(code)s” không nhận số âm.") % {"code": code}, code="negative")
    return value


class PledgeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders see every pledge; an officer only the pledges of their own unit's groups."""
        from accounts.access import visible_scope
        from groups.models import Group

        return visible_scope(self, user, lambda pledges: pledges.filter(group__in=Group.objects.visible_to(user)))

    def current(self):
        """The latest version of each group's pledge."""
        newer = Pledge.objects.filter(group=OuterRef("group"), version__gt=OuterRef("version"))
        return self.filter(~Exists(newer))

    def signed(self):
        return self.filter(status=Pledge.Status.SIGNED)

    def latest_signed(self) -> "Pledge | None":
        """The highest signed version among these pledges (filter to one group, or one unit's group in a year):
        what a group's reports and dashboards are measured against; None before the first signing."""
        return self.signed().order_by("-version").first()

    def binding(self):
        """Current versions open for signing or signed: their group's members are fixed until an amendment."""
        return self.current().exclude(status=Pledge.Status.DRAFT)


def current_pledges_by_group(group_ids, *, lock: bool = False) -> dict[int, "Pledge"]:
    """The latest pledge version of each of the groups, by group id: groups' :data:`~groups.models.MEMBER_HOLDERS`
    rule (registered in ``PledgesConfig.ready``). ``lock`` holds each group's latest row (``SELECT … FOR UPDATE``)
    until the end of the transaction, so that opening a pledge and a change of members wait for each other."""
    if lock:
        latest = (Pledge.objects.filter(group_id=group_id).order_by("-version").select_for_update().first()
                  for group_id in group_ids)
        return {pledge.group_id: pledge for pledge in latest if pledge is not None}
    return {pledge.group_id: pledge for pledge in Pledge.objects.current().filter(group_id__in=group_ids)}


class Pledge(models.Model):
    """One version of a group's pledge for one campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        OPEN = "open", _("Đang ký kết")
        SIGNED = "signed", _("Đã ký kết")

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="pledges"
    )
    group = models.ForeignKey(
        "groups.Group", verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="pledges"
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    amends = models.OneToOneField(
        "self", verbose_name=_("sửa đổi phiên bản"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="amendment",
    )
    amendment_reason = models.TextField(_("lý do sửa đổi"), blank=True)
    title = models.CharField(_("tên giao ước"), max_length=300)
    legal_bases = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi văn bản một dòng."))
    purpose = models.TextField(_("mục đích"), blank=True)
    sign_place = models.CharField(_("địa điểm ký kết"), max_length=150, blank=True)
    sign_date = models.DateField(_("ngày ký kết dự kiến"), null=True, blank=True)
    # The group's own number and symbol ("Số: 01/GƯTĐ-CTĐ"); the header prints them only when filled.
    document_number = models.CharField(
        _("số văn bản"), max_length=20, blank=True, help_text=_("Ví dụ: 01. Để trống nếu giao ước không đánh số."),
    )
    document_symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=50, blank=True,
        help_text=_("Ký hiệu riêng của cụm, khối, ví dụ: GƯTĐ-CTĐ."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("lần sửa"), default=1, help_text=_("Tăng mỗi lần lưu; chống ghi đè."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    opened_at = models.DateTimeField(_("mở ký kết lúc"), null=True, blank=True)
    signed_at = models.DateTimeField(_("hoàn tất ký kết lúc"), null=True, blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["campaign", "group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="pledge_unique_version"),
            models.UniqueConstraint(
                fields=["group"], condition=~Q(status="signed"), name="pledge_one_unsigned_version",
                violation_error_message=_("Cụm, khối này đã có một giao ước đang soạn hoặc đang ký kết."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="pledge_version_positive"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(amendment_reason=""), name="pledge_amendment_has_reason",
                violation_error_message=_("Phải ghi lý do sửa đổi giao ước."),
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_at__isnull=False), name="pledge_signed_has_time",
            ),
        ]

    def __str__(self):
        if self.version > 1:
            return _("%(title)s (sửa đổi lần %(n)s)") % {"title": self.title, "n": self.version - 1}
        return self.title

    def save(self, *args, **kwargs):
        if self.pk and self.stored_status() == self.Status.SIGNED:
            raise ValidationError(_("Giao ước đã ký kết, không thể thay đổi. Hãy lập bản sửa đổi."))
        super().save(*args, **kwargs)

    def move_to(self, status, **stamps):
        """Move to ``status``, setting the moment of the move (``opened_at=…``), and save it as a new revision."""
        self.status = status
        for name, value in stamps.items():
            setattr(self, name, value)
        self.revision += 1
        self.save()

    def delete(self, *args, **kwargs):
        if self.stored_status() == self.Status.SIGNED:
            raise ValidationError(_("Giao ước đã ký kết, không thể xóa."))
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def holds_members(self) -> bool:
        """Open for signing or signed: the group's members and roles are fixed (they change by an amendment)."""
        return self.status != self.Status.DRAFT

    def stored_status(self):
        return Pledge.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def ensure_draft(self):
        """Targets, lines and commitments change only while the pledge is a draft.

        Checked on the pledge's row, locked until the end of the transaction (``SELECT … FOR UPDATE``; on SQLite
        the write lock of the transaction does the same). Opening for signing takes that lock before it checks
        completeness, so a change of a cell and the opening never overlap: one waits for the other and sees what
        it did. Call it inside a transaction, before locking any target of the pledge (one order of locks).
        """
        status = Pledge.objects.select_for_update().filter(pk=self.pk).values_list("status", flat=True).first()
        if status != self.Status.DRAFT:
            raise ValidationError(
                _("Giao ước không còn là dự thảo nên không thể thay đổi. Muốn thay đổi giao ước đã ký, hãy lập "
                  "bản sửa đổi.")
            )


class PledgePart(models.Model):
    """Base of what a pledge is made of: it changes only while its pledge is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with _transaction():
            Pledge(pk=self.pledge_id).ensure_draft()
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with _transaction():
            Pledge(pk=self.pledge_id).ensure_draft()
            return super().delete(*args, **kwargs)


def _transaction():
    """The caller's transaction, or one just for this write: the pledge's lock must last until it is stored.
    (Not a savepoint: a refusal raises before anything is written, so the caller's transaction stays usable.)"""
    return nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()


class Commitment(PledgePart):
    """A numbered commitment (nội dung giao ước), prefilled from the plan's content items."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung cam kết"))
    content_item = models.ForeignKey(
        "campaigns.ContentItem", verbose_name=_("theo nội dung kế hoạch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("nội dung giao ước")
        verbose_name_plural = _("nội dung giao ước")
        ordering = ["pledge", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "position"], name="commitment_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class PledgeLine(PledgePart):
    """A target line of the pledge: one of the plan's indicators (copied, so the pledge keeps what was signed),
    an item of the whole group's own, or an item of one member unit's own (``unit`` set)."""

    Direction = Indicator.Direction

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    indicator = models.ForeignKey(
        "campaigns.Indicator", verbose_name=_("chỉ tiêu của kế hoạch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="pledge_lines",
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=10, choices=Indicator.Direction.choices, default=Indicator.Direction.HIGHER
    )
    city_value = models.DecimalField(_("chỉ tiêu thành phố"), max_digits=18, decimal_places=4, null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    allows_negative = models.BooleanField(_("cho phép số âm"), default=False)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("chỉ tiêu riêng của đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống nếu chỉ tiêu áp dụng cho mọi thành viên."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu giao ước")
        verbose_name_plural = _("chỉ tiêu giao ước")
        ordering = ["pledge", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "code"], name="pledge_line_unique_code",
                violation_error_message=_("Mã chỉ tiêu đã có trong giao ước."),
            ),
            models.CheckConstraint(
                condition=~Q(direction="done") | Q(city_value__isnull=True), name="pledge_line_done_has_no_value",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @classmethod
    def from_indicator(cls, pledge, indicator, position: int) -> "PledgeLine":
        """A line (not saved) that copies one of the plan's indicators into ``pledge``: code, name, measure,
        direction, city value, weight and sign rule as they stand now, so later changes to the plan leave the
        pledge as it was drafted. Used by :func:`pledges.services.create_pledge` and the scale generator."""
        return cls(
            pledge=pledge, position=position, indicator=indicator, code=indicator.code, name=indicator.name,
            measure_unit=indicator.measure_unit, direction=indicator.direction, city_value=indicator.city_value,
            weight=indicator.weight, allows_negative=indicator.allows_negative,
        )

    @property
    def is_done_kind(self) -> bool:
        return self.direction == self.Direction.DONE

    @property
    def is_own(self) -> bool:
        return self.indicator_id is None

    def applies_to(self, unit_id) -> bool:
        return self.unit_id is None or self.unit_id == unit_id

    def clean_value(self, value) -> Decimal | None:
        """``value`` checked by :func:`validate_line_value` against this line's rule."""
        return validate_line_value(value, allows_negative=self.allows_negative, code=self.code)


def _history_user(instance, request=None, **kwargs):
    """Who made the change: the request's user, or outside a request (commands, services) ``updated_by``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return instance.updated_by if instance.updated_by_id else None


class Target(PledgePart):
    """One member unit's committed value for one line of the pledge.

    ``status`` says whether the cell is filled: a number (or, for a done/not-done line, the commitment to do
    it), "not applicable", or emptied again. 0 is a valid value. ``version`` grows with every save: a save that
    carries an older version is a conflict, never a silent overwrite.
    """

    class Status(models.TextChoices):
        EMPTY = "empty", _("Chưa nhập")
        SET = "set", _("Đã cam kết")
        NOT_APPLICABLE = "na", _("Không áp dụng")

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="targets")
    line = models.ForeignKey(PledgeLine, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.EMPTY)
    value = models.DecimalField(_("giá trị cam kết"), max_digits=18, decimal_places=4, null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=_history_user)

    class Meta:
        verbose_name = _("chỉ tiêu cam kết")
        verbose_name_plural = _("chỉ tiêu cam kết")
        constraints = [
            models.UniqueConstraint(fields=["line", "unit"], name="target_unique_line_unit"),
            models.CheckConstraint(
                condition=Q(status="set") | Q(value__isnull=True), name="target_value_only_when_set",
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} – {self.line_id}: {self.value}"

    @property
    def is_filled(self) -> bool:
        return self.status != self.Status.EMPTY


class PledgeMember(models.Model):
    """A member of the group as the pledge was opened for signing: its role, and its unit's code and names.

    Taken by :func:`pledges.services.open_for_signing` (and dropped again if the pledge goes back to draft), so
    an open or signed pledge shows the members who sign it and their names as they signed, whatever becomes of
    the group or of the units later. Changes of the group take effect through an amendment, whose draft follows
    the group's members again.
    """

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Membership.Role.choices)
    unit_code = models.CharField(_("mã đơn vị"), max_length=20)
    unit_name = models.CharField(_("tên đơn vị"), max_length=255)
    unit_short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("thành viên ký giao ước")
        verbose_name_plural = _("thành viên ký giao ước")
        ordering = ["pledge", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_member_once"),
        ]

    def __str__(self):
        return self.unit_name

    def save(self, *args, **kwargs):
        self._refuse_once_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_once_signed()
        return super().delete(*args, **kwargs)

    def _refuse_once_signed(self):
        if Pledge(pk=self.pledge_id).stored_status() == Pledge.Status.SIGNED:
            raise ValidationError(_("Giao ước đã ký kết, không thể thay đổi. Hãy lập bản sửa đổi."))

    def as_membership(self, group_id) -> Membership:
        """An unsaved Membership holding a copy of the unit as it was: what pages and documents read."""
        unit = Unit(pk=self.unit_id, code=self.unit_code, name=self.unit_name, short_name=self.unit_short_name)
        return Membership(group_id=group_id, unit=unit, role=self.role)


def signature_upload_to(instance, filename):
    return f"pledges/{instance.pledge_id}/signatures/{filename}"


class Signature(models.Model):
    """A member unit's signature of one pledge version: who signed for it, as what (name and position as typed
    when signing), when, and the account that confirmed it; never changed."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("họ và tên người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150)
    signer_capacity = models.CharField(
        _("ký thay"), max_length=150, blank=True, validators=[validate_capacity],
        help_text=_("Ví dụ: KT. GIÁM ĐỐC, KT. CHỦ TỊCH; để trống khi thủ trưởng đơn vị ký."),
    )
    # PROTECT: an account that confirmed a signature is deactivated, never deleted (the admin says so, in the
    # words of ``protected_user_message``).
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận ký"), null=True, on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("thời điểm ký"), auto_now_add=True)
    scan = models.FileField(_("bản chụp có chữ ký"), upload_to=signature_upload_to, blank=True)

    #: What the user admin says when asked to delete an account that confirmed a signature (accounts sits below
    #: pledges, so it reads the reason from the protecting model rather than naming this one).
    protected_user_message = _(
        "Người dùng này đã ký giao ước thi đua nên không thể xoá, để giữ thông tin người ký. Hãy khoá tài "
        "khoản: bỏ chọn ô “Đang hoạt động” (Active) bên dưới rồi lưu.")

    class Meta:
        verbose_name = _("chữ ký")
        verbose_name_plural = _("chữ ký")
        ordering = ["pledge", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "unit"], name="signature_once_per_unit",
                violation_error_message=_("Đơn vị đã ký giao ước này."),
            ),
        ]

    def __str__(self):
        return f"{self.signer_name} ({self.unit_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Chữ ký đã ghi nhận không thể sửa."))
        if Pledge(pk=self.pledge_id).stored_status() != Pledge.Status.OPEN:
            raise ValidationError(_("Giao ước chưa mở ký kết hoặc đã ký xong."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Only withdrawn together with a pledge sent back to draft before everyone signed."""
        if Pledge(pk=self.pledge_id).stored_status() == Pledge.Status.SIGNED:
            raise ValidationError(_("Giao ước đã ký kết, không thể xóa chữ ký."))
        return super().delete(*args, **kwargs)

    @property
    def signer_line(self) -> str:
        """Who signed, as the page words it: "KT. GIÁM ĐỐC – Phó Giám đốc Nguyễn Văn A" (the capacity only where
        the head did not sign himself)."""
        person = f"{self.signer_position} {self.signer_name}".strip()
        return f"{self.signer_capacity} – {person}" if self.signer_capacity else person
