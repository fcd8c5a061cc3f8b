"""The group form offers only units this group may hold."""

import pytest

from groups.forms import GroupForm

pytestmark = pytest.mark.django_db


def test_leader_and_deputy_choices_leave_out_other_groups_members(world):
    form = GroupForm(instance=world.cluster_a, campaign=world.c2024)
    leader_choices = set(form.fields["leader"].queryset)
    assert {world.a1, world.a2, world.a3} <= leader_choices
    assert world.b1 not in leader_choices and world.b2 not in leader_choices
    assert set(form.fields["deputy"].queryset) == leader_choices
    # Members list every unit, so the page can show who is taken and by which group.
    assert world.b1 in set(form.fields["members"].queryset)
    assert form.taken[world.b1.pk] == world.cluster_b.name


def test_choosing_another_groups_unit_as_leader_is_refused(world):
    form = GroupForm(
        data={"name": world.cluster_a.name, "kind": "cluster", "members": [world.a1.pk, world.a2.pk],
              "leader": world.b1.pk},
        instance=world.cluster_a, campaign=world.c2024,
    )
    assert not form.is_valid()
    assert "leader" in form.errors
