"""City staff sets up a plan in a real browser: create, add items inline, reorder, issue."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from campaigns.models import Campaign
from tests.browser.flows import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_user():
    return User.objects.create_user(
        "city", password="demo-2024", role=User.Role.CITY_STAFF, first_name="Hà", last_name="Nguyễn Thị Thu"
    )


def item_titles(page: Page) -> list[str]:
    return page.locator("#content-items .item-title").all_inner_texts()


def test_city_staff_creates_plan_adds_items_reorders_and_issues(page: Page, live_server, city_user):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, "city")

    page.get_by_role("link", name="Tạo kế hoạch mới").click()
    page.locator("#id_year").fill("2026")
    page.locator("#id_title").fill("Kế hoạch phát động phong trào thi đua năm 2026")
    page.locator("#id_theme").fill("Năm tăng tốc chuyển đổi số")
    page.locator("#id_document_number").fill("12/KH-UBND")
    page.locator("#id_issue_date").fill("05/02/2026")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_role("heading", name="Kế hoạch phát động phong trào thi đua năm 2026")).to_be_visible()
    expect(page.get_by_text("Dự thảo").first).to_be_visible()
    # Typed day first, whatever the browser's language: 5 February, not 2 May.
    assert Campaign.objects.get(year=2026).issue_date == datetime.date(2026, 2, 5)

    titles = ["Cải cách hành chính", "Chuyển đổi số", "Đảm bảo an sinh xã hội"]
    for number, title in enumerate(titles, start=1):
        page.locator("#content-items .item-add #id_title").fill(title)
        page.get_by_role("button", name="Thêm nội dung").click()
        # Added inline: the list grows without a page load.
        expect(page.locator("#content-items .item")).to_have_count(number)
    assert item_titles(page) == titles

    # Move the third item to the top: two clicks on its "up" button, each swapping the list in place.
    page.get_by_role("button", name="Chuyển nội dung 3 lên trên").click()
    expect(page.locator("#content-items .item-title").nth(1)).to_have_text(titles[2])
    page.get_by_role("button", name="Chuyển nội dung 2 lên trên").click()
    expect(page.locator("#content-items .item-title").first).to_have_text(titles[2])
    assert page.locator("#content-items .item-number").all_inner_texts() == ["1.", "2.", "3."]

    page.get_by_role("button", name="Phát động kế hoạch").click()
    expect(page.get_by_text("Kế hoạch chuyển sang trạng thái “Đã phát động”.")).to_be_visible()

    # The issued plan lists the items in the new order and offers no editing any more.
    page.reload()
    assert item_titles(page) == [titles[2], titles[0], titles[1]]
    expect(page.get_by_role("button", name="Thêm nội dung")).to_have_count(0)
    expect(page.locator("#content-items .item-actions")).to_have_count(0)
    campaign = Campaign.objects.get(year=2026)
    assert campaign.status == Campaign.Status.ISSUED
    assert list(campaign.content_items.values_list("title", flat=True)) == [titles[2], titles[0], titles[1]]
