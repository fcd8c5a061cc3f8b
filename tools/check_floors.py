"""The floor check: no app imports a higher app, and no app imports another app's views.

The apps are floors of one house, lowest first (``FLOORS``). An app may import its own floor and the floors
below it; the top floor (``config``, ``demo``, ``bench``: settings, routes, cross-app pages, tooling) may import
anything. Views are entry points, not a library: a helper another app needs lives in ``access.py`` or a service
module, so no app imports another app's ``views`` (nor ``*_views``) module either.

Every ``import`` statement counts, inside functions too (a lazy import is still a dependency). Migrations and
tests are not read. Run from the repository root::

    python -m tools.check_floors            # exit 1 when a violation is not in tools/floor_debt.txt

Known violations are listed in ``tools/floor_debt.txt``, one ``<file> -> <imported app>`` (or
``<file> -> <app>.views``) a line, without line numbers. The check fails on a violation not listed and on a
listed one that no longer occurs, so the list can only shrink.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

# Lowest first; apps of one tuple share a floor. ``common``, ``evaluation``, ``awards`` and ``demo`` may not
# exist yet: an absent app simply has no files to read.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("common",),
    ("accounts",),
    ("units",),
    ("campaigns",),
    ("groups",),
    ("pledges",),
    ("progress",),
    ("evaluation",),
    ("awards",),
    ("exports",),
    ("reminders",),
    ("config", "demo", "bench"),
)
LEVEL = {app: level for level, apps in enumerate(FLOORS) for app in apps}
TOP = len(FLOORS) - 1
SKIPPED_DIRS = {"migrations", "tests", "__pycache__"}
DEFAULT_DEBT = Path("tools/floor_debt.txt")


@dataclass(frozen=True)
class Violation:
    path: str  # relative to the root, with forward slashes
    line: int
    app: str
    target: str  # "<app>" for a higher app, "<app>.views" for another app's views

    @property
    def key(self) -> str:
        return f"{self.path} -> {self.target}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.app} imports {self.target}"


def app_files(root: Path):
    """Every .py file of the apps under ``root``, migrations and tests left out."""
    for app in LEVEL:
        app_dir = root / app
        if not app_dir.is_dir():
            continue
        for path in sorted(app_dir.rglob("*.py")):
            parts = path.relative_to(root).parts
            if SKIPPED_DIRS.intersection(parts[:-1]) or parts[-1].startswith("test"):
                continue
            yield app, path


def _is_views(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views")


def imported_modules(tree: ast.AST, package: str):
    """(line, dotted module) for each module an AST imports; ``from x import y`` yields ``x.y`` and ``x``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from x import views`` imports the module x.views; ``from x import y`` may be a name: x is enough.
            names = [f"{module}.{alias.name}" for alias in node.names if _is_views(alias.name)]
            yield node.lineno, names[0] if names else module


def violations_in(root: Path) -> list[Violation]:
    found = []
    for app, path in app_files(root):
        relative = path.relative_to(root)
        package = ".".join(relative.with_suffix("").parts[:-1])
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imported_modules(tree, package):
            target_app = module.split(".", 1)[0]
            if target_app not in LEVEL or target_app == app or LEVEL[app] == TOP:
                continue
            if LEVEL[target_app] > LEVEL[app]:
                target = target_app
            elif _is_views(module):
                target = f"{target_app}.views"
            else:
                continue
            found.append(Violation(relative.as_posix(), line, app, target))
    return sorted(set(found), key=lambda v: (v.path, v.line, v.target))


def read_debt(path: Path) -> set[str]:
    """The allowlisted keys: one ``<file> -> <target>`` a line; blank lines and ``#`` comments ignored."""
    if not path.exists():
        return set()
    entries = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            file, _, target = (part.strip() for part in line.partition("->"))
            entries.add(f"{file} -> {target}")
    return entries


def check(root: Path, debt_path: Path) -> tuple[list[Violation], list[str], list[Violation]]:
    """(new violations, stale debt entries, all violations)."""
    found = violations_in(root)
    debt = read_debt(debt_path)
    new = [v for v in found if v.key not in debt]
    stale = sorted(debt - {v.key for v in found})
    return new, stale, found


DEBT_HEADER = """\
# Known floor violations found by tools/check_floors.py: issue 10's remaining work, to be removed as it lands.
# One "<file> -> <higher app>" or "<file> -> <app>.views" pair a line, without line numbers. The check fails on a
# violation not listed here and on a listed one that no longer occurs, so this list can only shrink.
# Rewrite it from the tree (after a merge): python -m tools.check_floors --write-debt
"""


def write_debt(path: Path, found: list[Violation]) -> None:
    keys = sorted({v.key for v in found})
    path.write_text(DEBT_HEADER + "".join(f"{key}\n" for key in keys), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository root (default: .)")
    parser.add_argument("--debt", type=Path, help="the allowlist (default: <root>/tools/floor_debt.txt)")
    parser.add_argument("--all", action="store_true", help="list every violation, allowlisted ones too")
    parser.add_argument("--write-debt", action="store_true", help="rewrite the allowlist from the tree and exit")
    args = parser.parse_args(argv)
    debt_path = args.debt or args.root / DEFAULT_DEBT
    if args.write_debt:
        write_debt(debt_path, violations_in(args.root))
        return 0
    new, stale, found = check(args.root, debt_path)
    if args.all:
        for violation in found:
            print(violation)
    for violation in new:
        print(violation)
    for key in stale:
        print(f"{debt_path}: stale entry, no longer occurs (remove it): {key}")
    keys, new_keys = {v.key for v in found}, {v.key for v in new}
    print(f"floors: {len(found)} violating imports ({len(keys)} file -> app pairs): {len(new_keys)} pairs not "
          f"allowlisted, {len(keys) - len(new_keys)} allowlisted, {len(stale)} stale entries", file=sys.stderr)
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
