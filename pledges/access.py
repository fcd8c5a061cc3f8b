"""Who may do what with a pledge. 404 for what a user may not see, 403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from groups.models import Membership

from .models import Pledge


def get_pledge_for_user(user, pk) -> Pledge:
    return get_object_or_404(Pledge.objects.visible_to(user).select_related("group", "campaign"), pk=pk)


def can_manage(user, group_id, leader_id=None) -> bool:
    """City staff, and the officers of the group's leader unit, draft the pledge and run its signing."""
    if user.is_city_staff:
        return True
    if not user.is_unit_officer:
        return False
    leader_id = leader_id if leader_id is not None else Membership.objects.leader_unit_id(group_id)
    return user.unit_id == leader_id


def require_manage(user, group_id, leader_id=None) -> None:
    if not can_manage(user, group_id, leader_id):
        raise PermissionDenied(_("Chỉ đơn vị trưởng cụm, khối và Ban Thi đua – Khen thưởng được thực hiện thao tác này."))


def require_draft(pledge: Pledge) -> None:
    if pledge.status != Pledge.Status.DRAFT:
        raise PermissionDenied(
            _("Giao ước không còn là dự thảo nên không thể thay đổi. Giao ước đã ký chỉ thay đổi bằng bản sửa đổi.")
        )


def can_edit_unit(user, pledge: Pledge, unit_id: int) -> bool:
    """Officers fill in their own unit's targets; city staff any member's. Only while the pledge is a draft."""
    if pledge.status != Pledge.Status.DRAFT:
        return False
    return user.is_city_staff or (user.is_unit_officer and user.unit_id == unit_id)


def require_edit_unit(user, pledge: Pledge, unit_id: int) -> None:
    require_draft(pledge)
    if not can_edit_unit(user, pledge, unit_id):
        raise PermissionDenied(_("Bạn chỉ được nhập chỉ tiêu của đơn vị mình."))
