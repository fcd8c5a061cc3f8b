"""How a committed target reads, wherever it is shown: the grid, the pledge's PDF and its workbook.

=========================  =======================================================================
Target                     Text
=========================  =======================================================================
not filled in              "" (the grid shows a muted "…" with the title "Chưa nhập")
not applicable (``-``)     "Không áp dụng" — written out, never abbreviated (the grid once said "KAD")
done / not-done line       "Cam kết hoàn thành"
a number                   Vietnamese format, "1.250,5"; with the line's measure unit when asked
=========================  =======================================================================

The workbook keeps a number a number (so that it can be summed); its words are these.
"""

from django.utils.translation import gettext as _

from common.numbers import format_number

from .models import PledgeLine, Target


def not_applicable_text() -> str:
    return _("Không áp dụng")


def done_commitment_text() -> str:
    return _("Cam kết hoàn thành")


def target_text(line: PledgeLine, target: Target | None, *, with_unit: bool = False) -> str:
    """The committed value of ``target`` on ``line`` as text (see the module's table)."""
    if target is None or target.status == Target.Status.EMPTY:
        return ""
    if target.status == Target.Status.NOT_APPLICABLE:
        return not_applicable_text()
    if line.is_done_kind:
        return done_commitment_text()
    text = format_number(target.value)
    if with_unit and line.measure_unit:
        text = f"{text} {line.measure_unit}"
    return text


def target_words(line: PledgeLine, target: Target | None) -> str | None:
    """The words of a target that is not a number (a workbook writes the number itself); None for a number
    or an empty target."""
    if target is None or target.status == Target.Status.EMPTY:
        return None
    if target.status == Target.Status.NOT_APPLICABLE or line.is_done_kind:
        return target_text(line, target)
    return None
