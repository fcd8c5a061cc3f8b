"""A unit's registration in a real browser, under the real Content-Security-Policy: Sở Tài chính (``officer2``)
ticks a collective title, types two people, saves, submits after the deadline (marked late); city staff reopen it
with a reason."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from awards.models import Registration
from campaigns.models import Campaign
from tests.browser.flows import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2024"


@pytest.fixture
def users(live_server, world, officer2, city):
    for user in (officer2, city):
        user.set_password(PASSWORD)
        user.save()
    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=datetime.date(2024, 3, 31))
    return world


def test_register_submit_late_and_reopen(page: Page, live_server, users):
    world = users
    url = live_server.url + reverse("awards:registration", args=[2024, world.a2.pk])
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, "officer2", PASSWORD)
    page.get_by_role("link", name="Đăng ký thi đua năm 2024").click()  # from "Việc cần làm"
    expect(page).to_have_url(url)
    expect(page.locator(".subtitle .badge")).to_have_text("Chưa đăng ký")
    page.get_by_label("Tập thể lao động xuất sắc").check()
    page.get_by_label("Họ và tên, dòng 1").fill("Nguyễn Thị Thu Hà")
    page.get_by_label("Chức vụ, dòng 1").fill("Phó Giám đốc Sở")
    page.get_by_label("Danh hiệu, dòng 1").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_label("Họ và tên, dòng 2").fill("Trần Văn Bình")
    page.get_by_label("Danh hiệu, dòng 2").select_option(label="Lao động tiên tiến")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu bản đăng ký. Bản đăng ký chưa được nộp.")).to_be_visible()
    assert list(Registration.objects.get().people.values_list("full_name", flat=True)) == [
        "Nguyễn Thị Thu Hà", "Trần Văn Bình"]
    page.get_by_role("button", name="Nộp bản đăng ký").click()
    expect(page.get_by_text("bản đăng ký được ghi nhận là nộp muộn")).to_be_visible()
    expect(page.locator(".subtitle .badge")).to_have_text("Nộp muộn")

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server.url, "city", PASSWORD)
    page.goto(url)
    page.get_by_label("Lý do mở lại").fill("Bổ sung cá nhân")
    page.get_by_role("button", name="Mở lại").click()
    expect(page.get_by_text("Đã mở lại bản đăng ký; đơn vị có thể sửa và nộp lại.")).to_be_visible()
    assert Registration.objects.get().is_draft
