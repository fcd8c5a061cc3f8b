"""Vietnamese numbers: read from what people type, written with a thousands dot and a decimal comma."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from common.fields import VietnameseDecimalField
from common.numbers import format_number, parse_number
from common.templatetags.thidua import number_filter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8,5", Decimal("8.5")),
        ("1.234,5", Decimal("1234.5")),
        ("12.345", Decimal("12345")),
        ("1.234.567", Decimal("1234567")),
        ("8.5", Decimal("8.5")),
        ("8.50", Decimal("8.5")),
        ("1234.5", Decimal("1234.5")),
        ("0", Decimal("0")),
        ("0,0", Decimal("0")),
        ("-2,75", Decimal("-2.75")),
        (" 1 250 ", Decimal("1250")),
        ("1\u00a0250,5", Decimal("1250.5")),
        ("100", Decimal("100")),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "8,5%", "1,2,3", "NaN", "Infinity", "--1"])
def test_parse_number_rejects(text):
    with pytest.raises(ValidationError) as excinfo:
        parse_number(text)
    assert excinfo.value.code == "invalid"
    assert "không phải là một số" in excinfo.value.messages[0]


def test_vietnamese_decimal_field():
    field = VietnameseDecimalField(max_digits=18, decimal_places=4, required=False)
    assert field.clean("8,5") == Decimal("8.5")
    assert field.clean("") is None
    assert field.clean("0") == Decimal("0")
    assert field.prepare_value(Decimal("1234.5000")) == "1234,5"
    with pytest.raises(ValidationError):
        field.clean("1,23456")  # more than four decimals


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.5000"), "1.234.567,5"),
        (Decimal("8.5000"), "8,5"),
        (Decimal("8.0000"), "8"),
        (Decimal("100"), "100"),
        (Decimal("1000"), "1.000"),
        (Decimal("0E-4"), "0"),
        (Decimal("0.0500"), "0,05"),
        (Decimal("-1234.25"), "-1.234,25"),
        (1250, "1.250"),
        ("12.5", "12,5"),
        (None, ""),
        ("", ""),
    ],
)
def test_number_filter(value, expected):
    assert number_filter(value) == expected


def test_number_filter_leaves_non_numbers_alone():
    assert number_filter("không có") == "không có"
    assert number_filter([1]) == [1]


def test_format_number_without_grouping():
    assert format_number(Decimal("1234567.5"), grouping=False) == "1234567,5"


def test_number_filter_in_a_template():
    rendered = Template("{% load thidua %}{{ value|number }}").render(Context({"value": Decimal("1234.5000")}))
    assert rendered == "1.234,5"
