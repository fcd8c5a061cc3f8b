"""Admin pieces every app may use (the bottom floor)."""

from django.contrib import admin


class ReadOnly:
    """Records made by the application's own workflows (reports, closures, periods): the admin shows them to
    inspect, and they change only through the pages that keep their rules."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
