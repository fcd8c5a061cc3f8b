"""Vietnamese numbers: "1.234.567,5" — a thousands dot and a decimal comma, read and written."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_THOUSANDS_WITH_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> Decimal:
    """Read "1.234,5", "1234,5", "1234.5" or "12.345" (thousands) as a Decimal.

    Vietnamese writes a decimal comma and a thousands dot. A value with only dots is read as thousands when
    every group after a dot has three digits ("12.345" = 12345), otherwise as a decimal point ("8.5").
    """
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _THOUSANDS_WITH_DOTS.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” không phải là một số."), params={"value": text}, code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là một số."), params={"value": text}, code="invalid")
    return number


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
