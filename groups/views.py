from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import history
from accounts.access import city_staff_required, require_audit_access, require_city_staff
from campaigns.access import get_campaign_for_user
from units.access import get_unit_for_user
from units.forms import RetireUnitForm
from units.models import Unit

from . import services, wording
from .access import (
    CampaignGroupsRights,
    GroupRights,
    get_editable_group,
    get_group_for_user,
    leader_unit_id,
    require_groups_editable,
)
from .forms import GroupForm
from .models import Group, MemberRow, Membership


@login_required
def group_list(request, year):
    campaign = get_campaign_for_user(request.user, year)
    groups = list(
        Group.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .annotate(member_count=Count("memberships"))
        .order_by("kind", "name")
    )
    # Every member of every group is on the page (a thousand at city scale): read as rows, not model instances.
    for group in groups:
        group.member_rows = []
    by_pk = {group.pk: group for group in groups}
    for row in (Membership.objects.filter(group__in=groups).in_display_order()
                .values_list("group_id", "role", "unit_id", "unit__name", "unit__retired_on",
                             "unit__merged_into__name")):
        by_pk[row[0]].member_rows.append(MemberRow(*row[1:]))
    rights = CampaignGroupsRights.of(request.user, campaign)
    repeat_summary = _mark_repeat_leaders(request.user, campaign, groups, leader_of=lambda group: leader_unit_id(memberships=group.member_rows))
    ungrouped = None
    if rights.sees_all:
        ungrouped = Unit.objects.active().exclude(memberships__campaign=campaign)
    context = {
        "campaign": campaign,
        "blocs": [g for g in groups if g.kind == Group.Kind.BLOC],
        "clusters": [g for g in groups if g.kind == Group.Kind.CLUSTER],
        "ungrouped": ungrouped,
        "rights": rights,
        "repeat_summary": repeat_summary,
    }
    return render(request, "groups/group_list.html", context)


def _mark_repeat_leaders(user, campaign, groups, **options) -> str:
    """``group.repeat_leader_text`` on each group whose leader led the same-named group the year before, for
    city staff and leaders, who decide the leaders (``groups.services.repeat_leaders``, given ``options``; one
    query). Returns the list's summary of them ("" when none)."""
    repeats = services.repeat_leaders(campaign, groups, **options) if user.sees_everything else {}
    for group in groups:
        repeat = repeats.get(group.pk)
        group.repeat_leader_text = wording.repeat_leader_text(repeat, group.kind) if repeat else ""
        group.repeat_leader_short = wording.repeat_leader_short(repeat) if repeat else ""
        group.repeat_leader_refused = bool(repeat and repeat.refused)
    return wording.repeat_leaders_summary(len(repeats), campaign) if repeats else ""


@login_required
def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    _mark_repeat_leaders(request.user, group.campaign, [group])
    members = group.memberships.all()
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "campaign": group.campaign,
            "members": members,
            "rights": GroupRights.of(request.user, group, [member.unit_id for member in members]),
        },
    )


@login_required
def group_create(request, year):
    campaign = get_campaign_for_user(request.user, year)
    require_city_staff(request.user)
    require_groups_editable(campaign)
    form = GroupForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        group = services.save_group(form.save(commit=False), form.roles())
        messages.success(request, _("Đã tạo “%(name)s”.") % {"name": group.name})
        _warn_repeat_leader(request, form)
        return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form, "campaign": campaign})


@login_required
def group_edit(request, pk):
    group = get_editable_group(request.user, pk)
    form = GroupForm(request.POST or None, instance=group, campaign=group.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_group(form.save(commit=False), form.roles())
        except ValidationError as error:  # the pledge was opened for signing since the form was checked
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu “%(name)s”.") % {"name": group.name})
            _warn_repeat_leader(request, form)
            return redirect("groups:detail", pk=group.pk)
    # Why the leader should change (or must, when the plan refuses a leader two years running).
    _mark_repeat_leaders(request.user, group.campaign, [group])
    return render(request, "groups/group_form.html", {"form": form, "campaign": group.campaign, "group": group})


def _warn_repeat_leader(request, form) -> None:
    """Saved with a leader that led the same-named group the year before, the plan warning about it."""
    if form.repeat_leader is not None:
        messages.warning(request, wording.repeat_leader_text(form.repeat_leader, form.cleaned_data["kind"]))


@require_POST
@login_required
def group_delete(request, pk):
    group = get_editable_group(request.user, pk)
    year = group.campaign.year
    if group.pledges.exists():
        messages.error(request, _("Không thể xóa “%(name)s” vì cụm, khối đã có giao ước thi đua.") % {"name": group.name})
        return redirect("groups:detail", pk=group.pk)
    group.delete()
    messages.success(request, _("Đã xóa “%(name)s”.") % {"name": group.name})
    return redirect("groups:list", year=year)


@login_required
def group_history(request, pk):
    """The group's own changes and its members' (joined, left, role changed), newest first: for city staff."""
    require_audit_access(request.user)
    group = get_group_for_user(request.user, pk)
    detail = reverse("groups:detail", args=[pk])
    changes = history.merged(
        history.changes(Group.history.filter(id=group.pk), fields=["name", "kind", "description"],
                        subject=lambda record, names: record.name),
        history.changes(Membership.history.filter(group_id=group.pk), fields=["unit", "role"],
                        subject=lambda record, names: names["unit"].get(record.unit_id, "")),
    )
    return history.render_history(
        request, changes, title=_("Lịch sử thay đổi cụm, khối"), subject=group.name,
        crumbs=[(_("Cụm, khối thi đua"), reverse("groups:list", args=[group.campaign.year])), (group.name, detail)],
        back_url=detail,
    )


@city_staff_required
def unit_retire(request, pk):
    """A unit stops (merged or dissolved): its groups from that year on are shown, and its memberships can be
    handed to the unit that took it over. Here rather than in ``units`` because it changes groups."""
    unit = get_unit_for_user(request.user, pk)
    if not unit.is_active:
        messages.info(request, _("Đơn vị này đã ngừng hoạt động."))
        return redirect("units:detail", pk=unit.pk)
    form = RetireUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                moved = []
                if form.cleaned_data["move_memberships"]:
                    moved = services.hand_over_memberships(unit, unit.merged_into, unit.retired_on)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi nhận đơn vị “%(name)s” ngừng hoạt động.") % {"name": unit.name})
            _tell_what_became_of_the_groups(request, unit, moved)
            return redirect("units:detail", pk=unit.pk)
    on = form.cleaned_data.get("retired_on") if hasattr(form, "cleaned_data") else None
    context = {"form": form, "unit": unit, "affected": services.retirement_impact(unit, on)}
    return render(request, "groups/unit_retire.html", context)


def _tell_what_became_of_the_groups(request, unit, moved) -> None:
    def names(groups):
        return "; ".join(f"{group.name} ({group.campaign.year})" for group in groups)

    if moved:
        messages.info(request, _("“%(successor)s” thay thế đơn vị trong: %(groups)s.")
                      % {"successor": unit.merged_into.name, "groups": names(moved)})
    kept = [affected.membership.group for affected in services.retirement_impact(unit, unit.retired_on)]
    if kept:
        messages.warning(request, _("Đơn vị đã ngừng hoạt động nhưng vẫn còn trong: %(groups)s. Hãy sửa thành viên "
                                    "của các cụm, khối này.") % {"groups": names(kept)})
