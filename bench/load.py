"""``python -m bench --load``: many signed-in users at once, against gunicorn, on the bench's generated city.

The bench database is generated as for the page table; then static files are collected into a temporary
folder, gunicorn serves the production settings on a free local port (``--workers``, default 2 × cores + 1,
``gthread`` with 2 threads each), and ``--clients`` threads (default 50), each with its own session of a city
staff member, request a mix of pages for ``--seconds`` (default 60) over keep-alive HTTP connections. It prints
the throughput, the median and 95th percentile of the response time per page and overall, and the errors
(anything but 200, and failed connections), which must be 0.
"""

import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

# Weighted like a working day: officers and city staff open dashboards and pledges far more than the rest.
MIX_WEIGHTS = {
    "campaigns:list": 3,
    "progress:city": 3,
    "progress:group": 3,
    "progress:unit": 3,
    "pledges:overview": 2,
    "pledges:detail": 2,
    "evaluation:overview": 1,
    "evaluation:results": 1,
    "evaluation:group": 1,
    "evaluation:ranking": 1,
    "awards:overview": 1,
    "awards:registration": 1,
    "awards:meetings": 1,
    "awards:meeting": 1,
    "awards:proposals": 1,
    "awards:register_year": 1,
}


@dataclass
class Tally:
    """What the clients saw: response times per page, and the errors."""

    times: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, seconds: float) -> None:
        with self.lock:
            self.times.setdefault(label, []).append(seconds)

    def error(self, label: str, what: str) -> None:
        with self.lock:
            self.errors.append((label, what))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookies(user, count: int) -> list[str]:
    """``count`` signed-in sessions of ``user``, made as the login view makes them (server-side sessions)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    # The backend that finds users (the first ones, e.g. django-axes' lockout, only guard the login).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS
                   if hasattr(import_string(path), "get_user"))
    cookies = []
    for _ in range(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def mix(routes) -> list[tuple[str, str, int]]:
    """(label, URL, weight) of the bench's pages that exist and are in the mix."""
    from django.urls import NoReverseMatch, reverse

    chosen = []
    for label, name, kwargs, query, as_staff in routes:
        if not as_staff or name not in MIX_WEIGHTS:
            continue
        try:
            chosen.append((label, reverse(name, kwargs=kwargs) + query, MIX_WEIGHTS[name]))
        except NoReverseMatch:
            continue
    return chosen


def client(port: int, cookie: str, pages, deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    labels, urls, weights = zip(*pages, strict=True)
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        index = rng.choices(range(len(urls)), weights)[0]
        started = time.perf_counter()
        try:
            connection.request("GET", urls[index], headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            tally.error(labels[index], f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        if response.status != 200:
            tally.error(labels[index], f"HTTP {response.status}")
        else:
            tally.add(labels[index], elapsed)
    connection.close()


def wait_until_up(port: int, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def run(args, database_url: str, user, routes, percentile) -> int:
    """Serve the bench database with gunicorn and drive it; returns the number of errors."""
    pages = mix(routes)
    cookies = session_cookies(user, args.clients)
    static_root = tempfile.mkdtemp(prefix="thidua-static-")
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_STATIC_ROOT": static_root,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_PROXY_SSL_HEADER": "1", "DJANGO_DEBUG": "0"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=env,
                   check=True)
    port = free_port()
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", "gthread", "--threads", "2",
               "--log-level", "warning", "--keep-alive", "5"]
    process = subprocess.Popen(command, cwd=root, env=env)
    tally = Tally()
    try:
        wait_until_up(port, process)
        for _label, url, _weight in pages:  # warm every worker's templates a little
            for _ in range(workers):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", url, headers={"Cookie": cookies[0], "X-Forwarded-Proto": "https",
                                                        "Host": "127.0.0.1"})
                connection.getresponse().read()
                connection.close()
        print(f"\nLoad: {args.clients} signed-in clients for {args.seconds} s against gunicorn "
              f"({workers} workers × 2 threads) on 127.0.0.1:{port}; {len(pages)} pages, weighted "
              + ", ".join(f"{label.split(' ')[0]} ×{weight}" for label, _url, weight in pages))
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(port, cookie, pages, deadline, tally, args.seed + i))
                   for i, cookie in enumerate(cookies)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(static_root, ignore_errors=True)
    print_load(tally, elapsed, percentile)
    return len(tally.errors)


def print_load(tally: Tally, elapsed: float, percentile) -> None:
    every = [t for times in tally.times.values() for t in times]
    width = max([len("all pages"), *(len(label) for label in tally.times)])
    print(f"{'page':<{width}}  {'requests':>8}  {'p50 ms':>7}  {'p95 ms':>7}")
    for label, times in sorted(tally.times.items()):
        print(f"{label:<{width}}  {len(times):>8}  {statistics.median(times) * 1000:>7.0f}  "
              f"{percentile(times, 0.95) * 1000:>7.0f}")
    if every:
        print(f"{'all pages':<{width}}  {len(every):>8}  {statistics.median(every) * 1000:>7.0f}  "
              f"{percentile(every, 0.95) * 1000:>7.0f}")
    print(f"Throughput: {len(every) / elapsed:.1f} requests/s over {elapsed:.0f} s; errors: {len(tally.errors)}")
    for label, what in tally.errors[:10]:
        print(f"  ERROR {label}: {what}")
