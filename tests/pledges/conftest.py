"""Pledges on top of the shared world: cluster A (a1 leader, a2 deputy, a3 member) drafts its pledge from the
2024 plan, whose lines are KT01 (higher, %), XH01 (lower is better) and CQ01 (done / not done)."""

import pytest

from pledges import services
from pledges.forms import parse_cell
from pledges.models import Pledge


def fill(pledge: Pledge, unit, values: dict[str, str], user=None) -> None:
    """Fill ``unit``'s cells by line code with what an officer would type ("8,5", "0", "x", "-")."""
    lines = {line.code: line for line in pledge.lines.all()}
    for code, text in values.items():
        line = lines[code]
        status, value = parse_cell(text, line)
        current = pledge.targets.filter(line=line, unit=unit).first()
        services.save_target(pledge, line, unit.pk, user, status=status, value=value,
                             expected_version=current.version if current else 0)


COMPLETE = {"KT01": "8,5", "XH01": "0", "CQ01": "x"}


def fill_all(pledge: Pledge, units, values=COMPLETE) -> None:
    for unit in units:
        fill(pledge, unit, values)


def sign_all(pledge: Pledge, units, user=None) -> None:
    for unit in units:
        services.sign(pledge, unit.pk, user, signer_name="Nguyễn Văn A", signer_position="Giám đốc")


@pytest.fixture
def pledge(world, city):
    """Cluster A's draft pledge, nothing filled in yet."""
    return services.create_pledge(world.cluster_a, city)


@pytest.fixture
def members(world):
    return [world.a1, world.a2, world.a3]


@pytest.fixture
def open_pledge(pledge, members):
    fill_all(pledge, members)
    return services.open_for_signing(pledge, None)


@pytest.fixture
def signed_pledge(open_pledge, members):
    sign_all(open_pledge, members)
    open_pledge.refresh_from_db()
    return open_pledge
