"""What a user may do on a pledge page is decided once, in pledges.access.PledgeRights, and the page reads it
(issue 10: templates no longer re-check roles, units or status strings)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from groups.access import is_leader_or_city
from pledges.access import PledgeOverviewRights, PledgeRights
from pledges.models import Pledge

pytestmark = pytest.mark.django_db

PAGE = Path(settings.BASE_DIR) / "pledges/templates/pledges/pledge_detail.html"


def rights(user, pledge, **kwargs):
    member_ids = set(pledge.group.memberships.values_list("unit_id", flat=True))
    return PledgeRights.of(user, pledge, member_ids, **kwargs)


def test_the_leader_or_city_rule_is_one(world, city, officer, officer2, viewer):
    group = world.cluster_a.pk
    assert [is_leader_or_city(u, group) for u in (city, officer, officer2, viewer)] == [True, True, False, False]
    assert is_leader_or_city(officer, group, leader_id=world.a1.pk)
    assert not is_leader_or_city(officer, group, leader_id=world.a2.pk)


def test_a_draft_the_leader_runs_and_a_member_fills(world, pledge, officer, officer2, city):
    leader, member, staff = rights(officer, pledge), rights(officer2, pledge), rights(city, pledge)
    assert (leader.manage, leader.edit, leader.open, leader.add_own_line, leader.fill_in) == (True,) * 5
    assert (member.manage, member.edit, member.open, member.add_own_line) == (False, False, False, True)
    assert not (leader.sign or leader.amend or leader.return_to_draft or leader.excel_import)
    assert leader.unit_forms == {world.a1.pk} and member.unit_forms == {world.a2.pk}
    assert staff.unit_forms == {world.a1.pk, world.a2.pk, world.a3.pk}
    assert staff.excel_template and staff.excel_import


def test_an_open_pledge_is_signed_by_members_and_returned_by_the_leader(world, open_pledge, officer, officer2):
    leader = rights(officer, open_pledge, my_signature_missing=True)
    member = rights(officer2, open_pledge, my_signature_missing=False)
    assert leader.return_to_draft and leader.sign and not leader.open and not leader.fill_in
    assert not member.return_to_draft and not member.sign
    assert leader.unit_forms == frozenset()


def test_only_the_current_signed_version_is_amended(signed_pledge, officer, city):
    assert rights(officer, signed_pledge).amend
    assert not rights(officer, signed_pledge, is_current=False).amend
    assert Pledge.objects.get(pk=signed_pledge.pk).is_signed


def test_the_page_marks_the_users_own_unit(world, pledge, officer2, city):
    assert rights(officer2, pledge).own_unit_id == world.a2.pk
    assert rights(city, pledge).own_unit_id is None


# persona: export (every pledge as one PDF), create (a group's draft from its row) on the issued 2024 plan.
OVERVIEW = {"city": (True, True), "viewer": (True, False), "officer": (False, False), "no_unit": (False, False)}


@pytest.mark.parametrize("persona", OVERVIEW)
def test_overview_rights_per_persona(request, world, client_as, persona):
    overview = PledgeOverviewRights.of(request.getfixturevalue(persona), world.c2024)
    assert (overview.export, overview.create) == OVERVIEW[persona]
    page = client_as(persona).get(reverse("pledges:overview", args=[2024])).content.decode()
    assert ('aria-label="Xuất giao ước"' in page) == overview.export
    assert ("Lập dự thảo giao ước" in page) == overview.create


def test_no_draft_is_offered_before_the_plan_is_issued(world, city):
    assert not PledgeOverviewRights.of(city, world.c2025).create


def test_the_page_reads_the_rights_not_the_roles():
    page = PAGE.read_text()
    for recheck in ("user.is_city_staff", "user.is_unit_officer", "is_manager", 'pledge.status == "draft"'):
        assert recheck not in page, recheck
