from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the download views and the worker, and pruned by ``prune_exports``."""

    list_display = ["title", "user", "kind", "status", "percent_done", "created_at", "finished_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "user__username", "filename"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
