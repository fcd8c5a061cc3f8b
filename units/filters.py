import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Unit


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=Unit.Kind.choices, empty_label=_("Tất cả loại"))
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("active", _("Đang hoạt động")), ("retired", _("Đã ngừng hoạt động"))],
        empty_label=_("Tất cả"),
        method="filter_status",
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(short_name__icontains=value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(retired_on__isnull=(value == "active"))
