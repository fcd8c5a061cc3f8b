"""Template helpers shared by every page: Vietnamese numbers."""

from decimal import Decimal

from django import template

register = template.Library()


def format_number(value, grouping: bool = True) -> str:
    """1234567.5000 → "1.234.567,5": thousands dot, decimal comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    if grouping:
        groups = []
        while len(integer) > 3:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        groups.insert(0, integer)
        integer = ".".join(groups)
    return sign + integer + ("," + fraction if fraction else "")


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
