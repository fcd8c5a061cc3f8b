from django.contrib import admin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "retired_on"]
    list_filter = ["kind", ("retired_on", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["merged_into"]
