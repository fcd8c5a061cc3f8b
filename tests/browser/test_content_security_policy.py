"""The site works in Chromium under its Content-Security-Policy (issue 9, item 11): htmx swaps, the confirm
dialogs and the admin run with no inline script or style refused, and the policy is really enforced."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.flows import login
from tests.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_violations(page: Page) -> list[str]:
    """Everything the browser refused or failed on: CSP and Permissions-Policy console messages (an unknown
    feature name is logged on every page) and uncaught page errors."""
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or message.text.startswith("Refused")
            or "Permissions-Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_htmx_pages_and_the_admin_work_under_the_policy(page: Page, live_server):
    User.objects.create_user("city", password="demo-2024", role=User.Role.CITY_STAFF, is_staff=True,
                             is_superuser=True, first_name="Hà", last_name="Nguyễn")
    make_campaign(2026, items=["Cải cách hành chính", "Chuyển đổi số"])
    violations = watch_violations(page)
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, live_server.url, "city")
    response = page.goto(f"{live_server.url}/campaigns/2026/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "private, no-store"

    # Inline edit of an item: an htmx GET swaps the form in, an htmx POST swaps the list back.
    page.locator("#content-items .item").first.get_by_role("link", name="Sửa").click()
    page.locator("#content-items .item-edit #id_title").fill("Cải cách hành chính và kỷ cương")
    page.locator("#content-items .item-edit").get_by_role("button", name="Lưu").click()
    expect(page.locator("#content-items .item-title").first).to_have_text("Cải cách hành chính và kỷ cương")
    # Adding and deleting (an htmx confirm through app.js) swap the list in place too.
    page.locator("#content-items .item-add #id_title").fill("Đảm bảo an sinh xã hội")
    page.get_by_role("button", name="Thêm nội dung").click()
    expect(page.locator("#content-items .item")).to_have_count(3)
    page.locator("#content-items .item").nth(2).get_by_role("button", name="Xóa").click()
    expect(page.locator("#content-items .item")).to_have_count(2)

    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()

    assert violations == []

    # The policy is enforced, not just sent: a script injected inline is refused and reported.
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.injected = true"; document.head.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in text for text in violations)
