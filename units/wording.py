"""How a unit's state is worded, the same on every page that lists units."""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from common.dates import short_date


def retired_text(retired_on, merged_into_name=None) -> str:
    """"Đã sáp nhập vào … từ dd/mm/yyyy" (``merged_into_name`` given) or "Đã ngừng hoạt động từ dd/mm/yyyy";
    "" for a unit still active (no ``retired_on``)."""
    if not retired_on:
        return ""
    if merged_into_name:
        return _("Đã sáp nhập vào %(name)s từ %(date)s") % {"name": merged_into_name, "date": short_date(retired_on)}
    return _("Đã ngừng hoạt động từ %(date)s") % {"date": short_date(retired_on)}


def retired_badge(retired_on, merged_into_name=None) -> str:
    """The badge of a retired unit (safe HTML), "" for a unit still active."""
    text = retired_text(retired_on, merged_into_name)
    return format_html('<span class="badge badge-retired">{}</span>', text) if text else ""


def unit_retired_badge(unit) -> str:
    """:func:`retired_badge` of a unit (``merged_into`` selected with it)."""
    if not unit.retired_on:
        return ""
    return retired_badge(unit.retired_on, unit.merged_into.name if unit.merged_into_id else None)
