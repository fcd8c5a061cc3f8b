"""format_number through Python's formatting (issue 14) writes what the hand-grouping version wrote."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from common.numbers import format_number


def reference(value, grouping=True, places=None):
    """format_number before issue 14."""
    if value is None or value == "":
        return ""
    if places is not None:
        number = (Decimal(repr(value)) if isinstance(value, float) else Decimal(value)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
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


FIXED = [0, 1, -1, 12, 999, 1000, -1000, 1234567, 10**12, Decimal("0"), Decimal("-0"), Decimal("-0.00"),
         Decimal("4.2500"), Decimal("1234567.5000"), Decimal("-1234.05"), Decimal("1E+3"), Decimal("0.0001"),
         Decimal("72.45"), Decimal("99.95"), 75.25, 0.1, -2.5, 1e6, "12.5", "-0.5", True, False]


@pytest.mark.parametrize("places", [None, 0, 1, 2])
@pytest.mark.parametrize("grouping", [True, False])
def test_the_same_text_as_before(places, grouping):
    rng = random.Random(14)
    values = FIXED + [Decimal(rng.randint(-10**9, 10**9)).scaleb(-rng.randint(0, 4)) for _ in range(3000)]
    values += [rng.randint(-10**7, 10**7) for _ in range(500)] + [rng.uniform(-1e5, 1e5) for _ in range(500)]
    for value in values:
        assert format_number(value, grouping, places) == reference(value, grouping, places), value
