"""The scoring rules of the year-end evaluation, in one place (as :mod:`progress.attainment` is for attainment).

A scoring table (bảng chấm điểm) is a tree of rows: sections (nhóm tiêu chí) → criteria (tiêu chí) → optional
sub-criteria, plus bonus (điểm cộng) and penalty (điểm trừ) rows of their own kind at the top. Points are
``Decimal`` with two places, rounded half up once, here.

| Rule | How |
| --- | --- |
| A table can be published | the children's maxima add up exactly to their parent's, the sections' to the table's total; no negative maximum; codes unique (the database); at most three levels |
| A row's points | 0 ≤ points ≤ the row's maximum; 0 is a score and an all-zero sheet is valid |
| A parent's points | the sum of its children's points (only leaves are entered) |
| Base | the sum of the sections' points |
| Bonus | the sum of the bonus rows' points, counted up to the table's bonus cap |
| Penalty | the sum of the penalty rows' points; the total never falls below 0 |
| Total | max(0, base + min(bonus, cap) − penalty) |
| Computed: attainment | maximum × the unit's weighted attainment of the year, capped at 100 % |
| Computed: targets achieved | maximum × achieved targets / committed targets (none committed → 0) |
| Computed: reporting discipline | maximum − N × (reports late or missing), never below 0 |
| Computed: pledge signed on time | the maximum when the unit signed on or before the pledge deadline, else 0 |
| Class | the highest class whose share of the table's total the total reaches **and** whose floor every criterion meets (each criterion's points ≥ floor % of its maximum); defaults HTXS 90 / 85, HTT 80 / 80, HT 70 / 70, else KHT. When the total alone reaches a higher class, the criterion furthest under that class's floor is named as the one that held the unit back |
| Rank | by total, highest first; ties by the first section's points, then by the unit's name (Vietnamese order); each unit has its own rank |

"Criterion" for the floors means a row of the second level (tiêu chí), or a section without criteria.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from common.collation import sort_key
from common.dates import short_date
from common.numbers import format_number

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_DEPTH = 3

SCORE, BONUS, PENALTY = "score", "bonus", "penalty"
HTXS, HTT, HT, KHT = "htxs", "htt", "ht", "kht"
#: Classes from the highest; each with the attribute names of its (total %, floor %) thresholds on the table.
CLASS_ORDER = [(HTXS, "htxs_total", "htxs_floor"), (HTT, "htt_total", "htt_floor"), (HT, "ht_total", "ht_floor")]
DEFAULT_THRESHOLDS = {"htxs_total": Decimal(90), "htxs_floor": Decimal(85), "htt_total": Decimal(80),
                      "htt_floor": Decimal(80), "ht_total": Decimal(70), "ht_floor": Decimal(70)}


def points(value) -> Decimal:
    """Points as they are stored and shown: two places, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def points_text(value) -> str:
    """Points as every page, PDF and workbook words them: always two decimals, ``1.016,50``."""
    return format_number(points(value), places=2)


# --- the table --------------------------------------------------------------------------------------------------

def _children(rows) -> dict:
    children = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)
    return children


def _row_label(row) -> str:
    return f"{row.code} – {row.name}"


def table_problems(total_max, rows) -> list[str]:
    """Why a table cannot be published, one Vietnamese sentence per problem naming the row (empty: it can)."""
    problems = []
    by_pk = {row.pk: row for row in rows}
    children = _children(rows)
    for row in rows:
        if row.max_points < 0:
            problems.append(_("Dòng %(row)s: điểm chuẩn không được âm.") % {"row": _row_label(row)})
        if depth(row, by_pk) > MAX_DEPTH:
            problems.append(_("Dòng %(row)s: bảng chấm điểm chỉ có ba cấp (nhóm tiêu chí, tiêu chí, tiêu chí con).")
                            % {"row": _row_label(row)})
        kids = children.get(row.pk)
        if kids:
            total = sum((kid.max_points for kid in kids), ZERO)
            if total != row.max_points:
                problems.append(
                    _("Dòng %(row)s: điểm chuẩn %(max)s nhưng các dòng con cộng lại %(sum)s.")
                    % {"row": _row_label(row), "max": points_text(row.max_points), "sum": points_text(total)})
    sections = [row for row in children.get(None, []) if row.kind == SCORE]
    if not sections:
        problems.append(_("Bảng chấm điểm chưa có nhóm tiêu chí nào."))
    section_total = sum((row.max_points for row in sections), ZERO)
    if sections and section_total != total_max:
        problems.append(_("Tổng điểm chuẩn của các nhóm tiêu chí là %(sum)s, khác tổng điểm của bảng (%(max)s).")
                        % {"sum": points_text(section_total), "max": points_text(total_max)})
    return problems


def depth(row, by_pk) -> int:
    level, seen = 1, {row.pk}
    while row.parent_id is not None and row.parent_id in by_pk:
        row = by_pk[row.parent_id]
        if row.pk in seen:  # a cycle cannot be saved (clean()), but never loop
            break
        seen.add(row.pk)
        level += 1
    return level


def floor_rows(rows) -> list:
    """The rows whose share of their maximum the class floors apply to: level-2 criteria, or childless sections."""
    children = _children(rows)
    result = []
    for section in children.get(None, []):
        if section.kind != SCORE:
            continue
        result.extend(children.get(section.pk) or [section])
    return result


# --- a unit's sheet ---------------------------------------------------------------------------------------------

@dataclass
class Totals:
    by_row: dict  # pk -> points, leaves as given and parents summed
    base: Decimal
    bonus: Decimal  # as entered
    bonus_counted: Decimal  # after the cap
    penalty: Decimal
    total: Decimal
    sections: list = field(default_factory=list)  # points of the sections in table order


def check_points(row, value) -> str | None:
    """Why ``value`` cannot be given to ``row`` (None: it can). 0 is a valid score."""
    if value is None:
        return None
    if value < 0:
        return _("Điểm không được âm.")
    if value > row.max_points:
        return _("Điểm vượt điểm chuẩn (%(max)s).") % {"max": points_text(row.max_points)}
    if points(value) != value:
        return _("Điểm chỉ có tối đa hai chữ số thập phân.")
    return None


def totals(rows, given: dict, bonus_cap) -> Totals:
    """Add up one unit's points (``given``: leaf pk → points; a missing leaf counts 0)."""
    children = _children(rows)
    by_row = {}

    def add(row) -> Decimal:
        kids = children.get(row.pk)
        value = sum((add(kid) for kid in kids), ZERO) if kids else points(given.get(row.pk) or ZERO)
        by_row[row.pk] = value
        return value

    top = children.get(None, [])
    sections = [add(row) for row in top if row.kind == SCORE]
    bonus = sum((add(row) for row in top if row.kind == BONUS), ZERO)
    penalty = sum((add(row) for row in top if row.kind == PENALTY), ZERO)
    base = sum(sections, ZERO)
    bonus_counted = min(bonus, bonus_cap)
    total = max(ZERO, base + bonus_counted - penalty)
    return Totals(by_row, base, bonus, bonus_counted, penalty, points(total), sections)


@dataclass(frozen=True)
class Classification:
    grade: str  # HTXS, HTT, HT, KHT
    by_total: str  # the class the total alone reaches
    held_back_by: object = None  # the row that kept the unit from ``by_total``, if any
    held_back_share: Decimal | None = None  # that row's points as a % of its maximum


def share(value: Decimal, maximum: Decimal) -> Decimal:
    return HUNDRED if maximum == 0 else value * HUNDRED / maximum


def classify(total: Decimal, by_row: dict, rows, total_max: Decimal, thresholds) -> Classification:
    """The class of a sheet (see the module's table). ``thresholds`` has the attributes of
    :data:`DEFAULT_THRESHOLDS` (a table, or a namespace)."""
    total_share = share(total, total_max)
    criteria = floor_rows(rows)
    by_total = next((grade for grade, total_attr, _f in CLASS_ORDER
                     if total_share >= getattr(thresholds, total_attr)), KHT)
    for grade, total_attr, floor_attr in CLASS_ORDER:
        if total_share < getattr(thresholds, total_attr):
            continue
        floor = getattr(thresholds, floor_attr)
        under = [(share(by_row.get(row.pk, ZERO), row.max_points), row) for row in criteria
                 if share(by_row.get(row.pk, ZERO), row.max_points) < floor]
        if not under:
            if grade == by_total:
                return Classification(grade, by_total)
            return Classification(grade, by_total, *_worst_under(by_total, by_row, criteria, thresholds))
    if by_total == KHT:
        return Classification(KHT, KHT)
    return Classification(KHT, by_total, *_worst_under(by_total, by_row, criteria, thresholds))


def _worst_under(grade, by_row, criteria, thresholds):
    floor = getattr(thresholds, dict((g, f) for g, _t, f in CLASS_ORDER)[grade])
    under = [(share(by_row.get(row.pk, ZERO), row.max_points), index, row) for index, row in enumerate(criteria)
             if share(by_row.get(row.pk, ZERO), row.max_points) < floor]
    worst_share, _index, worst = min(under, key=lambda item: (item[0], item[1]))
    return worst, points(worst_share)


@dataclass(frozen=True)
class Ranked:
    key: object
    name: str
    total: Decimal
    first_section: Decimal


def rank(entries) -> list[tuple[int, Ranked]]:
    """Ranks 1, 2, 3 … (each its own): by total, then the first section's points, then the name."""
    ordered = sorted(entries, key=lambda e: (-e.total, -e.first_section, sort_key(e.name)))
    return [(position, entry) for position, entry in enumerate(ordered, start=1)]


# --- rows computed from the year's data -------------------------------------------------------------------------

@dataclass(frozen=True)
class Computed:
    points: Decimal
    explanation: str


def from_attainment(maximum: Decimal, attainment: Decimal | None) -> Computed:
    """Points = maximum × the year's weighted attainment (each target at most 100 %, and the average too)."""
    if attainment is None:
        return Computed(ZERO, _("Chưa có báo cáo năm → %(points)s / %(max)s điểm") % {
            "points": points_text(ZERO), "max": points_text(maximum)})
    counted = min(max(attainment, ZERO), HUNDRED)
    value = points(maximum * counted / HUNDRED)
    return Computed(value, _("Mức đạt chỉ tiêu cả năm %(share)s %% → %(points)s / %(max)s điểm") % {
        "share": format_number(points(counted)), "points": points_text(value), "max": points_text(maximum)})


def from_targets_achieved(maximum: Decimal, achieved: int, committed: int) -> Computed:
    value = ZERO if committed == 0 else points(maximum * achieved / committed)
    return Computed(value, _("%(achieved)s chỉ tiêu đạt / %(committed)s → %(points)s / %(max)s điểm") % {
        "achieved": achieved, "committed": committed, "points": points_text(value), "max": points_text(maximum)})


def from_reporting(maximum: Decimal, per_report: Decimal, late: int, missing: int) -> Computed:
    deducted = min(per_report * (late + missing), maximum)
    value = points(maximum - deducted)
    return Computed(value, _("%(late)s báo cáo nộp trễ, %(missing)s báo cáo không nộp, trừ %(per)s điểm mỗi báo "
                             "cáo → %(points)s / %(max)s điểm") % {
        "late": late, "missing": missing, "per": points_text(per_report), "points": points_text(value),
        "max": points_text(maximum)})


def from_pledge(maximum: Decimal, signed_on: datetime.date | None, deadline: datetime.date | None) -> Computed:
    on_time = signed_on is not None and (deadline is None or signed_on <= deadline)
    value = maximum if on_time else ZERO
    if signed_on is None:
        reason = _("Chưa ký giao ước")
    elif on_time:
        reason = _("Ký giao ước ngày %(date)s, đúng hạn") % {"date": short_date(signed_on)}
    else:
        reason = _("Ký giao ước ngày %(date)s, sau hạn %(deadline)s") % {
            "date": short_date(signed_on), "deadline": short_date(deadline)}
    return Computed(points(value), _("%(reason)s → %(points)s / %(max)s điểm") % {
        "reason": reason, "points": points_text(value), "max": points_text(maximum)})
