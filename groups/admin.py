from django import forms
from django.contrib import admin

from .models import Group, Membership


class MembershipInlineForm(forms.ModelForm):
    """The campaign is not on the form (it is the group's): set it before the checks, so "one group per unit and
    campaign" is said on the row instead of reaching the database as an IntegrityError."""

    def _get_validation_exclusions(self):
        group = getattr(self.instance, "group", None)  # the inline formset sets the group, saved or not
        if group is not None and group.campaign_id:
            self.instance.campaign_id = group.campaign_id
            return super()._get_validation_exclusions() - {"campaign"}
        return super()._get_validation_exclusions()


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipInlineForm
    extra = 0
    autocomplete_fields = ["unit"]
    exclude = ["campaign"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "campaign"]
    list_filter = ["campaign", "kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]
