"""The meeting rules page: a plan's quorum and what "elected" means (:mod:`awards.rules`), with its
repeat-leader rule, which the plan form sets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.access import can_edit as can_edit_plan

from .access import get_rules_campaign, require_rules_manager
from .models import AwardSettings
from .rules import AwardSettingsForm, SettingsConflict, quorum_text, save_settings, settings_state


def _page(request, campaign, rules, form=None, conflict=None, status=200):
    manages = request.user.is_city_staff
    if manages and form is None:
        form = AwardSettingsForm.for_rules(rules)
    return render(request, "awards/settings.html", {
        "campaign": campaign, "rules": rules, "form": form if manages else None, "conflict": conflict,
        "quorum": quorum_text(rules.quorum_numerator, rules.quorum_denominator),
        "conflict_quorum": conflict and quorum_text(conflict.quorum_numerator, conflict.quorum_denominator),
        "edits_plan": can_edit_plan(request.user, campaign),
    }, status=status)


@login_required
def settings(request, year):
    """GET shows the rules (a form for city staff, read-only for leaders); POST saves them (city staff)."""
    campaign = get_rules_campaign(request.user, year)
    rules = AwardSettings.for_campaign(campaign)
    if request.method != "POST":
        return _page(request, campaign, rules)
    require_rules_manager(request.user)
    form = AwardSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, campaign, rules, form, status=422)
    (numerator, denominator), base = form.cleaned_data["quorum"], form.cleaned_data["elected_base"]
    try:
        save_settings(campaign, numerator, denominator, base, opened=form.cleaned_data["opened"])
    except SettingsConflict as conflict:
        # Keep what this user typed; the form now knows the other save, so saving again overwrites knowingly.
        data = request.POST.copy()
        data["opened"] = settings_state(conflict.current)
        return _page(request, campaign, conflict.current, AwardSettingsForm(data), conflict=conflict.current,
                     status=409)
    messages.success(request, _("Đã lưu quy định bình xét năm %(year)s.") % {"year": campaign.year})
    return redirect("awards:settings", year)
