"""Who may see and do what with progress reports. 404 for what a user may not see, 403 for what they may not do."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from groups.models import Membership


def is_group_leader(user, group_id) -> bool:
    return user.is_unit_officer and Membership.objects.filter(
        group_id=group_id, unit_id=user.unit_id, role=Membership.Role.LEADER).exists()


def can_review(user, group_id) -> bool:
    """City staff and the officers of the group's leader unit return submitted reports."""
    return user.is_city_staff or is_group_leader(user, group_id)


def require_review(user, group_id) -> None:
    if not can_review(user, group_id):
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng và đơn vị trưởng cụm, khối được trả lại báo cáo."))


def require_own_unit(user, unit_id) -> None:
    """Officers report only for their own unit; nobody else (not even city staff) fills a unit's report."""
    if not (user.is_unit_officer and user.unit_id == unit_id):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được nhập báo cáo của đơn vị mình."))
