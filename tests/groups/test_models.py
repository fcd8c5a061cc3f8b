"""Groups and memberships: one group per unit per campaign, one leader, one deputy; visibility."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from groups.models import Group, Membership
from tests.factories import DEPUTY, LEADER, MEMBER, make_campaign, make_first_cluster, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    campaign, units, group = make_first_cluster()
    other = make_group(campaign, "Cụm 2", leader=units[3])
    return campaign, units, group, other


def messages_of(instance) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.messages


def test_make_group_gives_the_roles(setup):
    campaign, units, group, _ = setup
    roles = dict(group.memberships.values_list("unit__code", "role"))
    assert roles == {"U0": LEADER, "U1": DEPUTY, "U2": MEMBER}
    assert set(group.memberships.values_list("campaign", flat=True)) == {campaign.pk}


def test_unit_is_in_one_group_per_campaign(setup):
    campaign, units, group, other = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=other, unit=units[2])


def test_one_group_per_campaign_message_is_vietnamese(setup):
    campaign, units, group, other = setup
    membership = Membership(group=other, campaign=campaign, unit=units[2])
    assert "Đơn vị đã thuộc một cụm, khối khác trong năm này." in messages_of(membership)


def test_unit_may_be_in_groups_of_different_campaigns(setup):
    campaign, units, group, other = setup
    make_group(make_campaign(2031), "Cụm 1", leader=units[0], members=[units[1]])
    assert units[0].memberships.count() == 2


@pytest.mark.parametrize(
    ("role", "message"),
    [(LEADER, "Mỗi cụm, khối chỉ có một đơn vị trưởng."), (DEPUTY, "Mỗi cụm, khối chỉ có một đơn vị phó.")],
    ids=["leader", "deputy"],
)
def test_group_has_at_most_one_leader_and_one_deputy(setup, role, message):
    campaign, units, group, _ = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, unit=units[4], role=role)
    membership = Membership(group=group, campaign=campaign, unit=units[4], role=role)
    assert message in messages_of(membership)


def test_deputy_cannot_be_the_leader(setup):
    """Leader and deputy are roles of a membership: the leader unit cannot get a second one as deputy."""
    campaign, units, _, other = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=other, unit=units[3], role=DEPUTY)


def test_many_plain_members_are_fine(setup):
    campaign, units, group, _ = setup
    Membership.objects.create(group=group, unit=units[4])
    assert group.memberships.filter(role=MEMBER).count() == 2


def test_membership_takes_its_campaign_from_the_group(setup):
    campaign, units, group, _ = setup
    membership = Membership.objects.create(group=group, unit=units[4])
    assert membership.campaign_id == campaign.pk


def test_membership_campaign_must_match_the_group(setup):
    campaign, units, group, _ = setup
    membership = Membership(group=group, campaign=make_campaign(2031), unit=units[4])
    assert "Cụm, khối và kế hoạch không khớp." in messages_of(membership)


def test_group_name_is_unique_per_campaign(setup):
    campaign, *_ = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(campaign=campaign, name="Cụm 1")
    assert "Kế hoạch đã có cụm, khối cùng tên." in messages_of(Group(campaign=campaign, name="Cụm 1"))


def test_unit_in_a_group_cannot_be_deleted(setup):
    from django.db.models import ProtectedError

    _, units, _, _ = setup
    with pytest.raises(ProtectedError), transaction.atomic():
        units[0].delete()


def test_deleting_a_group_deletes_its_memberships(setup):
    _, units, group, _ = setup
    group.delete()
    assert not Membership.objects.filter(unit__in=units[:3]).exists()


def test_visible_to_by_persona(world, city, viewer, officer, officer2, outsider, no_unit):
    both = {world.cluster_a, world.cluster_b}
    assert set(Group.objects.visible_to(city)) == both
    assert set(Group.objects.visible_to(viewer)) == both
    assert list(Group.objects.visible_to(officer)) == [world.cluster_a]
    assert list(Group.objects.visible_to(officer2)) == [world.cluster_a]
    assert list(Group.objects.visible_to(outsider)) == [world.cluster_b]
    assert list(Group.objects.visible_to(no_unit)) == []


def test_officer_does_not_see_groups_of_a_draft_campaign(world, officer):
    draft_group = make_group(world.c2025, "Cụm dự thảo", leader=world.a1)
    assert draft_group not in Group.objects.visible_to(officer)
