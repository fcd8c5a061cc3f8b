"""The bloc/cluster form in a real browser: the unit filter filters, leader and deputy offer only ticked units."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.flows import login
from tests.factories import make_campaign, make_group, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    User.objects.create_user("city", password="demo-2024", role=User.Role.CITY_STAFF, first_name="Hà")
    units = [make_unit("SYT", "Sở Y tế"), make_unit("SGD", "Sở Giáo dục và Đào tạo"),
             make_unit("QHC", "Quận Hải Châu"), make_unit("QST", "Quận Sơn Trà")]
    campaign = make_campaign(2024, "issued")
    make_group(campaign, "Cụm khác", leader=units[3])
    return units


def option_labels(page: Page, select: str) -> list[str]:
    return page.locator(f"{select} option:not([hidden])").all_inner_texts()


def test_filter_and_leader_choices_follow_the_ticked_members(page: Page, live_server, setup):
    login(page, live_server.url, "city")
    page.goto(f"{live_server.url}/campaigns/2024/groups/new/")
    labels = page.locator("#member-options label")
    expect(labels).to_have_count(4)

    # Typing filters the list, ignoring accents and case ("QUAN" finds both "Quận …").
    page.locator("#member-filter").fill("QUAN")
    expect(page.locator("#member-options label:visible")).to_have_count(2)
    expect(page.locator("#member-options label", has_text="Sở Y tế")).to_be_hidden()
    page.locator("#member-filter").fill("hai chau")
    expect(page.locator("#member-options label:visible")).to_have_count(1)
    page.locator("#member-filter").fill("")
    expect(page.locator("#member-options label:visible")).to_have_count(4)

    # Nothing ticked: leader and deputy offer only their empty choice.
    assert option_labels(page, "#id_leader") == ["— Chọn đơn vị trưởng —"]
    page.get_by_label("Sở Y tế").check()
    page.get_by_label("Quận Hải Châu").check()
    assert option_labels(page, "#id_leader") == ["— Chọn đơn vị trưởng —", "Quận Hải Châu", "Sở Y tế"]
    assert option_labels(page, "#id_deputy") == ["— Chưa có đơn vị phó —", "Quận Hải Châu", "Sở Y tế"]

    # Unticking the chosen leader clears the choice.
    page.locator("#id_leader").select_option(label="Sở Y tế")
    page.get_by_label("Sở Y tế").uncheck()
    expect(page.locator("#id_leader")).to_have_value("")
    assert option_labels(page, "#id_leader") == ["— Chọn đơn vị trưởng —", "Quận Hải Châu"]

    page.locator("#id_leader").select_option(label="Quận Hải Châu")
    page.locator("#id_name").fill("Cụm mới")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Cụm mới")).to_be_visible()
