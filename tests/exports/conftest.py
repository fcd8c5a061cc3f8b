"""Exports on top of the shared world: cluster A (a1 leader = ``officer``, a2 deputy = ``officer2``, a3) has
signed its 2024 pledge and submitted its half-year reports; cluster B (b1 leader = ``outsider``, b2) has a draft
pledge. The 2025 plan is a draft (city staff and leaders only)."""

import signal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.http import urlencode

from pledges import services as pledge_services
from tests.progress.conftest import FULL, period_named, report_with, signed_pledge_of

FAKE_PDF = b"%PDF-1.4 fake"


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


def download_url(export_kind, **params) -> str:
    """``download_url("progress_xlsx", year=2024, kind="cluster")``: the button's link."""
    query = urlencode(params)
    return reverse("exports:download", kwargs={"kind": export_kind}) + (f"?{query}" if query else "")


def run_worker() -> str:
    """What a worker does: run every queued task, then stop. The worker installs its own SIGINT/SIGTERM
    handlers; they are put back so Ctrl+C still stops pytest."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = StringIO()
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", stdout=out,
                     stderr=out)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return out.getvalue()


def open_pdf(content: bytes):
    from pypdf import PdfReader

    return PdfReader(BytesIO(content))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in open_pdf(content).pages)


def open_workbook(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(BytesIO(content))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def fake_pdfs(monkeypatch):
    """PDF builders that answer at once: for tests about access and jobs, not about the documents."""
    for name in ("plan_pdf", "pledge_pdf", "progress_pdf"):
        monkeypatch.setattr(f"exports.documents.{name}", lambda *args, **kwargs: FAKE_PDF)
