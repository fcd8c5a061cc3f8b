"""What a person does in the browser, shared by the browser tests."""

import re


def login(page, base_url: str, username: str, password: str = "demo-2024"):
    """Sign in through the login page, as a person would, and wait for the home page."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
