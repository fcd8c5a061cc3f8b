"""The admin site of the project: Vietnamese titles, and a refusal from the domain shown as a message.

Models refuse changes the admin cannot foresee (a signed pledge's target reverted from its history, a part of an
issued plan, a second draft pledge for a group, a delete that other rows depend on): they raise ValidationError,
the database raises IntegrityError, a PROTECT foreign key raises ProtectedError. Every admin view, ours and those
of packages (simple_history's revert), is wrapped by ``AdminSite.admin_view``, so the refusal is caught there once:
whatever the view wrote is rolled back and the page says why, in Vietnamese, instead of answering 500.
"""

import logging
from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: How many of the rows that block a delete the message names.
BLOCKERS_SHOWN = 5


def refusal_message(error: Exception) -> str:
    """What to tell the person for a refusal raised by a model, the database or a protected foreign key."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, (ProtectedError, RestrictedError)):
        blockers = list(error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects)
        names = ", ".join(f"“{obj}”" for obj in blockers[:BLOCKERS_SHOWN])
        if len(blockers) > BLOCKERS_SHOWN:
            names += _(" và %(n)s mục khác") % {"n": len(blockers) - BLOCKERS_SHOWN}
        return _("Không xóa được vì còn dữ liệu dựa vào: %(names)s.") % {"names": names}
    return _("Không lưu được: dữ liệu trùng hoặc mâu thuẫn với dữ liệu đã có. Hãy kiểm tra lại rồi thử lại.")


def refuse_with_message(view):
    """Run an admin view; a refusal becomes an error message and a redirect, and nothing it wrote is kept.

    A form sent with POST comes back to the same page; a page that cannot even be shown sends to the admin index
    (going back to it would only fail again).
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            if request.method in SAFE_METHODS:
                return view(request, *args, **kwargs)
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except (ValidationError, IntegrityError, ProtectedError, RestrictedError) as error:
            logger.info("Admin refused %s %s: %r", request.method, request.path, error)
            messages.error(request, refusal_message(error))
            if request.method in SAFE_METHODS:
                return redirect("admin:index")
            return redirect(request.get_full_path())

    return guarded


class AdminSite(admin.AdminSite):
    site_header = gettext_lazy("Thi đua — Quản trị")
    site_title = gettext_lazy("Quản trị Thi đua")
    index_title = gettext_lazy("Quản trị hệ thống")

    def admin_view(self, view, cacheable=False):
        return super().admin_view(refuse_with_message(view), cacheable)
