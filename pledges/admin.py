from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, Pledge, PledgeLine, PledgeMember, Signature, Target


class LockedWhenNotDraft:
    """A pledge that is open for signing or signed is read-only in the admin, as everywhere else."""

    def _editable(self, obj):
        pledge = obj if isinstance(obj, Pledge) else getattr(obj, "pledge", None)
        return pledge is None or pledge.status == Pledge.Status.DRAFT

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class CommitmentInline(LockedWhenNotDraft, admin.TabularInline):
    model = Commitment
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(obj)


class PledgeLineInline(CommitmentInline):
    model = PledgeLine
    raw_id_fields = ["indicator", "unit"]


class RecordInline(admin.TabularInline):
    """What the signing recorded: shown, never added or removed in the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PledgeAdminForm(forms.ModelForm):
    """Status and version are read-only here, so Django leaves them out of the model's checks, and a second
    pledge for a group reached the database (IntegrityError). They hold what will be saved (a new pledge is a
    draft, version 1): the constraints are checked with them, so the form itself says what is wrong."""

    CHECKED_READ_ONLY = {"status", "version"}

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - self.CHECKED_READ_ONLY


class SignatureInline(RecordInline):
    model = Signature
    readonly_fields = ["unit", "signer_name", "signer_position", "signed_by", "signed_at", "scan"]


class PledgeMemberInline(RecordInline):
    """The members as the pledge was opened for signing."""

    model = PledgeMember
    readonly_fields = ["position", "unit", "role", "unit_code", "unit_name", "unit_short_name"]


@admin.register(Pledge)
class PledgeAdmin(LockedWhenNotDraft, admin.ModelAdmin):
    form = PledgeAdminForm
    list_display = ["title", "version", "status", "campaign", "signed_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["title", "group__name"]
    readonly_fields = ["status", "opened_at", "signed_at", "created_by", "created_at", "amends", "version"]
    raw_id_fields = ["group"]
    inlines = [CommitmentInline, PledgeLineInline, PledgeMemberInline, SignatureInline]


@admin.register(Target)
class TargetAdmin(LockedWhenNotDraft, SimpleHistoryAdmin):
    list_display = ["pledge", "line", "unit", "status", "value", "version", "updated_by", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["pledge", "line", "unit", "updated_by"]
    readonly_fields = ["version"]

    def has_add_permission(self, request):
        return False
