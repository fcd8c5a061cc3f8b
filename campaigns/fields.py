"""Form fields for numbers as Vietnamese offices type them."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .templatetags.thidua import format_number

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


class VietnameseDecimalField(forms.DecimalField):
    """A DecimalField that accepts and shows Vietnamese separators (shown as "8,5", not "8.5000")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return parse_number(str(value))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, grouping=False)
        return value
