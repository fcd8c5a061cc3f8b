"""Downloads as the tests drive and read them: the button's link, what a worker does, a response's bytes, a PDF's
text, a workbook; and a stand-in PDF for tests about access and jobs rather than documents."""

import signal
from io import BytesIO, StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils.http import urlencode

FAKE_PDF = b"%PDF-1.4 fake"


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
