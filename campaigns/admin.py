from django.contrib import admin

from .models import Campaign, CampaignStatusChange, ContentItem, Indicator, LegalBasis, ReportingPeriod


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ContentItemInline(admin.TabularInline):
    model = ContentItem
    extra = 0


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


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
    list_display = ["code", "name", "campaign", "measure_unit", "city_value", "direction", "area"]
    list_filter = ["campaign", "direction", "area"]
    search_fields = ["code", "name"]
    list_select_related = ["campaign"]
