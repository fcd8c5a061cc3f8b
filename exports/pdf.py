"""Printing documents to PDF: a Django template rendered to HTML, laid out by WeasyPrint.

WeasyPrint needs Pango from the system. A server without it still runs the rest of the app: call
:func:`pdf_available` before offering a PDF, and :func:`render_pdf` raises :class:`PdfUnavailable` (with a message
for the user) instead of failing with an ``OSError`` deep in a request.

Nothing is fetched from the network while printing: the only resources are the fonts, read from files. The font is
TeX Gyre Termes (Times-metric, every Vietnamese letter) from the ``rinoh-typeface-texgyretermes`` package, located
without importing it; Liberation Serif and DejaVu Serif from the system stand in if the package is missing.
"""

import functools
import importlib.util
import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

FONT_PACKAGE = "rinoh_typeface_texgyretermes"
FONT_FAMILY = "TeX Gyre Termes"  # the PDF names its fonts after this family; a system copy would be the same font
FALLBACK_FAMILIES = '"Liberation Serif", "DejaVu Serif", serif'
FONT_FILES = {                  # (weight, style) → file in the package
    ("normal", "normal"): "texgyretermes-regular.otf",
    ("bold", "normal"): "texgyretermes-bold.otf",
    ("normal", "italic"): "texgyretermes-italic.otf",
    ("bold", "italic"): "texgyretermes-bolditalic.otf",
}


# WeasyPrint logs each step of each document at INFO, which the root logger of the settings would print.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfUnavailable(Exception):
    """The server cannot make PDFs (WeasyPrint or Pango missing); ``str()`` is the message for the user."""


@functools.cache
def _import_error() -> str | None:
    """Why WeasyPrint cannot be loaded, or None; tried once per process (a failed import is slow and stays failed)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error)
    return None


def pdf_available() -> tuple[bool, str]:
    """(True, "") when PDFs can be made; otherwise (False, a message in Vietnamese for the user)."""
    if _import_error() is None:
        return True, ""
    return False, _("Máy chủ chưa cài thư viện tạo PDF (Pango). Hãy báo quản trị hệ thống cài gói "
                    "libpango-1.0-0, hoặc tải bảng tính Excel thay cho bản PDF.")


@functools.cache
def font_directory() -> Path | None:
    """Where the TeX Gyre Termes files are, found without importing the package (it would import rinohtype)."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    directory = Path(spec.submodule_search_locations[0])
    return directory if all((directory / name).is_file() for name in FONT_FILES.values()) else None


@functools.cache
def font_css() -> str:
    """``@font-face`` rules of the embedded font (none without the package) and the font stack to use."""
    directory = font_directory()
    rules = []
    if directory is not None:
        for (weight, style), name in FONT_FILES.items():
            rules.append(
                f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
                f'src: url("{(directory / name).as_uri()}"); }}'
            )
        families = f'"{FONT_FAMILY}", {FALLBACK_FAMILIES}'
    else:
        families = FALLBACK_FAMILIES
    rules.append(f"html {{ font-family: {families}; }}")
    return "\n".join(rules)


def render_html(template_name: str, context: dict) -> str:
    """The HTML given to WeasyPrint (also handy to look at the layout in a browser)."""
    return render_to_string(template_name, {**context, "font_css": font_css()})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF."""
    available, message = pdf_available()
    if not available:
        raise PdfUnavailable(message)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(template_name, context)
    # file: for the fonts, data: for inline images; anything else (http, ftp) is refused, never fetched.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
    return HTML(string=html, base_url=Path(settings.BASE_DIR).as_uri() + "/", url_fetcher=fetcher).write_pdf()
