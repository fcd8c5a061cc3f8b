from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import city_staff_required, require_sees_everything
from groups import services as group_services

from .filters import UnitFilter
from .forms import RetireUnitForm, UnitForm
from .models import Unit

PAGE_SIZE = 50


def get_unit_for_user(user, pk) -> Unit:
    """The unit if the user may see it, else 404."""
    return get_object_or_404(Unit.objects.visible_to(user).select_related("merged_into"), pk=pk)


@login_required
def unit_list(request):
    require_sees_everything(request.user)
    unit_filter = UnitFilter(request.GET, queryset=Unit.objects.select_related("merged_into"))
    page = Paginator(unit_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": unit_filter, "page": page, "query": query.urlencode()}
    template = "units/unit_list.html#unit-table" if request.htmx and not request.htmx.boosted else "units/unit_list.html"
    return render(request, template, context)


@login_required
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "merged_units": unit.merged_units.all()},
    )


@city_staff_required
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": unit.name})
        return redirect("units:detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form})


@city_staff_required
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thông tin đơn vị."))
        return redirect("units:detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@city_staff_required
def unit_retire(request, pk):
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
                    moved = group_services.hand_over_memberships(unit, unit.merged_into, unit.retired_on)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi nhận đơn vị “%(name)s” ngừng hoạt động.") % {"name": unit.name})
            _tell_what_became_of_the_groups(request, unit, moved)
            return redirect("units:detail", pk=unit.pk)
    on = form.cleaned_data.get("retired_on") if hasattr(form, "cleaned_data") else None
    context = {"form": form, "unit": unit, "affected": group_services.retirement_impact(unit, on)}
    return render(request, "units/unit_retire.html", context)


def _tell_what_became_of_the_groups(request, unit, moved) -> None:
    def names(groups):
        return "; ".join(f"{group.name} ({group.campaign.year})" for group in groups)

    if moved:
        messages.info(request, _("“%(successor)s” thay thế đơn vị trong: %(groups)s.")
                      % {"successor": unit.merged_into.name, "groups": names(moved)})
    kept = [affected.membership.group for affected in group_services.retirement_impact(unit, unit.retired_on)]
    if kept:
        messages.warning(request, _("Đơn vị đã ngừng hoạt động nhưng vẫn còn trong: %(groups)s. Hãy sửa thành viên "
                                    "của các cụm, khối này.") % {"groups": names(kept)})
