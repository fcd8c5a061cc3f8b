"""The rules that higher apps lend to lower ones (issue 10: no app imports a higher one).

Groups do not import pledges: pledges registers its current pledge in ``groups.models.MEMBER_HOLDERS``; units do
not import groups: groups registers the members of an officer's groups in ``units.models.VISIBILITY_RULES``;
campaigns do not import groups: a copied plan sends ``campaign_copied`` and groups copy their blocs; accounts do
not import pledges: a signature words why its signer's account is kept (``Signature.protected_user_message``).
"""

import pytest
from django.urls import reverse

from accounts.admin import protected_user_message
from accounts.models import User
from campaigns.models import Campaign
from campaigns.services import copy_campaign
from campaigns.signals import campaign_copied
from groups.apps import members_of_visible_groups
from groups.models import MEMBER_HOLDERS, current_member_holders
from groups.services import retirement_impact
from pledges import services
from pledges.models import Pledge, Signature, current_pledges_by_group
from units.models import VISIBILITY_RULES, Unit

pytestmark = pytest.mark.django_db


def test_the_rules_are_registered_once_by_the_higher_apps():
    assert MEMBER_HOLDERS.count(current_pledges_by_group) == 1
    assert VISIBILITY_RULES.count(members_of_visible_groups) == 1
    assert campaign_copied.has_listeners(Campaign)


def test_a_draft_pledge_does_not_hold_the_members(world, pledge):
    holders = current_member_holders([world.cluster_a.pk, world.cluster_b.pk])
    assert holders == {world.cluster_a.pk: pledge}
    assert not pledge.holds_members
    assert not world.cluster_a.members_frozen()


def test_an_open_pledge_holds_the_members_also_under_lock(world, open_pledge):
    assert Pledge.objects.get(pk=open_pledge.pk).holds_members
    assert world.cluster_a.members_frozen()
    assert world.cluster_a.members_frozen(lock=True)
    assert [a.locked for a in retirement_impact(world.a3)] == [True]


def test_the_latest_version_is_the_one_that_holds(world, signed_pledge, city):
    amendment = services.amend(signed_pledge, city, "Đổi thành viên")
    holders = current_pledges_by_group([world.cluster_a.pk], lock=False)
    assert holders[world.cluster_a.pk].pk == amendment.pk
    assert not world.cluster_a.members_frozen()


def test_an_officer_sees_the_members_of_their_groups_through_the_groups_rule(world, officer):
    assert set(Unit.objects.visible_to(officer)) == {world.a1, world.a2, world.a3}
    VISIBILITY_RULES.remove(members_of_visible_groups)
    try:
        assert set(Unit.objects.visible_to(officer)) == {officer.unit}
    finally:
        VISIBILITY_RULES.append(members_of_visible_groups)


def test_a_copied_plan_takes_its_groups_through_the_signal(world, city):
    copy = copy_campaign(world.c2024, 2030, city)
    assert sorted(copy.groups.values_list("name", flat=True)) == sorted(
        world.c2024.groups.values_list("name", flat=True))
    assert copy.memberships.count() == world.c2024.memberships.count()
    assert Campaign.objects.filter(year=2030).exists()


def test_the_admin_reads_the_reason_from_the_protecting_model(world, open_pledge, officer, client):
    services.sign(open_pledge, world.a1.pk, officer, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    response = client.get(reverse("admin:accounts_user_delete", args=[officer.pk]), follow=True)
    assert str(Signature.protected_user_message) in response.content.decode()
    assert User.objects.filter(pk=officer.pk).exists()


def test_an_account_nothing_protects_with_a_reason_gets_no_message(world, officer):
    assert protected_user_message(officer) is None
