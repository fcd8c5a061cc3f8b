"""State builders: functions that bring the world to a given state, as the users would through the services.

- a pledge's cells filled in by line code (``fill``, ``fill_all`` with ``COMPLETE``), its members' signatures
  (``sign_all``), a group's signed pledge in one call (``signed_pledge_of``);
- a unit's progress report for a period, filled and submitted (``report_with`` with ``FULL``; ``period_named``).

Objects one at a time are made by ``tests/factories.py``.
"""

from decimal import Decimal

from pledges import services as pledge_services
from pledges.forms import parse_cell
from pledges.models import Pledge
from progress import services as progress_services
from progress.services import Entry

# --- pledges ------------------------------------------------------------------------------------------------


def fill(pledge: Pledge, unit, values: dict[str, str], user=None) -> None:
    """Fill ``unit``'s cells by line code with what an officer would type ("8,5", "0", "x", "-")."""
    lines = {line.code: line for line in pledge.lines.all()}
    for code, text in values.items():
        line = lines[code]
        status, value = parse_cell(text, line)
        current = pledge.targets.filter(line=line, unit=unit).first()
        pledge_services.save_target(pledge, line, unit.pk, user, status=status, value=value,
                                    expected_version=current.version if current else 0)


# Every line of the world's 2024 plan: KT01 (higher, %), XH01 (lower is better), CQ01 (done / not done).
COMPLETE = {"KT01": "8,5", "XH01": "0", "CQ01": "x"}


def fill_all(pledge: Pledge, units, values=COMPLETE) -> None:
    for unit in units:
        fill(pledge, unit, values)


def sign_all(pledge: Pledge, units, user=None) -> None:
    for unit in units:
        pledge_services.sign(pledge, unit.pk, user, signer_name="Nguyễn Văn A", signer_position="Giám đốc")


def signed_pledge_of(group, units) -> Pledge:
    """``group``'s pledge, every member's cells ``COMPLETE``, signed by all ``units``."""
    pledge = pledge_services.create_pledge(group, None)
    fill_all(pledge, units)
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, units)
    pledge.refresh_from_db()
    return pledge


# --- progress reports ---------------------------------------------------------------------------------------


def period_named(campaign, name):
    return campaign.periods.get(name=name)


def report_with(period, unit, user=None, values=None, submit=False):
    """Open ``unit``'s report for ``period`` and type ``values`` by line code: numbers, or True/False for
    done lines; ``submit`` it if asked."""
    report = progress_services.open_report(period, unit.pk, user)
    if values:
        entries = {}
        for value in report.values.select_related("line"):
            if value.line.code in values:
                typed = values[value.line.code]
                entries[value.pk] = (Entry(done=typed) if isinstance(typed, bool)
                                     else Entry(actual=Decimal(str(typed))))
        report = progress_services.save_values(report, entries, user)
    if submit:
        report = progress_services.submit(report, user)
    return report


# A complete report: half the growth target at mid-year, no poor households, the done line not yet done.
FULL = {"KT01": "4.25", "XH01": "0", "CQ01": False}
