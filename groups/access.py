"""Who may see and change a group. 404 for a group a user may not see, 403 for what they may see but not do."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_officer_of, require_city_staff

from .models import Group, Membership

MEMBERS_IN_ORDER = Prefetch(
    "memberships", queryset=Membership.objects.in_display_order()
)


def get_group_for_user(user, pk) -> Group:
    """The group if the user may see it (city staff, leaders, or an officer of a member unit), else 404."""
    return get_object_or_404(
        Group.objects.visible_to(user).select_related("campaign").prefetch_related(MEMBERS_IN_ORDER), pk=pk
    )


def leader_unit_id(group=None, memberships=None) -> int | None:
    """The group's leader unit, read from its memberships (``memberships`` when the caller has them already, else
    ``group.memberships.all()``: no query once prefetched, as :func:`get_group_for_user` does); None for a group
    without a leader."""
    members = group.memberships.all() if memberships is None else memberships
    return next((m.unit_id for m in members if m.role == Membership.Role.LEADER), None)


def get_editable_group(user, pk) -> Group:
    group = get_group_for_user(user, pk)
    require_city_staff(user)
    require_groups_editable(group.campaign)
    return group


def require_groups_editable(campaign) -> None:
    if not campaign.groups_editable:
        raise PermissionDenied(_("Kế hoạch đã kết thúc, không thể thay đổi cụm, khối thi đua."))


def can_edit_groups(user, campaign) -> bool:
    """City staff add, change and delete the plan's groups until the plan closes (``require_city_staff`` and
    :func:`require_groups_editable`, which the views call for their two messages)."""
    return user.is_city_staff and campaign.groups_editable


def is_leader_or_city(user, group_id, leader_id=None) -> bool:
    """City staff, or an officer of the group's leader unit this year: who runs the group's pledge (drafts it,
    opens and returns its signing, amends it) and reviews its reports. ``leader_id`` saves the query when the
    caller already holds the members."""
    if user.is_city_staff:
        return True
    if not user.is_unit_officer:
        return False
    return is_officer_of(user, leader_id if leader_id is not None else Membership.objects.leader_unit_id(group_id))


@dataclass(frozen=True)
class CampaignGroupsRights:
    """What the user may do with a plan's groups as a whole: the group list and the plan page's groups card."""

    sees_all: bool = False   # every group of the plan (city staff and leaders), and the units left ungrouped
    create: bool = False     # add a group

    @classmethod
    def of(cls, user, campaign) -> "CampaignGroupsRights":
        return cls(sees_all=user.sees_everything, create=can_edit_groups(user, campaign))


@dataclass(frozen=True)
class GroupRights:
    """What the user may do on a group's page, decided once by the view; the template reads it instead of
    re-checking roles or the user's unit. The views that act check the same rules again."""

    edit: bool = False                 # change members, leader and deputy, or delete the group
    audit: bool = False                # the group's change history (accounts.access.require_audit_access)
    own_unit_id: int | None = None     # the user's unit, marked "Đơn vị của bạn" in the member list
    unit_links: frozenset = field(default_factory=frozenset)   # members whose unit page the list links to

    @classmethod
    def of(cls, user, group, member_ids) -> "GroupRights":
        """The rights of ``user`` on ``group``, whose member units are ``member_ids`` (no query)."""
        # Every member's page for those who see every unit; for an officer, their own unit's.
        linked = member_ids if user.sees_everything else [u for u in member_ids if is_officer_of(user, u)]
        return cls(
            edit=can_edit_groups(user, group.campaign),
            audit=user.is_city_staff,
            own_unit_id=user.unit_id,
            unit_links=frozenset(linked),
        )
