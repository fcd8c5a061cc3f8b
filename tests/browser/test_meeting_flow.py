"""A group's year-end meeting in a real browser, under the real Content-Security-Policy: the leader unit's officer
(Sở Kế hoạch và Đầu tư, ``officer``) records the meeting and who attended, types the four ballots, finalises the
minutes and downloads the biên bản PDF; city staff then find the flag's proposal in the city's list and record
the council's decision, which enters the unit's award register."""

import re
import unicodedata

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from awards.models import AwardRecord, Meeting, Proposal
from tests.awards import meeting_states as ms
from tests.browser.flows import login
from tests.downloads import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2024"


@pytest.fixture
def users(live_server, world, officer, city):
    for user in (officer, city):
        user.set_password(PASSWORD)
        user.save()
    ms.publish(world.cluster_a, {world.a1: "htxs", world.a3: "htxs", world.a2: "htt"})
    for unit in (world.a1, world.a2, world.a3):
        ms.register(world.cluster_a, unit)
    return world


def vote(page, question, counts, votes, button):
    section = page.locator(f"#ballot-{question}")
    for label, value in zip(("Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ"), counts, strict=True):
        section.get_by_label(label).fill(str(value))
    for unit, number in votes:
        section.get_by_label(re.compile(f"Bầu chọn {unit}")).check()
        section.get_by_label(re.compile(f"Số phiếu của {unit}")).fill(str(number))
    section.get_by_role("button", name=button).click()
    expect(page.get_by_text("Đã lưu kết quả bỏ phiếu")).to_be_visible()


def test_record_vote_finalise_and_print_the_minutes(page: Page, live_server, users):
    world = users
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, "officer", PASSWORD)
    page.goto(live_server.url + reverse("awards:meetings", args=[2024]))
    page.get_by_role("link", name=world.cluster_a.name).click()
    expect(page.get_by_role("heading", name="Hội nghị tổng kết công tác thi đua năm 2024")).to_be_visible()

    page.get_by_label("Ngày họp").fill("20/12/2024")
    page.get_by_label("Giờ bắt đầu").fill("08:30")
    page.get_by_label("Địa điểm").fill("Hội trường Sở Kế hoạch và Đầu tư")
    page.get_by_label("Người chủ trì", exact=True).fill("Nguyễn Văn Minh")
    page.get_by_label("Thư ký", exact=True).fill("Lê Thị Hoa")
    page.get_by_label("Đơn vị nhận cờ luân lưu").select_option(label="Sở Xây dựng")
    for unit in ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng"):
        page.get_by_label(f"{unit} có mặt").check()
        page.get_by_label(f"Người dự của {unit}", exact=True).fill(f"Đại diện {unit}")
    page.get_by_role("button", name="Lưu thông tin và điểm danh").click()
    expect(page.get_by_text("Đã lưu thông tin hội nghị và danh sách đơn vị dự họp.")).to_be_visible()
    expect(page.locator("#quorum-text")).to_have_text("Có mặt 3/3 đơn vị, đủ 2/3 theo quy định")

    vote(page, "city_flag", (3, 3, 3), [("Sở Kế hoạch và Đầu tư", 3)], "Lưu kết quả bỏ phiếu 1")
    vote(page, "merit", (3, 3, 3), [("Sở Tài chính", 3), ("Sở Xây dựng", 2)], "Lưu kết quả bỏ phiếu 2")
    vote(page, "leader", (3, 3, 3), [("Sở Tài chính", 3)], "Lưu kết quả bỏ phiếu 3")
    # A wrong count is refused with its reason, and nothing is stored.
    vote_section = page.locator("#ballot-deputy")
    vote_section.get_by_label("Số phiếu phát ra").fill("3")
    vote_section.get_by_label("Số phiếu thu về").fill("2")
    vote_section.get_by_label("Số phiếu hợp lệ").fill("3")
    vote_section.get_by_role("button", name="Lưu kết quả bỏ phiếu 4").click()
    expect(page.get_by_text("Số phiếu hợp lệ (3) không được lớn hơn số phiếu thu về (2).").first).to_be_visible()
    vote(page, "deputy", (3, 3, 3), [("Sở Xây dựng", 3)], "Lưu kết quả bỏ phiếu 4")

    page.get_by_role("button", name="Chốt biên bản").click()
    expect(page.get_by_text("Đã chốt biên bản; các đề nghị khen thưởng")).to_be_visible()
    assert Meeting.objects.get().is_final
    assert Proposal.objects.count() == 3
    expect(page.get_by_role("button", name="Lưu thông tin và điểm danh")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        text = unicodedata.normalize("NFC", pdf_text(handle.read()))
    flat = " ".join(text.split())
    assert "BIÊN BẢN" in text and "DỰ THẢO" not in text
    assert "Nguyễn Văn Minh" in text and "Lê Thị Hoa" in text
    assert "Số phiếu phát ra: 3 (ba) phiếu" in flat
    assert "Có mặt 3/3 đơn vị, đủ 2/3 theo quy định" in flat

    # City staff: the proposal arrives in the list of its title, with its votes; the decision enters the register.
    page.context.clear_cookies()
    login(page, live_server.url, "city", PASSWORD)
    flag = Proposal.objects.get(title__code="city_flag")
    page.goto(live_server.url + reverse("awards:proposals", args=[2024]) + f"?title={flag.title_id}")
    row = page.locator("tr", has=page.get_by_role("link", name="Sở Kế hoạch và Đầu tư"))
    expect(row).to_contain_text("3/3")
    expect(row.get_by_role("link", name="Biên bản")).to_be_visible()
    row.locator("select[name=decision]").select_option("approved")
    row.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    row.get_by_label("Ngày quyết định").fill("15/01/2025")
    row.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator("tr", has=page.get_by_role("link", name="Sở Kế hoạch và Đầu tư"))).to_contain_text(
        "125/QĐ-UBND")
    flag.refresh_from_db()
    assert flag.decision == Proposal.Decision.APPROVED and flag.decision_number == "125/QĐ-UBND"
    record = AwardRecord.objects.get(proposal=flag)
    assert (record.year, record.title_name, record.unit_id) == (2024, flag.title.name, world.a1.pk)
