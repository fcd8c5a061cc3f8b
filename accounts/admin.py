from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import router
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """Accounts, with their change history (never the password: see ``UNTRACKED_USER_FIELDS``)."""

    list_display = ["username", "get_full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Thi đua"), {"fields": ["role", "unit", "position"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Thi đua"), {"fields": ["role", "unit", "position"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes their own account here: the change history would name a user that no longer exists
        (and the superuser would lock themselves out)."""
        if obj is not None and obj.pk == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        """An account that other records keep (a PROTECT foreign key: a pledge signature keeps who confirmed it)
        is not deleted: say why and offer to deactivate it, rather than Django's page of protected objects. The
        model that keeps the account words the reason (``protected_user_message``), so this floor names none of
        the apps above it; without such a reason Django's own page answers."""
        user = self.get_object(request, unquote(object_id))
        reason = user is not None and protected_user_message(user)
        if reason:
            messages.error(request, reason)
            return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)


def protected_user_message(user) -> str | None:
    """Why ``user`` cannot be deleted, in the words of the first model that protects it and says why, or None."""
    collector = NestedObjects(using=router.db_for_write(User))
    collector.collect([user])
    for blocker in collector.protected:
        message = getattr(type(blocker), "protected_user_message", None)
        if message:
            return str(message)
    return None
