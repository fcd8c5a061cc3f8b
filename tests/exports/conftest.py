"""Exports on top of the shared world: cluster A (a1 leader = ``officer``, a2 deputy = ``officer2``, a3) has
signed its 2024 pledge and submitted its half-year reports; cluster B (b1 leader = ``outsider``, b2) has a draft
pledge. The 2025 plan is a draft (city staff and leaders only)."""

import pytest

from pledges import services as pledge_services
from tests.builders import FULL, period_named, report_with, signed_pledge_of
from tests.downloads import FAKE_PDF


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def exports_world(world, media):
    w = world
    w.pledge_a = signed_pledge_of(w.cluster_a, [w.a1, w.a2, w.a3])
    w.pledge_b = pledge_services.create_pledge(w.cluster_b, None)
    w.half_year = period_named(w.c2024, "6 tháng")
    for unit in (w.a1, w.a2):
        report_with(w.half_year, unit, values=FULL, submit=True)
    return w


@pytest.fixture
def fake_pdfs(monkeypatch):
    """PDF builders that answer at once: for tests about access and jobs, not about the documents."""
    for name in ("plan_pdf", "pledge_pdf", "progress_pdf"):
        monkeypatch.setattr(f"exports.documents.{name}", lambda *args, **kwargs: FAKE_PDF)
