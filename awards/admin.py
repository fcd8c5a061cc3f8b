from django.contrib import admin

from .models import RegisteredPerson, Registration, Title


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "campaign", "position")
    list_filter = ("campaign", "scope")


class PersonInline(admin.TabularInline):
    model = RegisteredPerson
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("unit", "campaign", "status", "submitted_at")
    list_filter = ("campaign", "status")
    inlines = [PersonInline]
    readonly_fields = ("version", "submitted_at", "first_submitted_at", "submitted_by", "reopened_at",
                      "reopened_by")
