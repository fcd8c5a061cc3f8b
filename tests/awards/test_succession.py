"""Next year's leaders: a copied plan's groups take the leader and deputy elected at the source groups'
finalised year-end meetings, by the repeat-leader rule (awards.succession's table, case by case); the group
pages and the group form say and apply the rule."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Ballot
from awards.succession import new_roles
from campaigns import services as campaign_services
from campaigns.models import Campaign, RepeatLeaderRule
from groups.models import Group
from groups.services import repeat_leaders
from tests.factories import DEPUTY, LEADER, MEMBER, make_group, retire

from .meetings import elects, meeting_of

pytestmark = pytest.mark.django_db

CLUSTER_A = "Cụm thi đua các sở số 1"


def set_rule(campaign, rule):
    Campaign.objects.filter(pk=campaign.pk).update(repeat_leader_rule=rule)
    campaign.refresh_from_db()


def copy(world, city, year=2026) -> Campaign:
    return campaign_services.copy_campaign(world.c2024, year, city)


def roles(campaign, name=CLUSTER_A) -> dict[str, str]:
    return dict(Group.objects.get(campaign=campaign, name=name).memberships.values_list("unit__code", "role"))


def test_the_copy_places_the_elected_leader_and_deputy(world, city):
    elects(world.cluster_a, leader=world.a3, deputy=world.a1)
    new = copy(world, city)
    # a3 elected leader, a1 (leader this year) elected deputy, a2 (deputy this year) a plain member.
    assert roles(new) == {"SXD": LEADER, "SKHDT": DEPUTY, "STC": MEMBER}
    # Cluster B held no meeting: its roles are copied as they were.
    assert roles(new, "Cụm thi đua các quận") == {"QHC": LEADER, "QST": MEMBER}
    repeats = repeat_leaders(new, Group.objects.filter(campaign=new).prefetch_related("memberships"))
    assert [r.unit_name for r in repeats.values()] == ["Quận Hải Châu"]  # cluster B's leader, as copied


def test_the_leaders_are_placed_after_the_groups_are_copied():
    """The signal calls its receivers in the order they were connected: groups' ready() before awards'."""
    from campaigns.signals import campaign_copied

    uids = [key[0] for key, *_rest in campaign_copied.receivers]
    assert uids.index("groups.copy_groups") < uids.index("awards.place_elected_leaders")


def test_the_rule_is_copied_with_the_plan(world, city):
    set_rule(world.c2024, RepeatLeaderRule.REFUSE)
    assert copy(world, city).repeat_leader_rule == RepeatLeaderRule.REFUSE


def test_a_meeting_not_finalised_places_nobody(world, city):
    elects(world.cluster_a, leader=world.a3, deputy=world.a1, final=False)
    assert roles(copy(world, city)) == {"SKHDT": LEADER, "STC": DEPUTY, "SXD": MEMBER}


def test_a_unit_no_longer_in_the_group_is_not_placed(world, city):
    elects(world.cluster_a, leader=world.a3, deputy=world.a1)
    retire(world.a3)  # retired units are not copied: a3 is no member of next year's cluster
    # The elected deputy a1 leads this year and nobody takes its place: it stays leader, a2 stays deputy.
    assert roles(copy(world, city)) == {"SKHDT": LEADER, "STC": DEPUTY}


def test_a_unit_elected_elsewhere_is_not_placed(world, city):
    elects(world.cluster_a, leader=world.b2, deputy=world.a3)
    assert roles(copy(world, city)) == {"SKHDT": LEADER, "STC": MEMBER, "SXD": DEPUTY}


def test_the_most_voted_takes_the_role_when_several_are_elected(world, city):
    meeting_of(world.cluster_a, ballots=[(Ballot.Question.LEADER, 3, [(world.a2, 2, True), (world.a3, 3, True)])])
    assert roles(copy(world, city))["SXD"] == LEADER


@pytest.mark.parametrize(("rule", "expected", "warning"), [
    (RepeatLeaderRule.ALLOW, {"SKHDT": LEADER, "SXD": DEPUTY, "STC": MEMBER}, None),
    (RepeatLeaderRule.WARN, {"SKHDT": LEADER, "SXD": DEPUTY, "STC": MEMBER}, "cần cân nhắc luân phiên"),
    # Refused: nothing changes in the group (the copied roles), and the group page says why.
    (RepeatLeaderRule.REFUSE, {"SKHDT": LEADER, "STC": DEPUTY, "SXD": MEMBER}, "Hãy chọn đơn vị trưởng khác"),
])
def test_the_repeat_leader_rule(world, city, client_as, rule, expected, warning):
    set_rule(world.c2024, rule)
    elects(world.cluster_a, leader=world.a1, deputy=world.a3)  # a1 leads again
    new = copy(world, city)
    assert roles(new) == expected
    group = Group.objects.get(campaign=new, name=CLUSTER_A)
    client = client_as("city")
    detail = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    listing = client.get(reverse("groups:list", args=[2026])).content.decode()
    said = "Đơn vị Sở Kế hoạch và Đầu tư làm trưởng cụm này năm 2024; quy định:"
    if warning is None:
        assert said not in detail and "Trưởng hai năm liền" not in listing
    else:
        assert said in detail and warning in detail
        # The list: a short line on the card, and a summary (cluster B kept its leader too: no meeting).
        assert "Trưởng hai năm liền (đã làm trưởng năm 2024)" in listing
        assert "2 cụm, khối có đơn vị trưởng đã làm trưởng cụm, khối cùng tên năm trước" in listing


def test_the_warning_is_for_city_staff_and_leaders_only(world, city, client_as):
    elects(world.cluster_a, leader=world.a1)
    new = copy(world, city)
    group = Group.objects.get(campaign=new, name=CLUSTER_A)
    said = "làm trưởng cụm này năm 2024"
    assert said in client_as("viewer").get(reverse("groups:detail", args=[group.pk])).content.decode()
    # Draft plans are not shown to officers; an issued one is, without the warning.
    Campaign.objects.filter(pk=new.pk).update(status=Campaign.Status.ISSUED, issue_date=datetime.date(2026, 2, 1))
    assert said not in client_as("officer").get(reverse("groups:detail", args=[group.pk])).content.decode()


def test_without_a_copy_the_previous_year_is_the_earlier_plan(world, client_as):
    # The 2025 plan was not copied: the 2024 plan is the one before it.
    group = make_group(world.c2025, CLUSTER_A, leader=world.a1, members=[world.a2])
    page = client_as("city").get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Đơn vị Sở Kế hoạch và Đầu tư làm trưởng cụm này năm 2024" in page
    other = make_group(world.c2025, "Cụm mới", leader=world.b1, members=[world.b2])
    assert "làm trưởng" not in client_as("city").get(reverse("groups:detail", args=[other.pk])).content.decode()


def group_post(leader, members, deputy=None, name=CLUSTER_A):
    return {"name": name, "kind": "cluster", "description": "", "members": [u.pk for u in members],
            "leader": leader.pk, "deputy": deputy.pk if deputy else ""}


def test_the_group_form_refuses_last_years_leader_when_the_rule_refuses(world, client_as):
    set_rule(world.c2025, RepeatLeaderRule.REFUSE)
    client = client_as("city")
    response = client.post(reverse("groups:create", args=[2025]), group_post(world.a1, [world.a1, world.a2]))
    assert response.status_code == 200
    assert "Đơn vị Sở Kế hoạch và Đầu tư làm trưởng cụm này năm 2024" in response.content.decode()
    assert "Hãy chọn đơn vị trưởng khác" in response.content.decode()
    assert not Group.objects.filter(campaign=world.c2025).exists()
    # Another leader is saved; a group of another name is no repeat.
    assert client.post(reverse("groups:create", args=[2025]), group_post(world.a2, [world.a1, world.a2])
                       ).status_code == 302
    assert client.post(reverse("groups:create", args=[2025]),
                       group_post(world.b1, [world.b1], name="Cụm khác")).status_code == 302


def test_editing_a_group_keeps_the_rule(world, city, client_as):
    set_rule(world.c2024, RepeatLeaderRule.REFUSE)
    new = copy(world, city)  # nobody elected: a1 leads again, as copied
    group = Group.objects.get(campaign=new, name=CLUSTER_A)
    client = client_as("city")
    url = reverse("groups:edit", args=[group.pk])
    assert "Hãy chọn đơn vị trưởng khác" in client.get(url).content.decode()  # said before saving, too
    refused = client.post(url, group_post(world.a1, [world.a1, world.a2, world.a3], deputy=world.a2))
    assert refused.status_code == 200 and "Hãy chọn đơn vị trưởng khác" in refused.content.decode()
    assert client.post(url, group_post(world.a3, [world.a1, world.a2, world.a3], deputy=world.a2)).status_code == 302
    assert roles(new)["SXD"] == LEADER


def test_the_group_form_warns_after_saving_when_the_rule_warns(world, client_as):
    response = client_as("city").post(reverse("groups:create", args=[2025]),
                                      group_post(world.a1, [world.a1, world.a2]), follow=True)
    page = response.content.decode()
    assert "Đã tạo" in page
    assert "Đơn vị Sở Kế hoạch và Đầu tư làm trưởng cụm này năm 2024; quy định:" in page
    assert Group.objects.filter(campaign=world.c2025).exists()


def test_the_plan_form_has_the_rule(world, client_as):
    client = client_as("city")
    page = client.get(reverse("campaigns:edit", args=[2025])).content.decode()
    assert 'name="repeat_leader_rule"' in page
    form = client.get(reverse("campaigns:edit", args=[2025])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(repeat_leader_rule=RepeatLeaderRule.REFUSE, legal_bases="")
    data["year"] = 2025
    assert client.post(reverse("campaigns:edit", args=[2025]), data).status_code == 302
    world.c2025.refresh_from_db()
    assert world.c2025.repeat_leader_rule == RepeatLeaderRule.REFUSE


@pytest.mark.parametrize(("elected_leader", "elected_deputy", "expected"), [
    ("C", "A", {"A": DEPUTY, "B": MEMBER, "C": LEADER}),
    ("B", None, {"A": MEMBER, "B": LEADER, "C": MEMBER}),   # the deputy rises: no deputy then
    (None, "C", {"A": LEADER, "B": MEMBER, "C": DEPUTY}),
    (None, "A", {"A": LEADER, "B": DEPUTY, "C": MEMBER}),   # the leader stays: not made deputy
    ("X", "C", {"A": LEADER, "B": MEMBER, "C": DEPUTY}),    # X is not a member
    ("C", "C", {"A": MEMBER, "B": DEPUTY, "C": LEADER}),
])
def test_new_roles(elected_leader, elected_deputy, expected):
    current = {"A": LEADER, "B": DEPUTY, "C": MEMBER}
    assert new_roles(current, {"A", "B", "C"}, elected_leader, elected_deputy) == expected

