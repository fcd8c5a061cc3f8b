from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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
        """An account that confirmed a pledge signature is kept (the signature protects it): say so and offer
        to deactivate it, rather than Django's page of protected objects."""
        from pledges.models import Signature

        if object_id.isdigit() and Signature.objects.filter(signed_by_id=object_id).exists():
            messages.error(request, _(
                "Người dùng này đã ký giao ước thi đua nên không thể xoá, để giữ thông tin người ký. Hãy khoá tài "
                "khoản: bỏ chọn ô “Đang hoạt động” (Active) bên dưới rồi lưu."))
            return redirect(reverse("admin:accounts_user_change", args=[object_id]))
        return super().delete_view(request, object_id, extra_context)
