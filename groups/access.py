"""Who may see and change a group. 404 for a group a user may not see, 403 for what they may see but not do."""

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


def get_editable_group(user, pk) -> Group:
    group = get_group_for_user(user, pk)
    require_city_staff(user)
    require_groups_editable(group.campaign)
    return group


def require_groups_editable(campaign) -> None:
    if not campaign.groups_editable:
        raise PermissionDenied(_("Kế hoạch đã kết thúc, không thể thay đổi cụm, khối thi đua."))


def is_leader_or_city(user, group_id, leader_id=None) -> bool:
    """City staff, or an officer of the group's leader unit this year: who runs the group's pledge (drafts it,
    opens and returns its signing, amends it) and reviews its reports. ``leader_id`` saves the query when the
    caller already holds the members."""
    if user.is_city_staff:
        return True
    if not user.is_unit_officer:
        return False
    return is_officer_of(user, leader_id if leader_id is not None else Membership.objects.leader_unit_id(group_id))
