from django.contrib import admin

from .models import Group, Membership


class MembershipInline(admin.TabularInline):
    """Read-only while the group's pledge is open for signing or signed (see Group.members_frozen)."""

    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    exclude = ["campaign"]

    def _may_change(self, obj) -> bool:
        return obj is None or not obj.members_frozen()

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_change(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(obj)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "campaign"]
    list_filter = ["campaign", "kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]
