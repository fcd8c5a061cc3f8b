"""Progress reports on top of the shared world: cluster A (a1 leader = ``officer``, a2 deputy = ``officer2``,
a3) has signed its pledge (KT01 higher 8,5 · XH01 lower 0 · CQ01 done, for every member); the 2024 plan has
the default periods (Quý I, 6 tháng, 9 tháng, Năm, each due ten days after its end)."""

from decimal import Decimal

import pytest

from progress import services
from progress.services import Entry
from tests.pledges.conftest import fill_all, sign_all


def signed_pledge_of(group, units):
    from pledges import services as pledge_services

    pledge = pledge_services.create_pledge(group, None)
    fill_all(pledge, units)
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, units)
    pledge.refresh_from_db()
    return pledge


def period_named(campaign, name):
    return campaign.periods.get(name=name)


def report_with(period, unit, user=None, values=None, submit=False):
    """Open ``unit``'s report for ``period`` and type ``values`` by line code: numbers, or True/False for
    done lines; ``submit`` it if asked."""
    report = services.open_report(period, unit.pk, user)
    if values:
        entries = {}
        for value in report.values.select_related("line"):
            if value.line.code in values:
                typed = values[value.line.code]
                entries[value.pk] = (Entry(done=typed) if isinstance(typed, bool)
                                     else Entry(actual=Decimal(str(typed))))
        report = services.save_values(report, entries, user)
    if submit:
        report = services.submit(report, user)
    return report


# A complete report: half the growth target at mid-year, no poor households, the done line not yet done.
FULL = {"KT01": "4.25", "XH01": "0", "CQ01": False}


@pytest.fixture
def signed(world):
    """Cluster A's signed pledge."""
    return signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])


@pytest.fixture
def half_year(world):
    return period_named(world.c2024, "6 tháng")
