"""Retiring a unit shows the groups and pledges it affects and can hand its memberships to its successor."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from groups.models import Membership
from pledges import services as pledge_services
from tests.builders import fill_all
from tests.factories import make_campaign, make_group, make_unit, retire
from units.models import Unit

pytestmark = pytest.mark.django_db

MOVE_LABEL = "Chuyển tư cách thành viên sang đơn vị kế thừa"


def text(response) -> str:
    return response.content.decode()


def retire_post(client, unit, successor=None, move=False, on="30/06/2024"):
    data = {"retired_on": on, "retirement_reason": "Sáp nhập theo nghị quyết", "merged_into": successor.pk if successor else ""}
    if move:
        data["move_memberships"] = "on"
    return client.post(reverse("groups:unit_retire", args=[unit.pk]), data, follow=True)


def roles(group) -> dict:
    return dict(group.memberships.values_list("unit__code", "role"))


def test_retire_page_lists_the_groups_and_pledges_it_affects(world, city, city_client):
    closed = make_campaign(2023, Campaign.Status.CLOSED)
    make_group(closed, "Cụm cũ 2023", leader=world.a1)
    pledge_services.create_pledge(world.cluster_a, city)
    page = text(city_client.get(reverse("groups:unit_retire", args=[world.a1.pk])))
    assert "Cụm thi đua các sở số 1" in page and "Dự thảo" in page
    assert MOVE_LABEL in page
    # A closed plan's groups are history: not affected.
    assert "Cụm cũ 2023" not in page


def test_retire_and_hand_membership_to_the_successor_keeping_the_role(world, city_client):
    draft_group = make_group(world.c2025, "Cụm dự thảo 2025", leader=world.b2, deputy=world.a1)
    response = retire_post(city_client, world.a1, world.loner, move=True)
    assert "Đã ghi nhận đơn vị “Sở Kế hoạch và Đầu tư” ngừng hoạt động." in text(response)
    world.a1.refresh_from_db()
    assert world.a1.retired_on == datetime.date(2024, 6, 30) and world.a1.merged_into == world.loner
    assert roles(world.cluster_a) == {"DTN": "leader", "STC": "deputy", "SXD": "member"}
    assert roles(draft_group) == {"QST": "leader", "DTN": "deputy"}


def test_earlier_years_keep_the_retired_unit(world, city_client):
    earlier = make_campaign(2023, Campaign.Status.ISSUED)
    old = make_group(earlier, "Cụm 2023", leader=world.a1)
    retire_post(city_client, world.a1, world.loner, move=True)
    assert roles(old) == {"SKHDT": "leader"}
    assert roles(world.cluster_a)["DTN"] == "leader"


def test_successor_already_in_a_group_of_that_year_refuses_everything(world, city_client):
    make_group(world.c2025, "Cụm dự thảo 2025", leader=world.a1)
    response = retire_post(city_client, world.a1, world.b2, move=True)
    page = text(response)
    assert response.status_code == 200
    assert "Quận Sơn Trà đã thuộc “Cụm thi đua các quận” trong năm 2024" in page
    world.a1.refresh_from_db()
    assert world.a1.is_active
    assert roles(world.cluster_a)["SKHDT"] == "leader"
    assert Membership.objects.filter(unit=world.a1, campaign=world.c2025).exists()


@pytest.mark.parametrize("state", ["open", "signed"])
def test_a_group_with_an_open_or_signed_pledge_is_not_changed_silently(world, city, city_client, state):
    pledge = pledge_services.create_pledge(world.cluster_a, city)
    fill_all(pledge, [world.a1, world.a2, world.a3])
    pledge = pledge_services.open_for_signing(pledge, city)
    if state == "signed":
        for unit in [world.a1, world.a2, world.a3]:
            pledge_services.sign(pledge, unit.pk, None, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    response = retire_post(city_client, world.a1, world.loner, move=True)
    page = text(response)
    assert response.status_code == 200
    assert "Cụm thi đua các sở số 1" in page and "cần lập bản sửa đổi giao ước" in page
    world.a1.refresh_from_db()
    assert world.a1.is_active
    assert roles(world.cluster_a)["SKHDT"] == "leader"


def test_move_needs_a_successor(world, city_client):
    response = retire_post(city_client, world.a1, None, move=True)
    assert "Chọn đơn vị kế thừa để chuyển tư cách thành viên." in text(response)
    world.a1.refresh_from_db()
    assert world.a1.is_active


def test_retiring_without_moving_warns_about_the_groups_kept(world, city_client):
    response = retire_post(city_client, world.a1, world.loner)
    assert "vẫn còn trong: Cụm thi đua các sở số 1 (2024)" in text(response)
    assert roles(world.cluster_a)["SKHDT"] == "leader"


def test_group_pages_flag_retired_members(world, city_client, officer_client):
    retire(world.a3, on=datetime.date(2024, 6, 30))
    successor = make_unit("SMOI", "Sở Mới")
    retire(world.a2, on=datetime.date(2024, 7, 1), merged_into=successor)
    for client in [city_client, officer_client]:
        for url in [reverse("groups:detail", args=[world.cluster_a.pk]), reverse("groups:list", args=[2024])]:
            page = text(client.get(url))
            assert "Đã ngừng hoạt động từ 30/06/2024" in page, url
            assert "Đã sáp nhập vào Sở Mới" in page, url
    assert Unit.objects.get(pk=world.a1.pk).is_active


def test_retire_page_is_under_the_units_menu(world, city_client):
    """The page is served by groups (it changes memberships) but belongs to the unit register in the menu."""
    page = text(city_client.get(reverse("groups:unit_retire", args=[world.a1.pk])))
    assert f'<a href="{reverse("units:list")}" aria-current="page">' in page
    assert f'<a href="{reverse("campaigns:list")}" aria-current="page">' not in page
