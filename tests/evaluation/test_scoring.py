"""The scoring rules of :mod:`evaluation.scoring`, case by case as its table states them (no database)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from evaluation import scoring


@dataclass
class Row:
    pk: int
    code: str
    max_points: D
    parent_id: int | None = None
    kind: str = scoring.SCORE
    name: str = "Tiêu chí"


THRESHOLDS = SimpleNamespace(**scoring.DEFAULT_THRESHOLDS)


def table_100():
    """Two sections: I (60 = 1.1 40 [1.1.a 25 + 1.1.b 15] + 1.2 20), II (40 = 2.1 30 + 2.2 10); bonus, penalty."""
    return [
        Row(1, "I", D(60)), Row(2, "1.1", D(40), 1), Row(3, "1.1.a", D(25), 2), Row(4, "1.1.b", D(15), 2),
        Row(5, "1.2", D(20), 1),
        Row(6, "II", D(40)), Row(7, "2.1", D(30), 6), Row(8, "2.2", D(10), 6),
        Row(9, "C1", D(10), kind=scoring.BONUS), Row(10, "C2", D(10), kind=scoring.BONUS),
        Row(11, "T1", D(20), kind=scoring.PENALTY),
    ]


# --- the table's rules ------------------------------------------------------------------------------------------

def test_a_table_whose_sums_agree_has_no_problem():
    assert scoring.table_problems(D(100), table_100()) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda rows: setattr(rows[3], "max_points", D(14)), "Dòng 1.1 – Tiêu chí: điểm chuẩn 40,00 nhưng các dòng con cộng lại 39,00."),
    (lambda rows: setattr(rows[4], "max_points", D(21)), "Dòng I – Tiêu chí: điểm chuẩn 60,00 nhưng các dòng con cộng lại 61,00."),
    (lambda rows: setattr(rows[7], "max_points", D("-1")), "Dòng 2.2 – Tiêu chí: điểm chuẩn không được âm."),
])
def test_a_row_that_breaks_a_sum_is_named(change, message):
    rows = table_100()
    change(rows)
    assert message in scoring.table_problems(D(100), rows)


def test_the_sections_must_add_up_to_the_tables_total_bonus_and_penalty_rows_aside():
    problems = scoring.table_problems(D(1000), table_100())
    assert problems == ["Tổng điểm chuẩn của các nhóm tiêu chí là 100,00, khác tổng điểm của bảng (1.000,00)."]


def test_a_table_without_sections_or_with_four_levels_cannot_be_published():
    assert scoring.table_problems(D(10), [Row(1, "C1", D(10), kind=scoring.BONUS)]) == [
        "Bảng chấm điểm chưa có nhóm tiêu chí nào."]
    rows = [Row(1, "I", D(10)), Row(2, "1", D(10), 1), Row(3, "1.a", D(10), 2), Row(4, "1.a.i", D(10), 3)]
    assert scoring.table_problems(D(10), rows) == [
        "Dòng 1.a.i – Tiêu chí: bảng chấm điểm chỉ có ba cấp (nhóm tiêu chí, tiêu chí, tiêu chí con)."]


# --- a sheet's totals -------------------------------------------------------------------------------------------

def full(rows, override=None):
    """Every leaf criterion at its maximum, but for ``override`` (pk → points)."""
    leaves = {r.pk: r.max_points for r in rows if r.kind == scoring.SCORE and not any(c.parent_id == r.pk for c in rows)}
    return leaves | (override or {})


@pytest.mark.parametrize(("given", "bonus_cap", "expected"), [
    # parents add up their children; a missing leaf counts 0
    ({3: D(25), 4: D(15), 5: D(20), 7: D(30), 8: D(10)}, D(0), {"base": D(100), "total": D(100)}),
    ({3: D("12.5"), 7: D(30)}, D(0), {"base": D("42.5"), "total": D("42.5")}),
    # bonus capped by the table's cap
    ({3: D(10), 9: D(8), 10: D(7)}, D(10), {"bonus": D(15), "bonus_counted": D(10), "total": D(20)}),
    ({3: D(10), 9: D(3)}, D(10), {"bonus_counted": D(3), "total": D(13)}),
    # penalties never take a unit below zero
    ({3: D(5), 11: D(20)}, D(0), {"penalty": D(20), "total": D(0)}),
    ({3: D(25), 11: D(5)}, D(0), {"total": D(20)}),
    # an all-zero sheet is a valid sheet with total 0
    ({3: D(0), 4: D(0), 5: D(0), 7: D(0), 8: D(0)}, D(0), {"base": D(0), "total": D(0)}),
])
def test_totals(given, bonus_cap, expected):
    result = scoring.totals(table_100(), given, bonus_cap)
    for name, value in expected.items():
        assert getattr(result, name) == value, name


def test_parents_are_the_sum_of_their_children_and_sections_come_in_order():
    result = scoring.totals(table_100(), {3: D(20), 4: D("7.25"), 5: D(18), 7: D(21), 8: D(9)}, D(0))
    assert result.by_row[2] == D("27.25") and result.by_row[1] == D("45.25") and result.by_row[6] == D(30)
    assert result.sections == [D("45.25"), D(30)]


@pytest.mark.parametrize(("value", "message"), [
    (D(0), None), (D(25), None), (D("24.75"), None),
    (D("-0.01"), "Điểm không được âm."), (D("25.01"), "Điểm vượt điểm chuẩn (25,00)."),
    (D("1.005"), "Điểm chỉ có tối đa hai chữ số thập phân."),
])
def test_points_given_to_a_row(value, message):
    assert scoring.check_points(Row(3, "1.1.a", D(25)), value) == message


# --- classification ---------------------------------------------------------------------------------------------

def classify(given):
    rows = table_100()
    result = scoring.totals(rows, given, D(10))
    return scoring.classify(result.total, result.by_row, rows, D(100), THRESHOLDS)


@pytest.mark.parametrize(("total_off", "grade"), [
    # every criterion at the same share: the total decides, at each boundary
    (D(10), scoring.HTXS), (D("10.01"), scoring.HTT), (D(20), scoring.HTT), (D("20.01"), scoring.HT),
    (D(30), scoring.HT), (D("30.01"), scoring.KHT),
])
def test_class_by_total_at_each_boundary(total_off, grade):
    share = (D(100) - total_off) / D(100)
    given = {pk: (r * share).quantize(D("0.0001")) for pk, r in full(table_100()).items()}
    # round to the cent without changing the total: put the remainder on the first leaf
    given = {pk: scoring.points(v) for pk, v in given.items()}
    given[3] += D(100) - total_off - sum(given.values())
    result = classify(given)
    assert result.grade == grade and result.by_total == grade and result.held_back_by is None


def test_a_criterion_under_the_floor_drops_the_unit_a_class_and_is_named():
    # total 92 (HTXS by total) but criterion 2.2 at 8/10 = 80 % < 85 %: HTT, held back by 2.2
    result = classify(full(table_100(), {8: D(8), 3: D(19)}))
    assert result.by_total == scoring.HTXS and result.grade == scoring.HTT
    assert result.held_back_by.code == "2.2" and result.held_back_share == D(80)


def test_a_criterion_far_under_every_floor_drops_to_kht():
    # total 95 but criterion 1.2 at 5/20 = 25 %: below every floor
    result = classify(full(table_100(), {5: D(5), 9: D(10)}))
    assert result.by_total == scoring.HTXS and result.grade == scoring.KHT
    assert result.held_back_by.code == "1.2"


def test_a_criterion_exactly_at_the_floor_holds():
    # 1.2 at 17/20 = 85 %: HTXS keeps
    result = classify(full(table_100(), {5: D(17)}))
    assert result.grade == scoring.HTXS and result.held_back_by is None


def test_floors_look_at_criteria_not_sub_criteria():
    # 1.1.b at 0/15 but 1.1 at 25/40 = 62.5 %; total 85: HTT by total, under every floor → KHT, named 1.1
    result = classify(full(table_100(), {4: D(0)}))
    assert result.by_total == scoring.HTT and result.grade == scoring.KHT and result.held_back_by.code == "1.1"


def test_an_all_zero_sheet_is_kht_without_a_criterion_to_blame():
    result = classify({pk: D(0) for pk in full(table_100())})
    assert result == scoring.Classification(scoring.KHT, scoring.KHT)


# --- ranking ----------------------------------------------------------------------------------------------------

def test_ranking_breaks_ties_by_the_first_section_then_by_name():
    entries = [
        scoring.Ranked("a", "Phường Hòa Khánh", D(90), D(50)),
        scoring.Ranked("b", "Phường An Hải", D(90), D(50)),
        scoring.Ranked("c", "Phường Đà Nẵng", D(90), D(55)),
        scoring.Ranked("d", "Phường Bắc Mỹ An", D(95), D(40)),
    ]
    assert [(rank, e.key) for rank, e in scoring.rank(entries)] == [(1, "d"), (2, "c"), (3, "b"), (4, "a")]


# --- computed rows ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("attainment", "points", "text"), [
    (D(0), D(0), "Mức đạt chỉ tiêu cả năm 0 % → 0,00 / 20,00 điểm"),
    (D(100), D(20), "Mức đạt chỉ tiêu cả năm 100 % → 20,00 / 20,00 điểm"),
    (D("137.5"), D(20), "Mức đạt chỉ tiêu cả năm 100 % → 20,00 / 20,00 điểm"),
    (D("66.67"), D("13.33"), "Mức đạt chỉ tiêu cả năm 66,67 % → 13,33 / 20,00 điểm"),
    (None, D(0), "Chưa có báo cáo năm → 0,00 / 20,00 điểm"),
])
def test_points_from_the_years_attainment(attainment, points, text):
    result = scoring.from_attainment(D(20), attainment)
    assert result.points == points and result.explanation == text


@pytest.mark.parametrize(("achieved", "committed", "points"), [(8, 10, D(16)), (0, 10, D(0)), (10, 10, D(20)),
                                                                (0, 0, D(0)), (2, 3, D("13.33"))])
def test_points_from_the_share_of_targets_achieved(achieved, committed, points):
    result = scoring.from_targets_achieved(D(20), achieved, committed)
    assert result.points == points
    assert result.explanation.startswith(f"{achieved} chỉ tiêu đạt / {committed} → ")


@pytest.mark.parametrize(("late", "missing", "points"), [(0, 0, D(10)), (1, 0, D(8)), (2, 1, D(4)), (4, 3, D(0))])
def test_points_for_reporting_discipline_never_below_zero(late, missing, points):
    assert scoring.from_reporting(D(10), D(2), late, missing).points == points


@pytest.mark.parametrize(("signed_on", "points"), [
    (datetime.date(2024, 3, 31), D(5)), (datetime.date(2024, 3, 15), D(5)), (datetime.date(2024, 4, 1), D(0)),
    (None, D(0)),
])
def test_points_for_signing_the_pledge_by_its_deadline(signed_on, points):
    result = scoring.from_pledge(D(5), signed_on, datetime.date(2024, 3, 31))
    assert result.points == points


def test_points_are_worded_with_two_decimals_the_vietnamese_way():
    assert [scoring.points_text(v) for v in (D(16), D("1016.5"), D("0.125"))] == ["16,00", "1.016,50", "0,13"]
