"""Form fields for numbers and dates as Vietnamese offices type them."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .numbers import format_number, parse_number


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


DATE_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A date typed dd/mm/yyyy in a text box.

    Not ``<input type="date">``: the browser's picker shows the browser's language, mm/dd/yyyy in an English
    Chrome, which turns 05/02 into the 2nd of May on a legal date.
    """

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10,
                 "size": 10, "pattern": r"\d{1,2}/\d{1,2}/\d{4}", "title": _("Ngày/tháng/năm, ví dụ 31/12/2024"),
                 **(attrs or {})}
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class DateField(forms.DateField):
    """A date read dd/mm/yyyy (also dd-mm-yyyy and ISO yyyy-mm-dd, the format of the old date picker)."""

    widget = DateInput
    input_formats = [DATE_FORMAT, "%d-%m-%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2024.")}
