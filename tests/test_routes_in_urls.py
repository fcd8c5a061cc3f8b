"""Every app lists its routes in its urls.py (issue 10): no view module defines urlpatterns of its own."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["accounts", "units", "campaigns", "groups", "pledges", "progress", "awards", "exports", "config", "common", "demo"]


def test_no_module_but_urls_py_defines_urlpatterns():
    root = Path(settings.BASE_DIR)
    offenders = []
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if path.name == "urls.py" or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else []
                if any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in targets):
                    offenders.append(str(path.relative_to(root)))
    assert offenders == []
