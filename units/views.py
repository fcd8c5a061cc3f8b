from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import city_staff_required, require_sees_everything

from .access import UnitRights, get_unit_for_user
from .filters import UnitFilter
from .forms import UnitForm
from .models import Unit

PAGE_SIZE = 50


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
        {"unit": unit, "merged_units": unit.merged_units.all(), "rights": UnitRights.of(request.user, unit)},
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
