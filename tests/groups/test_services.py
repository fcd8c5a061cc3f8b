"""groups.services.save_group: memberships follow the roles; existing ones are kept; swaps never clash."""

import pytest

from groups.models import Group
from groups.services import save_group
from tests.factories import DEPUTY, LEADER, MEMBER, make_first_cluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    _, units, group = make_first_cluster()
    return group, units


def roles(group) -> dict[str, str]:
    return dict(group.memberships.values_list("unit__code", "role"))


def test_swap_leader_and_deputy_keeps_the_memberships(setup):
    group, units = setup
    before = dict(group.memberships.values_list("unit_id", "pk"))
    save_group(group, {units[0].pk: DEPUTY, units[1].pk: LEADER, units[2].pk: MEMBER})
    assert roles(group) == {"U0": DEPUTY, "U1": LEADER, "U2": MEMBER}
    assert dict(group.memberships.values_list("unit_id", "pk")) == before


def test_rotate_three_roles(setup):
    group, units = setup
    save_group(group, {units[0].pk: MEMBER, units[1].pk: LEADER, units[2].pk: DEPUTY})
    assert roles(group) == {"U0": MEMBER, "U1": LEADER, "U2": DEPUTY}


def test_add_and_remove_members(setup):
    group, units = setup
    save_group(group, {units[0].pk: LEADER, units[3].pk: MEMBER, units[4].pk: DEPUTY})
    assert roles(group) == {"U0": LEADER, "U3": MEMBER, "U4": DEPUTY}


def test_new_group(setup):
    group, units = setup
    other = save_group(Group(campaign=group.campaign, name="Cụm 2"), {units[3].pk: LEADER})
    assert roles(other) == {"U3": LEADER}
    assert other.memberships.get().campaign == group.campaign
