"""Templates read what the user may do from a rights object (``rights`` passed by the view, ``user_rights``
for every page) and a row's state from its properties: none re-checks a role, the user's unit or a status
string (issue 10). The rules live once, in each app's ``access.py`` and models."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", ".git", "staticfiles"}

# A role (the user's or a membership's), the user's unit or a status literal checked in a template.
RECHECKS = re.compile(
    r"user\.is_city_staff|user\.sees_everything|user\.unit_id|user\.role\b|(?:status|role)\s*[!=]=\s*[\"']"
)

# (template, the exact text) that may stay, each with the reason. Empty today.
ALLOWED: set[tuple[str, str]] = set()


def templates():
    return sorted(path for path in BASE.rglob("*.html") if not SKIPPED & set(path.relative_to(BASE).parts))


def test_every_template_is_scanned():
    names = {path.relative_to(BASE).as_posix() for path in templates()}
    assert len(names) > 50
    assert {"templates/base.html", "templates/home.html", "campaigns/templates/campaigns/campaign_detail.html",
            "pledges/templates/pledges/pledge_detail.html"} <= names


def test_no_template_rechecks_a_role_a_unit_or_a_status():
    found = []
    for path in templates():
        name = path.relative_to(BASE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in RECHECKS.finditer(line):
                if (name, match.group()) not in ALLOWED:
                    found.append(f"{name}:{number}: {match.group()}")
    assert not found, "read a rights object or a property instead:\n" + "\n".join(found)


def test_the_scan_catches_what_it_is_meant_to():
    for recheck in ('{% if user.is_city_staff %}', "{% if user.sees_everything %}", "{% if x == user.unit_id %}",
                    '{% if user.role == "viewer" %}', '{% if campaign.status == "issued" %}',
                    "{% if job.status != 'done' %}", '{% if member.role != "member" %}'):
        assert RECHECKS.search(recheck), recheck
    for fine in ("{% if rights.edit %}", "{{ user.get_role_display }}", "{% role_badge member.role group.kind %}",
                 "{% if change.from_status == change.to_status %}"):
        assert not RECHECKS.search(fine), fine
