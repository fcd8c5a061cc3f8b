"""Who signs the plan: the signature block entered on the plan's form (authority, capacity, position, name),
checked as the decree writes it, defaulted from the last plan and copied to the next year; and the default
issuing body named from the city (``THIDUA_CITY_NAME``)."""

import pytest
from django.urls import reverse

from campaigns.forms import CampaignForm
from campaigns.models import Campaign, default_issuing_authority
from campaigns.services import copy_campaign
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"year": 2030, "title": "Kế hoạch phát động phong trào thi đua năm 2030",
            "issuing_authority": "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_capacity": "KT. CHỦ TỊCH", "signer_position": "PHÓ CHỦ TỊCH", "signer_name": "Lê Minh Trung"}
    return data | overrides


@pytest.mark.parametrize("capacity", ["", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH",
                                      "kt. Giám đốc"])
def test_the_capacity_line_is_one_of_the_decrees(capacity):
    form = CampaignForm(form_data(signer_capacity=capacity))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("capacity", ["CHỦ TỊCH", "KT.", "TM. ỦY BAN NHÂN DÂN", "Thay mặt Chủ tịch"])
def test_anything_else_is_refused_with_the_reason(capacity):
    form = CampaignForm(form_data(signer_capacity=capacity))
    assert not form.is_valid()
    assert "KT." in form.errors["signer_capacity"][0]


def test_the_authority_line_is_not_a_capacity():
    form = CampaignForm(form_data(signer_authority="KT. CHỦ TỊCH"))
    assert not form.is_valid()
    assert "TM." in form.errors["signer_authority"][0]


def test_a_new_plan_is_signed_as_the_last_one(world):
    Campaign.objects.filter(pk=world.c2025.pk).update(
        signer_authority="TM. ỦY BAN NHÂN DÂN", signer_capacity="", signer_position="CHỦ TỊCH",
        signer_name="Lê Trung Chinh", issue_place="Đà Nẵng")
    form = CampaignForm()
    initial = {name: form[name].initial for name in
               ("signer_authority", "signer_capacity", "signer_position", "signer_name", "issue_place")}
    assert initial == {"signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_capacity": "", "signer_position": "CHỦ TỊCH",
                       "signer_name": "Lê Trung Chinh", "issue_place": "Đà Nẵng"}


def test_the_first_plan_starts_from_the_city_and_the_usual_signer(settings):
    settings.THIDUA_CITY_NAME = "Đà Nẵng"
    form = CampaignForm()
    assert form["issuing_authority"].initial == "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"
    assert form["issue_place"].initial == "Đà Nẵng"
    assert (form["signer_authority"].initial, form["signer_capacity"].initial, form["signer_position"].initial) == (
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_without_the_city_name_the_form_asks_for_the_issuing_body(settings):
    settings.THIDUA_CITY_NAME = ""
    assert default_issuing_authority() == ""
    form = CampaignForm(form_data(issuing_authority=""))
    assert not form.is_valid() and "issuing_authority" in form.errors
    settings.THIDUA_CITY_NAME = "Huế"
    assert Campaign(year=2031, title="K").issuing_authority == "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ"


def test_the_page_saves_the_signer(city_client):
    response = city_client.post(reverse("campaigns:create"), form_data(signer_capacity="", signer_position="Chủ tịch"))
    assert response.status_code == 302
    plan = Campaign.objects.get(year=2030)
    assert (plan.signer_authority, plan.signer_capacity, plan.signer_position, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "", "Chủ tịch", "Lê Minh Trung")


def test_the_copy_to_the_next_year_keeps_the_signer(city):
    source = make_campaign(2040, Campaign.Status.ISSUED, items=["Nội dung"], signer_capacity="Q. CHỦ TỊCH",
                           signer_position="PHÓ CHỦ TỊCH", signer_name="Trần Văn A")
    copy = copy_campaign(source, 2041, city)
    assert (copy.signer_authority, copy.signer_capacity, copy.signer_position, copy.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn A")


def test_the_plan_page_shows_who_signs(world, city_client):
    Campaign.objects.filter(pk=world.c2024.pk).update(signer_capacity="", signer_position="CHỦ TỊCH",
                                                       signer_name="Lê Trung Chinh")
    page = city_client.get(reverse("campaigns:detail", args=[2024])).content.decode()
    assert "TM. ỦY BAN NHÂN DÂN · CHỦ TỊCH · Lê Trung Chinh" in page
