"""How far a unit has come: the attainment of one target, its status, and averages. The one place for these rules.

Attainment is a percentage of the committed value, rounded once (:func:`common.numbers.percent`: one decimal,
half up) when it is computed: the stored value is the value shown on the pages, in the PDFs and in the workbooks,
so an average printed next to its cells is the mean of the printed cells, rounded the same way. One target's
attainment is stored **uncapped** (for
ranking: 130 % beats 110 %) and shown capped at :data:`DISPLAY_CAP`. **Every average and every status uses
capped values**: each target counts at most 100 % (:func:`capped`), so one over-achievement (or a typing
slip such as 2.500,5 on a share) cannot hide the targets that are behind. The uncapped average is kept for
ranking only (:func:`weighted_averages`).

=================  ==========================================================================================
Direction          Attainment (``a`` = actual, ``t`` = committed target)
=================  ==========================================================================================
higher is better   ``a / t × 100``. ``t = 0``: 100 % when ``a ≥ 0`` (nothing was promised, nothing is owed).
                   A negative actual against a positive target is 0 % (never below zero).
lower is better    ``t / a × 100`` (half the accidents promised = 200 %). ``a = 0``: 100 % when ``t = 0``,
                   otherwise :data:`LOWER_ZERO_ACTUAL` (better than promised; a bound keeps averages sane).
                   ``t = 0`` and ``a > 0``: 0 %.
done / not done    100 % when done, 0 % otherwise.
=================  ==========================================================================================

Targets marked "not applicable" have no attainment and are left out of every average. Averages are weighted by
the plan's indicator weights (1 when the plan gives none).

A value is **implausible** (:func:`is_implausible`: the report form asks to confirm it, the dashboards mark it)
when it is far outside what the target allows: over 100 on a line measured in "%" (a share), or more than
:data:`IMPLAUSIBLE_FACTOR` times a positive committed value.

Status, against the share of the year elapsed at the period's end (``e``, 0.25 after the first quarter):

- **achieved** — attainment ≥ 100 %;
- **on track** — attainment ≥ ``e × 100`` for cumulative (higher-is-better) targets; for lower-is-better
  targets (levels such as rates, not cumulative) ≥ :data:`LOWER_ON_TRACK`; a done/not-done target that is not
  yet done is on track until the last period;
- **at risk** — within :data:`AT_RISK_SHARE` of the on-track mark;
- **behind** — below that.

**One status per figure**: the direction rules above are for *one target's* value. Every average — a unit's,
a group's, the city's, a line's or an indicator's over several units, a content item's — reads through
:func:`average_status` (the higher-is-better rule), wherever it is shown (every dashboard block, the PDF and
the workbooks), so the same percentage never reads two statuses on one page.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext, gettext_noop

from common.numbers import mean, percent, rounded

HUNDRED = Decimal(100)
DISPLAY_CAP = HUNDRED
#: The cap of one target's attainment inside an average.
AVERAGE_CAP = HUNDRED
#: An actual more than this many times the committed value asks for confirmation.
IMPLAUSIBLE_FACTOR = Decimal(10)
#: How a share is written in a line's measure unit.
SHARE_UNITS = {"%", "tỷ lệ %", "tỉ lệ %"}
LOWER_ZERO_ACTUAL = Decimal(200)
LOWER_ON_TRACK = Decimal(95)
AT_RISK_SHARE = Decimal("0.8")

ACHIEVED, ON_TRACK, AT_RISK, BEHIND = "achieved", "on_track", "at_risk", "behind"
# Marked for translation here, translated where shown through :func:`status_label`.
STATUS_LABELS = {ACHIEVED: gettext_noop("Đã đạt"), ON_TRACK: gettext_noop("Đúng tiến độ"),
                 AT_RISK: gettext_noop("Có nguy cơ"), BEHIND: gettext_noop("Chậm")}
STATUS_ORDER = [ACHIEVED, ON_TRACK, AT_RISK, BEHIND]


def status_label(status: str | None) -> str:
    """A status in words ("Đúng tiến độ"), "" for none: the one label of the pages, the PDFs and the workbooks."""
    return gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else ""

HIGHER, LOWER, DONE = "higher", "lower", "done"


def attainment(direction: str, target: Decimal | None, actual: Decimal | None, done: bool | None = None
               ) -> Decimal | None:
    """Uncapped attainment in percent, or None when there is nothing to measure (no actual reported)."""
    if direction == DONE:
        return None if done is None else (HUNDRED if done else Decimal(0))
    if actual is None or target is None:
        return None
    if direction == LOWER:
        if actual <= 0:
            return HUNDRED if target <= 0 else LOWER_ZERO_ACTUAL
        if target <= 0:
            return Decimal(0)
        return percent(target / actual * HUNDRED)
    if target == 0:
        return HUNDRED if actual >= 0 else Decimal(0)
    return percent(max(actual / target * HUNDRED, Decimal(0))) if target > 0 else _negative_target(target, actual)


def _negative_target(target: Decimal, actual: Decimal) -> Decimal:
    """A higher-is-better target below zero (e.g. "fall no more than 2 %"): met when actual ≥ target."""
    return HUNDRED if actual >= target else Decimal(0)


def displayed(value: Decimal | None) -> Decimal | None:
    return None if value is None else min(value, DISPLAY_CAP)


def capped(value: Decimal | None) -> Decimal | None:
    """One target's attainment as it counts in an average: at most :data:`AVERAGE_CAP`."""
    return None if value is None else min(value, AVERAGE_CAP)


def is_share(measure_unit: str | None) -> bool:
    return (measure_unit or "").strip().lower() in SHARE_UNITS


def is_implausible(direction: str, measure_unit: str | None, target: Decimal | None, actual: Decimal | None) -> bool:
    """True when ``actual`` is far outside what is plausible for the target: a share ("%") over 100, or more
    than :data:`IMPLAUSIBLE_FACTOR` × a positive committed value. Done/not-done lines never are."""
    if direction == DONE or actual is None:
        return False
    if is_share(measure_unit) and actual > HUNDRED:
        return True
    return target is not None and target > 0 and actual > target * IMPLAUSIBLE_FACTOR


def elapsed_share(period_end: datetime.date) -> Decimal:
    """Share of the calendar year elapsed at the end of a period (31/03 → 0,25; 31/12 → 1)."""
    start = datetime.date(period_end.year, 1, 1)
    days = (datetime.date(period_end.year, 12, 31) - start).days + 1
    return rounded(Decimal((period_end - start).days + 1) / Decimal(days), 2)


def on_track_mark(direction: str, share: Decimal) -> Decimal:
    if direction == LOWER:
        return LOWER_ON_TRACK
    return share * HUNDRED


def status(direction: str, value: Decimal | None, share: Decimal, final: bool = False) -> str | None:
    """Status of one target's attainment at a period (an average reads through :func:`average_status`)."""
    if value is None:
        return None
    if value >= HUNDRED:
        return ACHIEVED
    if direction == DONE:
        return BEHIND if final or share >= 1 else ON_TRACK
    mark = on_track_mark(direction, share)
    if value >= mark:
        return ON_TRACK
    if value >= mark * AT_RISK_SHARE:
        return AT_RISK
    return BEHIND


def average_status(value: Decimal | None, share: Decimal) -> str | None:
    """Status of any average (of units, groups, lines, indicators, content items): the one rule for a figure
    that sums up several targets."""
    return status(HIGHER, value, share)


def weighted_averages(pairs) -> tuple[Decimal | None, Decimal | None]:
    """``pairs`` of (uncapped attainment, weight) → (capped average, uncapped average); None attainments are
    skipped, (None, None) when nothing is measured. The capped one is *the* average; the other ranks."""
    total = uncapped = weights = Decimal(0)
    for value, weight in pairs:
        if value is None:
            continue
        total += capped(value) * weight
        uncapped += value * weight
        weights += weight
    return (mean(total, weights), mean(uncapped, weights)) if weights else (None, None)


def weighted_average(pairs) -> Decimal | None:
    """The average of ``pairs`` of (attainment, weight), each attainment capped (see :func:`weighted_averages`)."""
    return weighted_averages(pairs)[0]


def behind_threshold(share: Decimal) -> Decimal:
    """Average attainment under which a unit is "behind" at a period: used in SQL filters of the dashboards."""
    return share * HUNDRED * AT_RISK_SHARE
