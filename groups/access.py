"""Who may see and change a group. 404 for a group a user may not see, 403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import require_city_staff

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
