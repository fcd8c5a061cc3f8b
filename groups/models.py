"""Emulation blocs (khối) and clusters (cụm) of a campaign, and their member units.

Groups are decided per campaign: membership, leader (cụm/khối trưởng) and deputy (phó) rotate yearly. The
database holds the rules: a unit is in at most one group per campaign, a group has at most one leader and at
most one deputy, and leader and deputy are members (they are roles of a membership, so they cannot be the
same unit). "At least one leader" is checked by the group form, which cannot be saved without one.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.collation import VIETNAMESE

#: The records of higher apps that may hold a group's members in place; pledges registers one from its
#: ``AppConfig.ready``. Each entry is a function ``(group_ids, *, lock) -> {group_id: record}`` giving each group's
#: current record (a pledge's latest version), whose ``holds_members`` says whether the members are fixed now;
#: ``lock`` holds the records' rows until the end of the transaction.
MEMBER_HOLDERS: list = []


def current_member_holders(group_ids, *, lock: bool = False) -> dict:
    """Each group's current record from :data:`MEMBER_HOLDERS` (groups without one are left out)."""
    found = {}
    for holders in MEMBER_HOLDERS:
        found.update(holders(group_ids, lock=lock))
    return found


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders see every group; an officer sees the groups of their unit in visible plans."""
        from accounts.access import visible_scope
        from campaigns.models import Campaign

        # A subquery, not a join: a join on memberships would also narrow later annotations (member counts).
        return visible_scope(self, user, lambda groups: groups.filter(
            pk__in=Membership.objects.filter(unit_id=user.unit_id).values("group_id"),
            campaign__in=Campaign.objects.visible_to(user),
        ))


class Group(models.Model):
    """A bloc or cluster of one campaign."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    name = models.CharField(_("tên cụm, khối"), max_length=255, db_collation=VIETNAMESE)
    description = models.TextField(_("ghi chú"), blank=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["campaign", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="group_unique_name",
                violation_error_message=_("Kế hoạch đã có cụm, khối cùng tên."),
            ),
        ]

    def __str__(self):
        return self.name

    def members_frozen(self, *, lock: bool = False) -> bool:
        """Whether the group's current pledge is open for signing or signed: its members and their roles are
        then fixed, since the pledge keeps who signed it; a change takes effect through an amendment (a draft,
        which follows the group). ``lock`` holds the current pledge's row until the end of the transaction, so
        that opening it for signing and a change of members wait for each other. Pledges sit above groups: they
        say so through :data:`MEMBER_HOLDERS`."""
        if self.pk is None:
            return False
        record = current_member_holders([self.pk], lock=lock).get(self.pk)
        return record is not None and record.holds_members

    def members_frozen_error(self) -> ValidationError:
        return ValidationError(
            _("Cụm, khối “%(name)s” có giao ước đang ký kết hoặc đã ký kết nên không thể thêm, bớt thành viên hay "
              "đổi vai trò. Giao ước đang ký kết: hãy trả về dự thảo trước; giao ước đã ký kết: hãy lập bản sửa đổi, "
              "thay đổi thành viên có hiệu lực từ bản sửa đổi.") % {"name": self.name},
            code="members_frozen",
        )

    def ensure_members_may_change(self) -> None:
        """Raises :meth:`members_frozen_error` if the members are fixed; call it inside a transaction."""
        if self.members_frozen(lock=True):
            raise self.members_frozen_error()


class MembershipQuerySet(models.QuerySet):
    def leader_unit_id(self, group_id) -> int | None:
        """The unit that leads the group this year (its officers run the group's pledge and reviews)."""
        return self.filter(group_id=group_id, role=Membership.Role.LEADER).values_list("unit_id", flat=True).first()

    def in_display_order(self):
        """Leader first, then deputy, then the members in Vietnamese alphabetical order."""
        rank = models.Case(
            models.When(role="leader", then=0), models.When(role="deputy", then=1), default=2,
            output_field=models.IntegerField(),
        )
        # The successor of a retired unit comes along: group pages flag retired members with it.
        return self.select_related("unit__merged_into").order_by(rank, "unit__name")


class MemberRow(NamedTuple):
    """A member as a list of every group shows it, read as a row (``values_list``) rather than a model instance."""

    role: str
    unit_id: int
    unit_name: str
    retired_on: datetime.date | None
    merged_into_name: str | None


class Membership(models.Model):
    """A unit's place in a group for one campaign, with its role that year."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Trưởng")
        DEPUTY = "deputy", _("Phó")
        MEMBER = "member", _("Thành viên")

    group = models.ForeignKey(Group, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="memberships")
    # Denormalised from the group so the database can say "one group per unit per campaign".
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()
    # Who joined, left or changed role, and when: the group's history page reads it with the group's own.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="membership_one_group_per_unit",
                violation_error_message=_("Đơn vị đã thuộc một cụm, khối khác trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="leader"), name="membership_one_leader",
                violation_error_message=_("Mỗi cụm, khối chỉ có một đơn vị trưởng."),
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="deputy"), name="membership_one_deputy",
                violation_error_message=_("Mỗi cụm, khối chỉ có một đơn vị phó."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.group}"

    def save(self, *args, **kwargs):
        if self.group_id and not self.campaign_id:
            self.campaign_id = self.group.campaign_id
        with transaction.atomic():
            self.group.ensure_members_may_change()
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            self.group.ensure_members_may_change()
            return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.group_id and self.campaign_id and self.group.campaign_id != self.campaign_id:
            raise ValidationError(_("Cụm, khối và kế hoạch không khớp."))
