"""Login throttling (issue 9, item 12): repeated wrong passwords lock the account, or the address, for a while."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user

PASSWORD = "Mat-khau-dung-2024"


@pytest.fixture
def accounts(db):
    users = {}
    for username in ("can-bo-a", "can-bo-b"):
        user = make_user(username)
        user.set_password(PASSWORD)
        user.save()
        users[username] = user
    return users


def attempt(username, password, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(accounts, caplog):
    for _ in range(4):
        response = attempt("can-bo-a", "sai")
        assert response.status_code == 200
        assert "không đúng" in response.text
    with caplog.at_level(logging.WARNING):
        response = attempt("can-bo-a", "sai")
    assert response.status_code == 429
    assert any(record.levelno == logging.WARNING and "Locking out" in record.getMessage()
               and "can-bo-a" in record.getMessage() for record in caplog.records)

    response = attempt("can-bo-a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    assert "tạm khóa" in response.text
    assert "15 phút" in response.text
    assert '<header class="site-header">' in response.text  # in the site layout
    # From another address too: the account itself is locked.
    assert attempt("can-bo-a", PASSWORD, ip="10.0.0.2").status_code == 429


def test_one_address_trying_many_accounts_is_locked(accounts):
    for number in range(5):
        attempt(f"khong-co-{number}", "sai", ip="10.0.0.9")
    assert attempt("can-bo-b", PASSWORD, ip="10.0.0.9").status_code == 429
    # Another account from another address signs in.
    response = attempt("can-bo-b", PASSWORD, ip="10.0.0.3")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(accounts["can-bo-b"].pk)


def test_the_lock_lifts_after_the_cool_off(accounts):
    for _ in range(5):
        attempt("can-bo-a", "sai")
    assert attempt("can-bo-a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert attempt("can-bo-a", PASSWORD).status_code == 302


def test_behind_a_proxy_the_client_address_comes_from_the_configured_header(accounts, settings):
    """Every request arrives from the proxy's address: without the header one person would lock out all."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    def attempt_via_proxy(username, password, client_ip):
        # The client may forge the first entries; the proxy appends the real address last.
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_ip}").post(
            reverse("login"), {"username": username, "password": password})

    for number in range(5):
        attempt_via_proxy(f"khong-co-{number}", "sai", "10.1.1.1")
    assert attempt_via_proxy("can-bo-b", PASSWORD, "10.1.1.1").status_code == 429
    assert attempt_via_proxy("can-bo-b", PASSWORD, "10.2.2.2").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}
