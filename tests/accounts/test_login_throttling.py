"""Login throttling (issue 9, item 12): repeated wrong passwords lock the account, or the address, for a while."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

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


def later(seconds=10):
    """Time passes: every recorded failure moves ``seconds`` into the past (past the wait between tries)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds))


def attempt(username, password, ip="10.0.0.1", *, wait=True):
    """One try at the login form, by default after waiting as long as the form asks between tries."""
    if wait:
        later()
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
        later()
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_ip}").post(
            reverse("login"), {"username": username, "password": password})

    for number in range(5):
        attempt_via_proxy(f"khong-co-{number}", "sai", "10.1.1.1")
    assert attempt_via_proxy("can-bo-b", PASSWORD, "10.1.1.1").status_code == 429
    assert attempt_via_proxy("can-bo-b", PASSWORD, "10.2.2.2").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}


def failures(username):
    return AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"]


def test_wrong_passwords_are_slowed_before_the_lock(accounts):
    """After two wrong passwords the next try waits 1 s, then 2, 4, 8 s; a try made too early is refused without
    checking the password (the right one included) and is not counted as a failure."""
    attempt("can-bo-a", "sai")
    attempt("can-bo-a", "sai")
    response = attempt("can-bo-a", PASSWORD, wait=False)
    assert response.status_code == 200
    assert "Hãy đợi 1 giây rồi thử lại" in response.text
    assert "_auth_user_id" not in response.client.session
    assert failures("can-bo-a") == 2

    attempt("can-bo-a", "sai")
    attempt("can-bo-a", "sai")
    assert "Hãy đợi 4 giây" in attempt("can-bo-a", "sai", wait=False).text
    assert "Hãy đợi 4 giây" in attempt("can-bo-a", "sai", ip="10.0.0.7", wait=False).text  # the account waits
    assert failures("can-bo-a") == 4

    later(seconds=5)
    response = attempt("can-bo-a", PASSWORD, wait=False)
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(accounts["can-bo-a"].pk)


def test_the_first_two_wrong_passwords_do_not_wait(accounts):
    assert "không đúng" in attempt("can-bo-b", "sai", wait=False).text
    assert "không đúng" in attempt("can-bo-b", "sai", wait=False).text
    assert "Hãy đợi" in attempt("can-bo-b", "sai", wait=False).text
