"""Vietnamese numbers: "1.234.567,5" — a thousands dot and a decimal comma, read and written; and **the one
rounding** of every number shown.

A number is rounded once, by :func:`rounded` (Decimal, half up — 72,45 → 72,5 as people and Excel round, not
Python's half-to-even), to a fixed number of decimals per kind of value:

===============================  ==========  ============================================================
Kind                             Decimals    Where
===============================  ==========  ============================================================
a percentage (attainment, rate)  1           :data:`PERCENT_PLACES`: stored so, shown so, written so in Excel
a share of the year              2           ``progress.attainment.elapsed_share`` (0,25 after quý I)
an amount typed by people        its own     shown as typed ("1.250,5"), never rounded
===============================  ==========  ============================================================

The page filters (``|number``, ``|pct``), the PDFs and the workbooks all read these functions, so the screen,
the paper and the spreadsheet show the same digits; a workbook cell holds the value already rounded, with a
number format that shows exactly those decimals (:mod:`common.xlsx`).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


#: Decimals of every percentage: an attainment, an average, a rate of reports submitted.
PERCENT_PLACES = 1
NBSP = "\u00a0"


def as_decimal(value) -> Decimal:
    """A Decimal of ``value``; a float (SQLite's averages) by its shortest repr, so 75.25 stays 75.25 and does not
    become 75.2499999…"""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value if isinstance(value, Decimal) else Decimal(value)


def rounded(value, places: int) -> Decimal | None:
    """``value`` rounded half up to ``places`` decimals (72.45 → 72.5, 2/3 → 0.67): the one rounding of the
    project. None stays None."""
    if value is None or value == "":
        return None
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return as_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


#: 1, 0.1, 0.01…: the quanta of :func:`rounded` (it runs for every percentage of a city workbook).
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def percent(value) -> Decimal | None:
    """A percentage as it is stored, shown and written: :data:`PERCENT_PLACES` decimals, half up."""
    return rounded(value, PERCENT_PLACES)


def mean(total, count, places: int = PERCENT_PLACES) -> Decimal | None:
    """``total / count`` rounded once (half up); None when nothing is counted. Averages are computed from a sum
    and a count in Decimal, never from the database's AVG (a float on SQLite, rounded half-even by Django)."""
    if not count:
        return None
    return rounded(as_decimal(total or 0) / as_decimal(count), places)


def places_of(value) -> int:
    """The decimals ``value`` is written with, trailing zeros aside: 4.2500 → 2, 12 → 0; None → 0."""
    if value is None or value == "":
        return 0
    number = as_decimal(value)
    if not number.is_finite() or number == number.to_integral_value():
        return 0
    return max(0, -number.normalize().as_tuple().exponent)


def format_percent(value) -> str:
    """72.45 → "72,5 %", 100 → "100,0 %": always :data:`PERCENT_PLACES` decimals, so a column of percentages
    reads aligned; None → ""."""
    if value is None or value == "":
        return ""
    return format_number(value, places=PERCENT_PLACES) + NBSP + "%"


_DOT_COMMA = str.maketrans(",.", ".,")


def format_number(value, grouping: bool = True, places: int | None = None) -> str:
    """1234567.5000 → "1.234.567,5": thousands dot, decimal comma, no trailing zeros; with ``places``, rounded
    (:func:`rounded`) to exactly that many decimals ("100,0"). Python's own formatting groups the digits (the
    dashboards and exports call this tens of thousands of times a page or file), then the marks are swapped."""
    if value is None or value == "":
        return ""
    if places is not None:
        number = rounded(value, places)
    elif type(value) is int:
        return format(value, ",d" if grouping else "d").translate(_DOT_COMMA)
    else:
        number = as_decimal(value)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.normalize()
    if not number:
        number = abs(number)   # no "-0"
    return format(number, ",f" if grouping else "f").translate(_DOT_COMMA)


# --- numbers in words ("7 (bảy) phiếu"), as minutes and decisions write them --------------------------------

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _three_digits(number: int, full: bool) -> list[str]:
    """0–999 in words; ``full`` when a higher group came before (1.005 → "một nghìn không trăm linh năm")."""
    hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if ones == 1 and tens > 1:
        words.append("mốt")
    elif ones == 5 and tens > 0:
        words.append("lăm")
    elif ones:
        words.append(_DIGITS[ones])
    return words


def number_words(number: int) -> str:
    """A whole number in Vietnamese words, as a document writes it after the digits: 0 "không", 7 "bảy",
    15 "mười lăm", 21 "hai mươi mốt", 105 "một trăm linh năm", 1.000 "một nghìn", 2.024 "hai nghìn không trăm
    hai mươi bốn". Below a thousand billion; negative numbers are refused (nobody counts ballots below zero)."""
    number = int(number)
    if number < 0 or number >= 10 ** 12:
        raise ValueError(f"number_words: {number} out of range")
    if number == 0:
        return _DIGITS[0]
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if group == 0:
            continue
        words += _three_digits(group, full=bool(words))
        if _SCALES[scale]:
            words.append(_SCALES[scale])
    return " ".join(words)
