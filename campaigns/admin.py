from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyModelAdmin

from .models import Campaign, CampaignStatusChange, ContentItem, Indicator, LegalBasis, ReportingPeriod


class PlanPartInline(admin.TabularInline):
    """Parts of a plan are read-only in the admin too once the plan is issued."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


class LegalBasisInline(PlanPartInline):
    model = LegalBasis


class ContentItemInline(PlanPartInline):
    model = ContentItem


class ReportingPeriodInline(PlanPartInline):
    model = ReportingPeriod


class StatusChangeInline(admin.TabularInline):
    model = CampaignStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "document_number", "status"]
    list_filter = ["status"]
    search_fields = ["title", "theme"]
    readonly_fields = ["status"]
    inlines = [LegalBasisInline, ContentItemInline, ReportingPeriodInline, StatusChangeInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.campaign.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.campaign.is_editable)

    list_display = ["code", "name", "campaign", "measure_unit", "city_value", "direction", "area"]
    list_filter = ["campaign", "direction", "area"]
    search_fields = ["code", "name"]
    list_select_related = ["campaign"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyModelAdmin):
    """Every plan's periods in one list, to inspect; they are edited with their plan while it is a draft."""

    list_display = ["name", "campaign", "end_date", "deadline", "is_closed"]
    list_filter = ["campaign", "name"]
    search_fields = ["name", "campaign__title"]
    list_select_related = ["campaign", "closure"]

    @admin.display(description=_("đã khóa sổ"), boolean=True)
    def is_closed(self, period):
        return hasattr(period, "closure")
