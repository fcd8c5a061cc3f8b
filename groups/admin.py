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
    """Read-only while the group's pledge is open for signing or signed (see Group.members_frozen)."""

    model = Membership
    form = MembershipInlineForm
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
