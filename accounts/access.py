"""Server-side access rules shared by every view.

404 for what a user may not see (an out-of-scope object is simply not found), 403 for what they may see but
not change.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


def is_officer_of(user, unit_id) -> bool:
    """An officer of that unit: who fills in, reports for and signs for it."""
    return user.is_unit_officer and unit_id is not None and user.unit_id == unit_id


def require_city_staff(user) -> None:
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ cán bộ Ban Thi đua – Khen thưởng được thực hiện thao tác này."))


def city_staff_required(view):
    """Sign-in required; then 403 for anyone but city staff (and superusers)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_city_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def require_sees_everything(user) -> None:
    """Registers of the whole city (all units, all groups) are for city staff and leaders."""
    if not user.sees_everything:
        raise PermissionDenied(_("Trang này chỉ dành cho Ban Thi đua – Khen thưởng và lãnh đạo."))


def visible_scope(queryset, user, officer_scope):
    """The shape every ``visible_to`` shares: nothing for anonymous users and for officers without a unit,
    everything for city staff and leaders, ``officer_scope(queryset)`` for an officer of a unit."""
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_everything:
        return queryset.all()
    if user.unit_id is None:
        return queryset.none()
    return officer_scope(queryset)


def require_audit_access(user) -> None:
    """Change histories are for city staff: for anyone else the page does not exist (404)."""
    if not user.is_city_staff:
        raise Http404(_("Không tìm thấy trang."))
