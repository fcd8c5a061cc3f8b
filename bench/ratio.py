"""``python -m bench.ratio``: pages against the trivial page and ``/healthz``, requested in turn, on a kept bench
database (``python -m bench --keep`` prints its URL; pass it as ``DATABASE_URL``).

The page table of ``python -m bench`` times each page in a block of its own, so a machine busy with something
else for a few seconds moves one page's ratio and not another's. Here every round requests ``/healthz``, the
trivial page and each chosen page once, one after the other, so they share the same moments of the machine: the
ratios hold on a loaded machine, the absolute times do not. Nothing is written to the database.

    DATABASE_URL=postgres://…/thidua_bench python -m bench.ratio progress:group awards:overview --rounds 40
"""

import argparse
import os
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ratio", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="URL names of the bench's pages (default: all of them)")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("DATABASE_URL must name a kept bench database (python -m bench --keep)")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from bench.__main__ import PAGE_FLOOR, bench_pages, configure_environment

    configure_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    override_settings(STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    pages = bench_pages(argparse.Namespace())
    anonymous, staff = Client(), Client()
    staff.force_login(pages.user)
    routes = [(label, name, reverse(name, kwargs=kwargs) + query, staff if as_staff else anonymous)
              for label, name, kwargs, query, as_staff in pages.routes
              if name in ("healthz", "campaigns:list") or not args.names or name in args.names]
    times = {label: [] for label, *_rest in routes}
    for round_ in range(args.rounds + 3):
        for label, _name, url, client in routes:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            seconds = time.perf_counter() - started
            if response.status_code != 200:
                print(f"{label}: {url} answered {response.status_code}", file=sys.stderr)
                return 1
            if round_ >= 3:
                times[label].append(seconds * 1000)
    medians = {label: statistics.median(values) for label, values in times.items()}
    healthz, floor = medians["/healthz (floor)"], medians[PAGE_FLOOR]
    width = max(len(label) for label in medians)
    print(f"{'page':<{width}}  {'median ms':>9}  {'× healthz':>9}  {'× page':>7}   ({args.rounds} rounds)")
    for label, median in medians.items():
        print(f"{label:<{width}}  {median:>9.1f}  {median / healthz:>9.1f}  {median / floor:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
