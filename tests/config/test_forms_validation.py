"""The server's Vietnamese messages, not the browser's English ones (issue 9, item 13): every form carries
``novalidate``; a CSRF failure is a Vietnamese page in the site layout."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
FORM_TAG = re.compile(r"<form\b[^>]*>", re.S)

pytestmark = pytest.mark.django_db


def test_every_form_in_the_templates_carries_novalidate():
    missing = []
    for template in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        for match in FORM_TAG.finditer(text):
            if "novalidate" not in match.group(0):
                missing.append(f"{template.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert missing == []


def test_rendered_login_and_plan_forms_carry_novalidate(client, city_client, world):
    assert all("novalidate" in tag for tag in FORM_TAG.findall(client.get(reverse("login")).text))
    page = city_client.get(reverse("campaigns:create")).text
    tags = FORM_TAG.findall(page)
    assert len(tags) >= 2  # the plan form and the logout button
    assert all("novalidate" in tag for tag in tags)


def test_a_required_field_left_empty_gets_the_vietnamese_message(city_client, world):
    response = city_client.post(reverse("campaigns:create"), {"year": "2030", "title": ""})
    assert response.status_code in (200, 422)
    assert "Trường này là bắt buộc." in response.text


def test_a_csrf_failure_is_a_vietnamese_page_in_the_site_layout(world):
    user = make_user("city", User.Role.CITY_STAFF)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("campaigns:create"), {"year": "2030", "title": "Kế hoạch"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.text
    assert '<header class="site-header">' in response.text
    assert "Forbidden" not in response.text and "CSRF verification failed" not in response.text
    # The page offers a way on: back to the form to load it again.
    assert 'href="' in response.text and "Tải lại" in response.text


def test_an_english_language_browser_still_gets_the_vietnamese_messages(city_client, world):
    """Until an English catalogue exists, the browser's language must not switch Django's own messages
    (required field, bad date) to English beside Vietnamese labels."""
    response = city_client.post(
        reverse("campaigns:create"), {"year": "2030", "title": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert "Trường này là bắt buộc." in response.text
    assert "This field is required." not in response.text
    assert '<html lang="vi"' in response.text
