"""Reports and period closures, read-only: a city office inspects them here; they change only through the report
pages, which keep the rules (who may edit, closed periods, attainment recomputed)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyInline, ReadOnlyModelAdmin

from .models import Evidence, PeriodClosure, Report, ReportEvent, ReportValue


class ReportValueInline(ReadOnlyInline):
    model = ReportValue
    fields = ["line", "direction", "target_value", "actual", "done", "attainment", "weight", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line")


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "size", "uploaded_by", "uploaded_at"]  # the file itself through the report page
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["at", "from_status", "to_status", "user", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Report)
class ReportAdmin(ReadOnlyModelAdmin):
    list_display = ["unit", "period", "year", "group", "status", "attainment", "submitted_at", "submitted_by"]
    list_filter = ["campaign", "status", "period__name", "group"]
    search_fields = ["unit__name", "unit__code", "unit__short_name", "group__name"]
    list_select_related = ["unit", "period", "campaign", "group", "submitted_by"]
    date_hierarchy = "submitted_at"
    fields = ["unit", "group", "campaign", "period", "pledge", "status", "attainment", "revision", "submitted_at",
              "submitted_by", "return_comment", "created_at", "updated_at"]
    inlines = [ReportValueInline, EvidenceInline, ReportEventInline]

    @admin.display(description=_("năm"), ordering="campaign__year")
    def year(self, report):
        return report.campaign.year


@admin.register(PeriodClosure)
class PeriodClosureAdmin(ReadOnlyModelAdmin):
    list_display = ["period", "year", "closed_by", "closed_at"]
    list_filter = ["period__campaign"]
    list_select_related = ["period__campaign", "closed_by"]

    @admin.display(description=_("năm"), ordering="period__campaign__year")
    def year(self, closure):
        return closure.period.campaign.year
