"""Pages about user accounts (accounts themselves are managed in the admin)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from . import history
from .access import require_audit_access
from .models import User


@login_required
def user_history(request, pk):
    """Who changed an account (name, role, unit, rights, active) and when; never the password: city staff only."""
    require_audit_access(request.user)
    account = get_object_or_404(User, pk=pk)
    return history.render_history(
        request, history.changes(User.history.filter(id=account.pk)),
        title=_("Lịch sử thay đổi tài khoản"), subject=f"{account.username} ({account})" if account.get_full_name()
        else account.username,
        crumbs=[], back_url=reverse("home"),
    )
