"""Views of the yearly plan. Thin: access through the helpers below, rules in models and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, ProtectedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from accounts import history
from accounts.access import city_staff_required, require_audit_access, require_city_staff

from . import services
from .access import CampaignRights, get_campaign_for_user, get_editable_campaign
from .forms import (
    CampaignForm,
    ContentItemForm,
    CopyCampaignForm,
    IndicatorForm,
    ReportingPeriodForm,
    StatusChangeForm,
)
from .models import Campaign, ContentItem, Indicator, ReportingPeriod


@login_required
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).with_counts()
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@city_staff_required
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(form.save(commit=False), form.cleaned_data["legal_bases"], request.user)
        messages.success(request, _("Đã tạo kế hoạch “%(title)s” (dự thảo).") % {"title": campaign.title})
        return redirect("campaigns:detail", year=campaign.year)
    return render(request, "campaigns/campaign_form.html", {"form": form})


def _detail_context(request, campaign):
    user = request.user
    return {
        "campaign": campaign,
        "rights": CampaignRights.of(user, campaign),
        "legal_bases": campaign.legal_bases.all(),
        "items": campaign.content_items.all(),
        "indicators": campaign.indicators.select_related("content_item"),
        # With the date city staff closed each one (progress.PeriodClosure), to close them from here.
        "periods": campaign.periods.annotate(closed_at=F("closure__closed_at")),
        "status_changes": campaign.status_changes.select_related("changed_by")[:20],
        "item_form": ContentItemForm(),
    }


@login_required
def campaign_detail(request, year):
    campaign = get_campaign_for_user(request.user, year)
    return render(request, "campaigns/campaign_detail.html", _detail_context(request, campaign))


@login_required
def campaign_edit(request, year):
    campaign = get_editable_campaign(request.user, year)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        services.set_legal_bases(campaign, form.cleaned_data["legal_bases"])
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("campaigns:detail", year=campaign.year)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@require_POST
@login_required
def campaign_delete(request, year):
    campaign = get_editable_campaign(request.user, year)
    try:
        campaign.delete()
    except ProtectedError:
        messages.error(request, _("Không thể xóa kế hoạch vì các cụm, khối đã lập giao ước thi đua theo kế hoạch này."))
        return redirect("campaigns:detail", year=year)
    messages.success(request, _("Đã xóa dự thảo kế hoạch năm %(year)s.") % {"year": year})
    return redirect("campaigns:list")


@require_POST
@login_required
def campaign_status(request, year):
    campaign = get_campaign_for_user(request.user, year)
    require_city_staff(request.user)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("campaigns:detail", year=year)
    try:
        change = services.change_status(
            campaign, form.cleaned_data["action"], request.user, form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Kế hoạch chuyển sang trạng thái “%(status)s”.") % {"status": change.get_to_status_display()}
        )
    return redirect("campaigns:detail", year=year)


@login_required
def campaign_copy(request, year):
    source = get_campaign_for_user(request.user, year)
    require_city_staff(request.user)
    form = CopyCampaignForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        campaign = services.copy_campaign(source, form.cleaned_data["year"], request.user)
        messages.success(
            request,
            _("Đã tạo dự thảo kế hoạch năm %(year)s từ kế hoạch năm %(source)s. Hãy rà soát lại nội dung.")
            % {"year": campaign.year, "source": source.year},
        )
        return redirect("campaigns:detail", year=campaign.year)
    return render(request, "campaigns/campaign_copy.html", {"form": form, "source": source})


# Content items: edited inline with htmx; every action also works as a plain form post.


def _items_response(request, campaign, form=None):
    """After a change: the list partial for htmx, a redirect to the plan otherwise."""
    if request.htmx:
        context = {
            "campaign": campaign,
            "rights": CampaignRights.of(request.user, campaign),
            "items": campaign.content_items.all(),
            "item_form": form or ContentItemForm(),
        }
        return render(request, "campaigns/campaign_detail.html#content-items", context)
    return redirect(reverse("campaigns:detail", kwargs={"year": campaign.year}) + "#content-items")


def _get_item(campaign, pk) -> ContentItem:
    return get_object_or_404(ContentItem, campaign=campaign, pk=pk)


@require_POST
@login_required
def item_create(request, year):
    campaign = get_editable_campaign(request.user, year)
    form = ContentItemForm(request.POST)
    if form.is_valid():
        services.add_content_item(campaign, form.cleaned_data["title"], form.cleaned_data["description"])
        return _items_response(request, campaign)
    if request.htmx:
        return _items_response(request, campaign, form=form)
    return render(request, "campaigns/item_form.html", {"campaign": campaign, "form": form})


@login_required
def item_edit(request, year, pk):
    campaign = get_editable_campaign(request.user, year)
    item = _get_item(campaign, pk)
    form = ContentItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _items_response(request, campaign)
    if request.htmx:
        response = render(
            request, "campaigns/campaign_detail.html#item-edit-row", {"campaign": campaign, "item": item, "form": form}
        )
        # The form posts to replace the whole list; when it comes back with errors, replace just the row.
        return reswap(retarget(response, f"#item-{item.pk}"), "outerHTML") if request.method == "POST" else response
    return render(request, "campaigns/item_form.html", {"campaign": campaign, "form": form, "item": item})


@login_required
def item_row(request, year, pk):
    """One item's read-only row: what "Hủy" swaps back in place of the inline editor."""
    campaign = get_campaign_for_user(request.user, year)
    item = _get_item(campaign, pk)
    return render(request, "campaigns/campaign_detail.html#item-row",
                  {"campaign": campaign, "item": item, "rights": CampaignRights.of(request.user, campaign),
                   "items_count": campaign.content_items.count()})


@require_POST
@login_required
def item_delete(request, year, pk):
    campaign = get_editable_campaign(request.user, year)
    services.delete_content_item(_get_item(campaign, pk))
    return _items_response(request, campaign)


@require_POST
@login_required
def item_move(request, year, pk):
    campaign = get_editable_campaign(request.user, year)
    direction = request.POST.get("direction")
    if direction not in {"up", "down", "top", "bottom"}:
        return HttpResponse(_("Hướng di chuyển không hợp lệ."), status=400)
    services.move_content_item(_get_item(campaign, pk), direction)
    return _items_response(request, campaign)


# Indicators and reporting periods: plain forms on their own pages.


def _part_url(year, anchor):
    return reverse("campaigns:detail", kwargs={"year": year}) + anchor


def _plan_part_form(request, year, pk, model, form_class, template, anchor, initial=None):
    """Create (``pk`` None) or edit one part of a draft plan through its form page."""
    campaign = get_editable_campaign(request.user, year)
    instance = get_object_or_404(model, campaign=campaign, pk=pk) if pk else None
    form = form_class(request.POST or None, campaign=campaign, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Đã lưu “%(name)s”.") % {"name": saved})
        return redirect(_part_url(year, anchor))
    return render(request, template, {"campaign": campaign, "form": form, model._meta.model_name: instance})


def _plan_part_delete(request, year, pk, model, anchor):
    campaign = get_editable_campaign(request.user, year)
    part = get_object_or_404(model, campaign=campaign, pk=pk)
    part.delete()
    messages.success(request, _("Đã xóa “%(name)s”.") % {"name": part})
    return redirect(_part_url(year, anchor))


@login_required
def indicator_form(request, year, pk=None):
    campaign = get_editable_campaign(request.user, year)
    initial = None if pk else {"position": campaign.indicators.count() + 1}
    return _plan_part_form(
        request, year, pk, Indicator, IndicatorForm, "campaigns/indicator_form.html", "#indicators", initial
    )


@require_POST
@login_required
def indicator_delete(request, year, pk):
    return _plan_part_delete(request, year, pk, Indicator, "#indicators")


@login_required
def period_form(request, year, pk=None):
    return _plan_part_form(
        request, year, pk, ReportingPeriod, ReportingPeriodForm, "campaigns/period_form.html", "#periods"
    )


@require_POST
@login_required
def period_delete(request, year, pk):
    return _plan_part_delete(request, year, pk, ReportingPeriod, "#periods")


@login_required
def campaign_history(request, year):
    """Who changed the plan (its header, dates and status) and when: for city staff."""
    require_audit_access(request.user)
    campaign = get_campaign_for_user(request.user, year)
    detail = reverse("campaigns:detail", args=[year])
    return history.render_history(
        request, history.changes(Campaign.history.filter(id=campaign.pk)),
        title=_("Lịch sử thay đổi kế hoạch"), subject=campaign.title,
        crumbs=[(_("Kế hoạch thi đua"), reverse("campaigns:list")), (_("Năm %(year)s") % {"year": year}, detail)],
        back_url=detail,
    )
