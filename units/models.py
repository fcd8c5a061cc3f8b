"""Participating units (đơn vị): departments, districts, wards, mass organisations, enterprises.

Units outlive reorganisations: a merged or dissolved unit is *retired* (with date, reason and, when merged, the
unit that took it over) rather than deleted, so earlier campaigns keep their history.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.collation import VIETNAMESE

#: What, beyond their own unit, makes units visible to an officer: higher apps register a function
#: ``user -> Q`` over units from their ``AppConfig.ready`` (groups: the members of the groups the officer sees).
#: Units sit below groups, so they learn the rule here instead of importing it.
VISIBILITY_RULES: list = []


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_on__isnull=True)

    def visible_to(self, user):
        """Units a user may see: all for city staff and viewers; an officer's own unit and the units that
        :data:`VISIBILITY_RULES` add (the members of the groups the officer may see; groups of draft plans stay
        hidden)."""
        from accounts.access import visible_scope

        def officer_units(units):
            seen = Q(pk=user.unit_id)
            for rule in VISIBILITY_RULES:
                seen |= rule(user)
            return units.filter(seen).distinct()

        return visible_scope(self, user, officer_units)


class Unit(models.Model):
    """A participant in emulation campaigns."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("Quận, huyện")
        WARD = "ward", _("Phường, xã")
        MASS_ORG = "mass_org", _("Đoàn thể")
        ENTERPRISE = "enterprise", _("Doanh nghiệp nhà nước")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã đơn vị"), max_length=20, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255, db_collation=VIETNAMESE)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    retired_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)
    retirement_reason = models.TextField(_("lý do ngừng hoạt động"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_on__isnull=False) | (Q(merged_into__isnull=True) & Q(retirement_reason="")),
                name="unit_active_has_no_retirement_details",
                violation_error_message=_("Đơn vị đang hoạt động không có lý do ngừng hoạt động hay đơn vị sáp nhập."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="unit_not_merged_into_itself",
                violation_error_message=_("Không thể sáp nhập đơn vị vào chính nó."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.retired_on is None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
