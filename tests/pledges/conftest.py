"""Pledges on top of the shared world: cluster A (a1 leader, a2 deputy, a3 member) drafts its pledge from the
2024 plan, whose lines are KT01 (higher, %), XH01 (lower is better) and CQ01 (done / not done)."""

import pytest

from pledges import services
from tests.builders import fill_all, sign_all


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
