from django.contrib import admin

from .models import Criterion, ScoringTable


def _editable(obj) -> bool:
    return obj is None or obj.is_draft


class CriterionInline(admin.TabularInline):
    """A published table's rows are read-only here too (their save() refuses as well)."""

    model = Criterion
    fk_name = "table"
    extra = 0
    fields = ["position", "code", "name", "kind", "parent", "max_points", "source", "points_per_report"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)


@admin.register(ScoringTable)
class ScoringTableAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "group_kind", "group", "version", "status"]
    list_filter = ["status", "group_kind", "campaign"]
    readonly_fields = ["status", "published_at", "published_by", "previous", "version"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)
