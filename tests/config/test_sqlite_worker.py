"""SQLite, the embedded default, under a web server and the background worker at once (issue 9, item 1).

A real ``runserver`` and a real ``db_worker`` share a temporary database file, as ``make run`` starts them.
Skipped only when the suite runs on another database (the settings under test are the SQLite ones).
"""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-quan-tri-2024"

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite file with a superuser, a web server and a worker polling every 20 ms."""
    db = tmp_path_factory.mktemp("sqlite-site") / "site.sqlite3"
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env = {**base, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "1", "DJANGO_SUPERUSER_PASSWORD": PASSWORD}

    def manage(*args, **kwargs):
        return [sys.executable, "manage.py", *args], {"cwd": ROOT, "env": env, **kwargs}

    for command in (["migrate", "--noinput"], ["createsuperuser", "--noinput", "--username", "admin",
                                               "--email", "admin@example.org"]):
        args, kwargs = manage(*command)
        subprocess.run(args, check=True, capture_output=True, timeout=300, **kwargs)

    port = free_port()
    processes = []
    log = open(db.with_suffix(".log"), "w")  # a pipe nobody reads would fill up and stall the server
    for command in (["db_worker", "--interval", "0.02", "--no-reload", "--no-startup-delay"],
                    ["runserver", "--noreload", f"127.0.0.1:{port}"]):
        args, kwargs = manage(*command, stdout=log, stderr=log)
        processes.append(subprocess.Popen(args, **kwargs))
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield {"url": url, "db": db}
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    log.close()


class Browser:
    """A cookie jar and a CSRF token: enough to use the admin over HTTP."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            response = self.opener.open(f"{self.url}{path}", body, timeout=60)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        return response.status, response.read().decode()

    def post_form(self, path, data):
        status, page = self.request(path)
        assert status == 200, page[:2000]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **data})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def add_user(url, number):
    browser = Browser(url)
    status, page = browser.post_form("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})
    if status != 302:
        return status, page
    # Without a password: hashing one takes seconds of CPU inside the admin's transaction on a loaded machine,
    # which would measure the CPU rather than the locking.
    return browser.post_form("/admin/accounts/user/add/", {
        "username": f"nguoi-dung-{number}", "usable_password": "false", "role": "unit_officer",
    })


@sqlite_only
def test_admin_writes_succeed_while_the_worker_polls(site):
    count = 24
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda number: add_user(site["url"], number), range(count)))
    failures = [(status, page[:300]) for status, page in results if status != 302]
    print(f"SQLite with the worker running: {count - len(failures)} of {count} admin writes succeeded")
    assert failures == []
    with sqlite3.connect(site["db"]) as connection:
        assert connection.execute("SELECT count(*) FROM accounts_user WHERE username LIKE 'nguoi-dung-%'"
                                  ).fetchone() == (count,)


@sqlite_only
def test_the_idle_worker_never_holds_the_write_lock(site):
    """A writer that does not wait at all finds the lock free however often the idle worker polls."""
    connection = sqlite3.connect(site["db"], timeout=0, isolation_level=None)
    attempts, locked = 400, 0
    for _ in range(attempts):
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
            locked += 1
        time.sleep(0.005)
    connection.close()
    print(f"Idle worker polling every 20 ms: {locked} of {attempts} instant write attempts found the lock taken")
    assert locked == 0


def test_db_worker_is_the_polling_worker():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "exports"
