"""The attainment and status rules, as a table of cases (progress/attainment.py)."""

import datetime
from decimal import Decimal as D

import pytest

from progress import attainment as rules
from tests.builders import FULL, report_with


@pytest.mark.parametrize(("direction", "target", "actual", "done", "expected"), [
    ("higher", D("8.5"), D("8.5"), None, D("100.00")),
    ("higher", D("8.5"), D("4.25"), None, D("50.00")),
    ("higher", D("10"), D("13"), None, D("130.00")),          # uncapped for ranking
    ("higher", D("0"), D("0"), None, D("100")),               # nothing promised, nothing owed
    ("higher", D("0"), D("5"), None, D("100")),
    ("higher", D("10"), D("0"), None, D("0.00")),             # zero actual
    ("higher", D("10"), D("-2"), None, D("0.00")),            # never below zero
    ("higher", D("-2"), D("-1"), None, D("100")),             # "fall no more than 2 %": met
    ("higher", D("-2"), D("-3"), None, D("0")),
    ("higher", D("10"), None, None, None),                    # not reported yet
    ("lower", D("2"), D("2"), None, D("100.00")),
    ("lower", D("2"), D("4"), None, D("50.00")),
    ("lower", D("150"), D("100"), None, D("150.00")),         # fewer accidents than promised
    ("lower", D("2"), D("0"), None, D("200")),                # zero actual, positive target: bounded
    ("lower", D("0"), D("0"), None, D("100")),                # zero promised, zero done
    ("lower", D("0"), D("3"), None, D("0")),                  # zero promised, some happened
    ("done", None, None, True, D("100")),
    ("done", None, None, False, D("0")),
    ("done", None, None, None, None),
])
def test_attainment(direction, target, actual, done, expected):
    assert rules.attainment(direction, target, actual, done) == expected


@pytest.mark.parametrize(("end", "share"), [
    (datetime.date(2024, 3, 31), D("0.25")), (datetime.date(2024, 6, 30), D("0.50")),
    (datetime.date(2024, 9, 30), D("0.75")), (datetime.date(2024, 12, 31), D("1.00")),
    (datetime.date(2023, 6, 30), D("0.50")),
])
def test_elapsed_share(end, share):
    assert rules.elapsed_share(end) == share


@pytest.mark.parametrize(("direction", "value", "share", "expected"), [
    ("higher", D("100"), D("0.5"), "achieved"),
    ("higher", D("55"), D("0.5"), "on_track"),
    ("higher", D("50"), D("0.5"), "on_track"),
    ("higher", D("45"), D("0.5"), "at_risk"),                  # within 80 % of the mark (40)
    ("higher", D("39"), D("0.5"), "behind"),
    ("higher", D("90"), D("1"), "at_risk"),
    ("higher", D("70"), D("1"), "behind"),
    ("lower", D("96"), D("0.25"), "on_track"),                 # levels, not cumulative: share ignored
    ("lower", D("80"), D("0.25"), "at_risk"),
    ("lower", D("50"), D("0.25"), "behind"),
    ("done", D("0"), D("0.5"), "on_track"),                    # not yet done at mid-year
    ("done", D("0"), D("1"), "behind"),
    ("done", D("100"), D("0.5"), "achieved"),
    ("higher", None, D("0.5"), None),
])
def test_status(direction, value, share, expected):
    assert rules.status(direction, value, share) == expected


def test_display_is_capped_ranking_is_not():
    assert rules.displayed(D("130")) == D("100")
    assert rules.displayed(D("42.5")) == D("42.5")
    assert rules.displayed(None) is None


@pytest.mark.parametrize(("pairs", "expected"), [
    ([(D("100"), 1), (D("50"), 1)], D("75.00")),
    ([(D("100"), 3), (D("0"), 1)], D("75.00")),                # weights from the plan
    ([(D("100"), 1), (None, 5)], D("100.00")),                 # not measured: left out
    ([(None, 1)], None),
    ([], None),
])
def test_weighted_average(pairs, expected):
    assert rules.weighted_average(pairs) == expected


def test_averages_count_each_target_at_most_100_and_keep_the_uncapped_for_ranking():
    """Issue 9: 5 of 12 behind (20 %), six achieved, one 2.500,5 typed on a % target of 8,5 (29.417,65 %)."""
    pairs = [(D("29417.65"), 1)] + [(D(100), 1)] * 6 + [(D(20), 1)] * 5
    average, uncapped = rules.weighted_averages(pairs)
    assert average == D("66.7")                          # (7 × 100 + 5 × 20) / 12, one decimal, half up
    assert uncapped == D("2509.8")
    assert rules.weighted_average(pairs) == average
    assert rules.average_status(average, D(1)) == rules.BEHIND
    assert rules.weighted_averages([(D(130), 1), (D(110), 1)]) == (D(100), D(120))  # 130 still ranks above 110


@pytest.mark.parametrize("value", [D(0), D(40), D(60), D(100)])
def test_one_status_for_an_average_whatever_it_averages(value):
    """An average reads through one rule: the same figure, the same status in every block."""
    share = D("0.5")
    assert rules.average_status(value, share) == rules.status(rules.HIGHER, value, share)


def test_report_stores_attainment_and_its_average(signed, half_year, world):
    report = report_with(half_year, world.a1, values=FULL)
    by_code = {v.line.code: v.attainment for v in report.values.select_related("line")}
    # KT01 4,25 of 8,5 → 50 %; XH01 0 of 0 (lower) → 100 %; CQ01 not done → 0 %.
    assert by_code == {"KT01": D("50.00"), "XH01": D("100"), "CQ01": D("0")}
    report.refresh_from_db()
    assert report.attainment == D("50.00")
