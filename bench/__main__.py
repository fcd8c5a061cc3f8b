"""``python -m bench``: how long the dashboards take on the server, on a city of realistic size.

On the configured database server (``DATABASE_URL``; SQLite when unset) the bench creates its own throw-away
database — ``thidua_bench`` on PostgreSQL, a temporary file on SQLite; the configured database is never
touched — migrates it, fills it with ``manage.py generate_scale_data`` and requests each page in-process with
``django.test.Client`` as a logged-in city staff member: a few warm-up requests, then ``--runs`` timed ones,
then one more to count the queries and their time in the database. It prints, per page, the median and 95th
percentile of the server time, the number of queries, their SQL time (the rest is Python: views, templates)
and how many times slower than the floors the median is: ``/healthz`` (JSON, one ``SELECT 1``) and the
trivial page of the app (the plan list, signed in: session, user, the base layout). Pages whose URL name does not exist yet are listed as "chưa có".

Production settings (``config.settings``, DEBUG off unless DJANGO_DEBUG says otherwise), except that static
files use the plain storage (no ``collectstatic`` needed; the manifest lookup it replaces is a dict lookup).
A throw-away secret key is used when none is set. The numbers are for people to read: the exit status is
non-zero only when something fails (a page answers an error, the database cannot be created), never because a
page is slow.
"""

import argparse
import io
import math
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings

# BENCH_DATABASE in the environment names another, so that two benches on one server do not clobber each other.
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "thidua_bench")
# The trivial page of the app: signed in (session and user read), the base layout, one small query.
PAGE_FLOOR = "campaigns:list (page floor)"
WARMUP = 3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--groups", type=int, default=None, help="default: units / 16")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--growth-from", type=int, default=None, metavar="N",
                        help="first time the pages on a city of N units, then at --units, and print the growth")
    parser.add_argument("--keep", action="store_true", help="keep the bench database and print how to open it")
    parser.add_argument("--load", action="store_true",
                        help="instead of the page table: many signed-in clients against gunicorn (bench/load.py)")
    parser.add_argument("--clients", type=int, default=50, help="--load: concurrent clients (default 50)")
    parser.add_argument("--seconds", type=int, default=60, help="--load: how long they run (default 60)")
    parser.add_argument("--workers", type=int, default=None, help="--load: gunicorn workers (default 2 × cores + 1)")
    return parser.parse_args(argv)


def configure_environment() -> None:
    """Production settings with what an in-process client needs: a secret key and the ``testserver`` host."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if "testserver" not in hosts:
        os.environ["DJANGO_ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    # WhiteNoise warns once that STATIC_ROOT does not exist: no static file is served by the bench.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


class BenchDatabase:
    """A database of its own on the configured server, created and migrated, dropped at the end."""

    def __init__(self, connection, keep: bool):
        self.connection, self.keep = connection, keep
        self.tmpdir = None
        self.old_name = None

    def create(self) -> float:
        settings_dict = self.connection.settings_dict
        if self.connection.vendor == "sqlite":
            self.tmpdir = tempfile.mkdtemp(prefix="thidua-bench-")
            settings_dict["TEST"]["NAME"] = os.path.join(self.tmpdir, "bench.sqlite3")
        else:
            settings_dict["TEST"]["NAME"] = BENCH_DATABASE
        started = time.perf_counter()
        self.old_name = self.connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return time.perf_counter() - started

    @property
    def url(self) -> str:
        s = self.connection.settings_dict
        if self.connection.vendor == "sqlite":
            return f"sqlite:///{s['NAME']}"
        user = s.get("USER") or ""
        host = s.get("HOST") or "127.0.0.1"
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{user}{'@' if user else ''}{host}{port}/{s['NAME']}"

    def drop(self) -> None:
        if self.old_name is None:
            return
        if self.keep:
            print(f"\nBench database kept: DATABASE_URL={self.url}")
            return
        self.connection.creation.destroy_test_db(self.old_name, verbosity=0)
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def server_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def main(argv=None) -> int:
    args = parse_args(argv)
    configure_environment()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    import django

    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    override_settings(STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()

    database = BenchDatabase(connection, args.keep)
    failures = 0
    try:
        migrate_seconds = database.create()
        print(f"Bench: {server_version(connection)}, database {connection.settings_dict['NAME']}, "
              f"Django {django.get_version()}, Python {platform.python_version()}, "
              f"DEBUG {'on (slower than production!)' if settings.DEBUG else 'off'}")
        print(f"Migrated in {migrate_seconds:.1f} s")

        if args.load:
            generate(args, args.units, replace=False)
            pages = bench_pages(args)
            from bench import load

            return 1 if load.run(args, database.url, pages.user, pages.routes, percentile) else 0
        # With --growth-from N: the pages on a city of N units first, then the same year regenerated at --units,
        # and how much each page grew between the two.
        sizes = [args.growth_from, args.units] if args.growth_from else [args.units]
        tables = []
        for index, units in enumerate(sizes):
            generate(args, units, replace=index > 0)
            rows, failed = measure_pages(args, bench_pages(args))
            failures += failed
            print_table(rows, args.runs, units)
            tables.append(rows)
        if len(tables) == 2:
            print_growth(*tables, *sizes)
        failures += bench_exports()
    finally:
        database.drop()
    return 1 if failures else 0


def generate(args, units: int, *, replace: bool) -> None:
    """``generate_scale_data`` of ``units`` units (``replace``: over the year already generated), printed."""
    from django.core.management import call_command

    output = io.StringIO()
    options = {"units": units, "indicators": args.indicators, "periods": args.periods, "seed": args.seed,
               "replace": replace}
    if args.groups is not None:
        options["groups"] = args.groups
    started = time.perf_counter()
    call_command("generate_scale_data", stdout=output, **options)
    seconds = time.perf_counter() - started
    print(output.getvalue().rstrip())
    print(f"generate_scale_data: {seconds:.1f} s ({units} units × {args.indicators} indicators × "
          f"{args.periods} periods)\n")


def measure_pages(args, pages) -> tuple[list, int]:
    """(label, URL name, Measured or None, note) per route, and the number of failures."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    anonymous, staff = Client(), Client()
    staff.force_login(pages.user)
    rows, failures = [], 0
    for label, name, kwargs, query, as_staff in pages.routes:
        try:
            url = reverse(name, kwargs=kwargs) + query
        except NoReverseMatch:
            rows.append((label, name, None, "chưa có (URL name not defined yet)"))
            continue
        try:
            rows.append((label, name, measure(staff if as_staff else anonymous, url, args.runs,
                                              CaptureQueriesContext, connection), url))
        except Exception as error:  # reported in the table; the exit status says so
            failures += 1
            rows.append((label, name, None, f"ERROR {type(error).__name__}: {error}"))
    return rows, failures


def print_growth(small_rows, large_rows, small: int, large: int) -> None:
    """Each page's median at both sizes, the growth and the × page at the larger (the issue's goals: growth
    ≤ 1.5× for city-wide pages, ≤ 5× the trivial page, p95 < 300 ms)."""
    before = {name: m for _label, name, m, _note in small_rows if m is not None}
    floor = next((m.median for label, _name, m, _note in large_rows if label == PAGE_FLOOR and m is not None), None)
    print(f"\nGrowth from {small} to {large} units (median ms; × page and p95 at {large})")
    width = max(len(label) for label, _name, _m, _note in large_rows)
    print(f"{'page':<{width}}  {small:>9}  {large:>9}  {'growth':>7}  {'× page':>7}  {'p95 ms':>7}  queries")
    for label, name, m, _note in large_rows:
        if m is None or name not in before:
            continue
        b = before[name]
        print(f"{label:<{width}}  {b.median:>9.1f}  {m.median:>9.1f}  {m.median / b.median:>7.2f}  "
              f"{(m.median / floor if floor else 0):>7.1f}  {m.p95:>7.1f}  {b.queries}→{m.queries}")


def bench_exports() -> int:
    """The exports against their floors: the city-wide progress workbook beside openpyxl writing the same cells
    directly, and the pledge PDF of a 15-member group (or the nearest size) beside WeasyPrint rendering a plain
    table of the same number of cells. Returns the number of failures."""
    from django.db.models import Count

    from bench import workbooks
    from campaigns.models import Campaign
    from exports import documents, pdf
    from pledges.models import Pledge

    campaign = Campaign.objects.order_by("-year").first()
    period = campaign.periods.order_by("-end_date").first()
    print("\nExports")
    try:
        result = workbooks.bench_progress_workbook(campaign, period)
    except Exception as error:
        print(f"  city-wide progress workbook: ERROR {type(error).__name__}: {error}")
        return 1
    wb, floor = result["workbook"], result["floor"]
    print(f"  city-wide progress workbook ({period.name}): {wb['seconds']:.2f} s, peak {wb['peak_mb']:.1f} MB, "
          f"{wb['cells']:,} cells, {wb['cells_per_s']:,.0f} cells/s, {wb['sheets']} sheets, {wb['queries']} queries")
    print(f"  floor, openpyxl write-only, same sheets and cells: {floor['seconds']:.2f} s, peak {floor['peak_mb']:.1f} MB, "
          f"{floor['cells_per_s']:,.0f} cells/s  → × {wb['seconds'] / floor['seconds']:.1f}")
    styled = result["styled_floor"]
    print(f"  styled floor, openpyxl write-only, same cells, styles, widths and print settings: "
          f"{styled['seconds']:.2f} s, peak {styled['peak_mb']:.1f} MB, {styled['cells_per_s']:,.0f} cells/s  "
          f"→ × {wb['seconds'] / styled['seconds']:.1f}")
    available, message = pdf.pdf_available()
    if not available:
        print(f"  pledge PDF: skipped ({message})")
        return 0
    pledges = Pledge.objects.filter(campaign=campaign).annotate(size=Count("group__memberships"))
    pledge = min(pledges, key=lambda p: (abs(p.size - 15), p.pk))
    lines = pledge.lines.count()
    documents.pledge_pdf(pledge)  # fonts load once per process
    started = time.perf_counter()
    data = documents.pledge_pdf(pledge)
    pledge_seconds = time.perf_counter() - started
    tracemalloc.start()
    documents.pledge_pdf(pledge)
    pledge_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    from weasyprint import HTML

    cells = "".join(f"<td>{i}</td>" for i in range(pledge.size))
    table = "".join(f"<tr><th>Chỉ tiêu {row}</th>{cells}</tr>" for row in range(lines))
    html = f"<html><head><style>{pdf.font_css()} html {{ font-family: 'TeX Gyre Termes'; }}</style></head>" \
           f"<body><table>{table}</table></body></html>"
    HTML(string=html).write_pdf()
    started = time.perf_counter()
    HTML(string=html).write_pdf()
    floor_seconds = time.perf_counter() - started
    # The pledge PDF is laid out with the cyclic collector paused (exports.pdf.collector_paused); the plain
    # table again under the same condition, so that the second ratio compares WeasyPrint's work alone.
    with pdf.collector_paused():
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        paused_seconds = time.perf_counter() - started
    tracemalloc.start()
    HTML(string=html).write_pdf()
    floor_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"  pledge PDF ({pledge.size} members × {lines} lines, {len(data) // 1024} KB): {pledge_seconds:.2f} s, "
          f"peak {pledge_peak:.1f} MB")
    print(f"  floor, WeasyPrint on a plain table of the same cells: {floor_seconds:.2f} s, peak {floor_peak:.1f} MB "
          f"→ × {pledge_seconds / floor_seconds:.1f}; with the collector paused for it too: {paused_seconds:.2f} s "
          f"→ × {pledge_seconds / paused_seconds:.1f}")
    return 0


class Measured:
    def __init__(self, times, queries):
        self.median = statistics.median(times) * 1000
        self.p95 = percentile(times, 0.95) * 1000
        self.queries = len(queries)
        self.sql = sum(float(query["time"]) for query in queries) * 1000


def measure(client, url: str, runs: int, capture, connection) -> Measured:
    for _ in range(WARMUP):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, secure=True)
        times.append(time.perf_counter() - started)
    with capture(connection) as queries:
        client.get(url, secure=True)
    return Measured(times, queries.captured_queries)


class Pages:
    def __init__(self, user, routes):
        self.user, self.routes = user, routes


def bench_pages(args) -> Pages:
    """The pages to time, on the generated year: (label, URL name, kwargs, query string, as city staff)."""
    from django.db.models import Count

    from accounts.models import User
    from campaigns.models import Campaign
    from groups.models import Group, Membership
    from pledges.models import Pledge

    campaign = Campaign.objects.order_by("-year").first()
    period = campaign.periods.order_by("-end_date").first()
    group = (Group.objects.filter(campaign=campaign).annotate(size=Count("memberships"))
             .order_by("-size", "pk").first())
    leader = Membership.objects.get(group=group, role=Membership.Role.LEADER)
    pledge = Pledge.objects.get(group=group)
    user = User.objects.filter(username="bench-city").first()
    if user is None:   # made once: --growth-from times two cities in one database
        user = User(username="bench-city", role=User.Role.CITY_STAFF, first_name="Lan", last_name="Nguyễn Thị")
        user.set_unusable_password()
        user.save()
    year = campaign.year
    size = f"{group.size} units"
    routes = [
        ("/healthz (floor)", "healthz", {}, "", False),
        ("login page (GET)", "login", {}, "", False),
        (PAGE_FLOOR, "campaigns:list", {}, "", True),
        # The start page, the plan, the units and the groups (lists of the whole city), the export jobs.
        ("home (start page)", "home", {}, "", True),
        (f"campaigns:detail {year}", "campaigns:detail", {"year": year}, "", True),
        ("units:list", "units:list", {}, "", True),
        ("units:detail (leader)", "units:detail", {"pk": leader.unit_id}, "", True),
        (f"groups:list {year}", "groups:list", {"year": year}, "", True),
        (f"groups:detail ({size})", "groups:detail", {"pk": group.pk}, "", True),
        ("exports:jobs", "exports:jobs", {}, "", True),
        (f"progress:city {year}", "progress:city", {"year": year}, "", True),
        (f"progress:group ({size}, {period.name})", "progress:group", {"group_pk": group.pk},
         f"?period={period.pk}", True),
        (f"progress:unit {year}", "progress:unit", {"unit_pk": leader.unit_id, "year": year}, "", True),
        (f"pledges:overview {year}", "pledges:overview", {"year": year}, "", True),
        (f"pledges:detail ({size})", "pledges:detail", {"pk": pledge.pk}, "", True),
        (f"evaluation:results ({size})", "evaluation:results", {"group_id": group.pk}, "", True),
        (f"evaluation:group ({size})", "evaluation:group", {"group_id": group.pk}, "", True),
        (f"evaluation:overview {year}", "evaluation:overview", {"year": year}, "", True),
        # The city ranking across the groups of one kind (issue 12): "chưa có" until its page exists.
        (f"evaluation:ranking {year}", "evaluation:ranking", {"year": year}, "", True),
        # The awards (issue 13): the registrations, the year-end meetings, the proposals and the register.
        (f"awards:overview {year}", "awards:overview", {"year": year}, "", True),
        (f"awards:registration {year} (leader)", "awards:registration", {"year": year, "unit_id": leader.unit_id},
         "", True),
        (f"awards:meetings {year}", "awards:meetings", {"year": year}, "", True),
        (f"awards:meeting ({size})", "awards:meeting", {"group_id": group.pk}, "", True),
        (f"awards:proposals {year}", "awards:proposals", {"year": year}, "", True),
        (f"awards:register_year {year}", "awards:register_year", {"year": year}, "", True),
        ("awards:register (leader)", "awards:register", {"unit_id": leader.unit_id}, "", True),
        (f"awards:settings {year}", "awards:settings", {"year": year}, "", True),
    ]
    return Pages(user, routes)


def print_table(rows, runs: int, units: int) -> None:
    print(f"Pages at {units} units")
    floor = next((m.median for _label, _name, m, _note in rows if m is not None), None)
    page_floor = next((m.median for label, _name, m, _note in rows if label == PAGE_FLOOR and m is not None), None)
    header = ("page", "median ms", "p95 ms", "queries", "SQL ms", "× floor", "× page")
    width = max(len(header[0]), *(len(label) for label, _name, _m, _note in rows))
    print(f"{header[0]:<{width}}  {header[1]:>9}  {header[2]:>7}  {header[3]:>7}  {header[4]:>7}  {header[5]:>7}"
          f"  {header[6]:>7}")
    print("-" * (width + 2 + 9 + 4 * (2 + 7) + 2 + 7))
    for label, _name, m, note in rows:
        if m is None:
            print(f"{label:<{width}}  {note}")
            continue
        ratio = f"{m.median / floor:.1f}" if floor else "—"
        page_ratio = f"{m.median / page_floor:.1f}" if page_floor else "—"
        print(f"{label:<{width}}  {m.median:>9.1f}  {m.p95:>7.1f}  {m.queries:>7}  {m.sql:>7.1f}  {ratio:>7}"
              f"  {page_ratio:>7}")
    print(f"\n{runs} timed requests per page after {WARMUP} warm-up requests; server time in-process "
          f"(django.test.Client), no network.\nQueries and their SQL time: one more request, counted.")


if __name__ == "__main__":
    sys.exit(main())
