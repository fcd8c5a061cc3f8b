"""Security headers (issue 9, item 11): a Content-Security-Policy without inline script on every response, a
Permissions-Policy, and no caching of a signed-in page or a download; templates hold no inline script or style."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.security import SecurityHeadersMiddleware

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response) -> dict:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_policies(response):
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


def test_login_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_policies(response)
    assert "no-store" in response["Cache-Control"]
    assert "{#" not in response.text  # the layout's comments stay comments


def test_signed_in_pages_are_not_stored(city_client, world):
    for url in (reverse("home"), reverse("campaigns:detail", args=[2024])):
        response = city_client.get(url)
        assert response.status_code == 200
        assert_policies(response)
        assert response["Cache-Control"] == "private, no-store"


def test_downloads_are_not_stored(city_client, world):
    response = city_client.get(reverse("exports:download", args=["plan_xlsx"]) + "?year=2024")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_policies(response)
    assert response["Cache-Control"] == "private, no-store"


def test_any_attachment_is_not_stored_even_for_an_anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = SecurityHeadersMiddleware(lambda r: FileResponse(io.BytesIO(b"x"), as_attachment=True, filename="a.xlsx"))(
        request)
    assert response["Cache-Control"] == "private, no-store"
    page = SecurityHeadersMiddleware(lambda r: HttpResponse("ok"))(request)
    assert "Cache-Control" not in page


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\shx-on", re.I), "hx-on attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
]


def test_no_template_holds_inline_script_or_style():
    """What the policy would refuse; PDF templates are exempt (WeasyPrint reads them, no browser)."""
    found = []
    for template in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" in template.parts or "pdf" in template.parts:
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_htmx_injects_no_indicator_style():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert ".htmx-indicator" in (ROOT / "static" / "css" / "app.css").read_text()
    assert settings.MIDDLEWARE.index("config.security.SecurityHeadersMiddleware") > settings.MIDDLEWARE.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware")
