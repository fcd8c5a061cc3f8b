from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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
