from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import RepeatLeaderRule
from common.forms import RowsForm
from units.models import Unit

from . import services, wording
from .models import Group, Membership


class GroupForm(RowsForm, forms.ModelForm):
    """A bloc or cluster with its members, leader and deputy, checked before anything is saved."""

    layout = [("name", "kind"), "members", ("leader", "deputy"), "description"]
    members = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple,
        template_name="groups/members_field.html",
    )
    # Leader and deputy must be ticked members (checked in clean()); app.js offers only the ticked ones.
    leader = forms.ModelChoiceField(
        label=_("Đơn vị trưởng"), queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"data-choices-from": "#member-options"}),
    )
    deputy = forms.ModelChoiceField(
        label=_("Đơn vị phó"), queryset=Unit.objects.none(), required=False,
        widget=forms.Select(attrs={"data-choices-from": "#member-options"}),
    )

    class Meta:
        model = Group
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.campaign = campaign
        self.repeat_leader = None  # set by clean(): a leader of the same-named group the year before
        # Active units, plus retired ones already in this group (so editing an old group does not drop them);
        # units free to choose first, those already in another group of the year after them.
        in_other_group = Membership.objects.filter(campaign=campaign, unit=OuterRef("pk")).exclude(
            group_id=self.instance.pk
        )
        units = (
            Unit.objects.filter(Q(retired_on__isnull=True) | Q(memberships__group=self.instance.pk or 0))
            .distinct()
            .annotate(in_other_group=Exists(in_other_group))
            .order_by("in_other_group", "name")
        )
        self.fields["members"].queryset = units
        # Leader and deputy come from the units this group may hold, not from other groups' members.
        for name in ["leader", "deputy"]:
            self.fields[name].queryset = units.filter(in_other_group=False)
        self.fields["leader"].empty_label = _("— Chọn đơn vị trưởng —")
        self.fields["deputy"].empty_label = _("— Chưa có đơn vị phó —")
        # Units already in another group this year: shown, but not selectable.
        self.taken = dict(
            Membership.objects.filter(campaign=campaign)
            .exclude(group_id=self.instance.pk)
            .values_list("unit_id", "group__name")
        )
        if self.instance.pk:
            roles = dict(self.instance.memberships.values_list("unit_id", "role"))
            self.initial.setdefault("members", list(roles))
            self.initial.setdefault(
                "leader", next((u for u, r in roles.items() if r == Membership.Role.LEADER), None)
            )
            self.initial.setdefault(
                "deputy", next((u for u, r in roles.items() if r == Membership.Role.DEPUTY), None)
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Group.objects.filter(campaign=self.campaign, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Kế hoạch năm nay đã có cụm, khối tên “%(name)s”.") % {"name": name})
        return name

    def clean_members(self):
        members = self.cleaned_data["members"]
        taken = [f"{unit.name} ({self.taken[unit.pk]})" for unit in members if unit.pk in self.taken]
        if taken:
            raise forms.ValidationError(
                _("Mỗi đơn vị chỉ thuộc một cụm, khối trong năm. Đã thuộc cụm, khối khác: %(units)s.")
                % {"units": "; ".join(taken)}
            )
        return members

    def clean(self):
        cleaned = super().clean()
        members = set(cleaned.get("members") or [])
        leader, deputy = cleaned.get("leader"), cleaned.get("deputy")
        if leader and "members" in cleaned and leader not in members:
            self.add_error("leader", _("Đơn vị trưởng phải là thành viên của cụm, khối."))
        if deputy and "members" in cleaned and deputy not in members:
            self.add_error("deputy", _("Đơn vị phó phải là thành viên của cụm, khối."))
        if leader and deputy and leader == deputy:
            self.add_error("deputy", _("Đơn vị phó phải khác đơn vị trưởng."))
        self.check_repeat_leader(cleaned.get("name"), leader, cleaned.get("kind"))
        if (self.instance.pk and not self.errors and self.instance.members_frozen()
                and self.roles() != dict(self.instance.memberships.values_list("unit_id", "role"))):
            self.add_error(None, self.instance.members_frozen_error())
        return cleaned

    def check_repeat_leader(self, name, leader, kind) -> None:
        """The plan's rule on a unit leading the same-named group two years running: refused here, or kept in
        ``repeat_leader`` for the view's warning (``campaigns.models.RepeatLeaderRule``)."""
        self.repeat_leader = None
        if not name or leader is None or self.campaign.repeat_leader_rule == RepeatLeaderRule.ALLOW:
            return
        repeat = services.repeat_leader(self.campaign, name, leader.pk)
        if repeat is not None and repeat.refused:
            self.add_error("leader", wording.repeat_leader_text(repeat, kind))
        else:
            self.repeat_leader = repeat

    def roles(self) -> dict[int, str]:
        """unit id → role, from the cleaned form."""
        leader, deputy = self.cleaned_data["leader"], self.cleaned_data.get("deputy")
        result = {unit.pk: Membership.Role.MEMBER for unit in self.cleaned_data["members"]}
        result[leader.pk] = Membership.Role.LEADER
        if deputy:
            result[deputy.pk] = Membership.Role.DEPUTY
        return result
