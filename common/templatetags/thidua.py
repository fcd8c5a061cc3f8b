"""Template helpers shared by every page: Vietnamese numbers (``|number``) and ``|dictget``."""

from django import template

from common.numbers import format_number

register = template.Library()


@register.filter(name="number")
def number_filter(value):
    """``{{ indicator.city_value|number }}`` → "1.234,5"."""
    try:
        return format_number(value)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def dictget(mapping, key):
    """``{{ mapping|dictget:key }}``; a form choice's value object is looked up by its plain value."""
    return mapping.get(getattr(key, "value", key))
