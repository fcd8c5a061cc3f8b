"""Server-side access rules shared by every view.

404 for what a user may not see (an out-of-scope object is simply not found), 403 for what they may see but
not change.
"""

from functools import cached_property, wraps

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


class UserRights:
    """What the signed-in user may do wherever they are: the menu, the start page and the list pages' "create"
    buttons, which are about no one object. Provided to every template as ``user_rights`` by
    ``config.context_processors.user_rights``; each property reads the same rule the views enforce and is
    computed only when a template asks (no query: the user is already loaded)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def sees_everything(self) -> bool:
        """The city's registers (every unit, every group): :func:`require_sees_everything`."""
        return self.user.is_authenticated and self.user.sees_everything

    @cached_property
    def manages_registers(self) -> bool:
        """Create plans and units (:func:`require_city_staff`, :func:`city_staff_required`)."""
        return self.user.is_authenticated and self.user.is_city_staff

    @cached_property
    def own_unit_id(self) -> int | None:
        """The unit the user belongs to ("Đơn vị của tôi"), for those who do not see every unit."""
        if not self.user.is_authenticated or self.sees_everything:
            return None
        return self.user.unit_id

    @cached_property
    def lacks_unit(self) -> bool:
        """An officer account nobody attached to a unit yet: it can act on nothing (:func:`visible_scope`)."""
        user = self.user
        return (user.is_authenticated and user.role == user.Role.UNIT_OFFICER and user.unit_id is None
                and not user.is_superuser)

    @cached_property
    def administers(self) -> bool:
        """The Django admin."""
        return self.user.is_authenticated and self.user.is_superuser
