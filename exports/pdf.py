"""Printing documents to PDF: a Django template rendered to HTML, laid out by WeasyPrint.

WeasyPrint needs Pango from the system. A server without it still runs the rest of the app: call
:func:`pdf_available` before offering a PDF, and :func:`render_pdf` raises :class:`PdfUnavailable` (with a message
for the user) instead of failing with an ``OSError`` deep in a request.

Nothing is fetched from the network while printing: the only resources are the fonts, read from files. The font is
TeX Gyre Termes (Times-metric, every Vietnamese letter) from the ``rinoh-typeface-texgyretermes`` package, located
without importing it; Liberation Serif and DejaVu Serif from the system stand in if the package is missing.
"""

import atexit
import contextlib
import functools
import gc
import importlib.util
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
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


# --- measuring text, to break lines where the decree wants them -----------------------------------------------

PAGE_TEXT_WIDTH_MM = 210 - 30 - 15      # A4 portrait less the left (binding) and right margins of base.html
ISSUER_COLUMN_MM = PAGE_TEXT_WIDTH_MM * 0.40     # the header's left column (``td.issuer-col``: 40 %)
PT_PER_MM = 72 / 25.4
FIT = 0.96                              # room for what the estimate misses (kerning, rounding), so Pango never
                                        # wraps a line this module has already broken


@functools.cache
def _advances(bold: bool) -> tuple[dict, float] | None:
    """(advance width by character, units per em) of the embedded font, or None without it."""
    directory = font_directory()
    if directory is None:
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(directory / FONT_FILES[("bold" if bold else "normal", "normal")], lazy=True)
    metrics = font["hmtx"].metrics
    widths = {chr(code): metrics[glyph][0] for code, glyph in font.getBestCmap().items() if glyph in metrics}
    return widths, float(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float, *, bold: bool = True) -> float | None:
    """How wide ``text`` prints in the embedded font at ``size_pt`` (no kerning), or None without the font."""
    advances = _advances(bold)
    if advances is None:
        return None
    widths, units = advances
    average = widths.get("n", units / 2)
    return sum(widths.get(char, average) for char in text) / units * size_pt / PT_PER_MM


def _greedy(words: list[str], width_mm: float, size_pt: float, bold: bool) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width_mm(f"{lines[-1]} {word}", size_pt, bold=bold) <= width_mm:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def break_lines(text: str, width_mm: float, size_pt: float, *, bold: bool = True) -> list[str]:
    """``text`` broken into lines that fit ``width_mm``, at its ordinary spaces only (a no-break space, as
    :func:`exports.decree30.keep_words` puts inside a word, never breaks): as few lines as fit, as even as they
    can be (a centred heading of two lines, not a long line over one word). Each line is only as long as it
    must be, so that a rule under a block is measured on its widest line. Without the font, one line, left to
    the layout to wrap."""
    words = [word for word in text.split(" ") if word]
    if not words or text_width_mm(text, size_pt, bold=bold) is None:
        return [" ".join(words)] if words else []
    width_mm *= FIT
    lines = _greedy(words, width_mm, size_pt, bold)
    # The narrowest width that needs no more lines: bisected, 0.5 mm is finer than a letter.
    low = max(text_width_mm(word, size_pt, bold=bold) for word in words)
    high = width_mm
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_greedy(words, middle, size_pt, bold)) <= len(lines):
            high = middle
        else:
            low = middle
    return _greedy(words, high, size_pt, bold)


def render_html(template_name: str, context: dict, *, shared_stylesheet: bool = False) -> str:
    """The HTML of a document, to look at the layout in a browser: the fonts and the shared rules (``base.css``)
    inline. With ``shared_stylesheet``, the HTML given to WeasyPrint: only the document's own rules, the rest
    comes from :func:`shared_stylesheet`."""
    return render_to_string(template_name, {**context, "font_css": font_css(),
                                            "shared_stylesheet": shared_stylesheet})


_per_thread = threading.local()
# Dropped before the interpreter tears its modules down: a FontConfiguration freed later fails in __del__.
atexit.register(lambda: vars(_per_thread).clear())


def shared_stylesheet():
    """(the fonts and ``base.css`` parsed by WeasyPrint, the ``FontConfiguration`` holding the fonts), made once
    per thread and reused by every document: parsing the stylesheet and loading the four font files was a
    tenth of a pledge PDF (a FontConfiguration holds Pango objects, so threads do not share one). Given to
    WeasyPrint as a user stylesheet, it yields to every rule of the document's own ``<style>`` (the
    ``{% block style %}`` of its template) as the inline stylesheet did, the document's rules coming last."""
    shared = getattr(_per_thread, "stylesheet", None)
    if shared is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = get_template("exports/pdf/base.css").render()
        shared = (CSS(string=f"{font_css()}\n{css}", font_config=font_config, url_fetcher=_fetcher(),
                      base_url=_base_url()), font_config)
        _per_thread.stylesheet = shared
    return shared


def _fetcher():
    from weasyprint.urls import URLFetcher

    # file: for the fonts, data: for inline images; anything else (http, ftp) is refused, never fetched.
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)


def _base_url() -> str:
    return Path(settings.BASE_DIR).as_uri() + "/"


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while WeasyPrint lays out and writes a document, on again after.

    A document allocates hundreds of thousands of objects (boxes, styles, text runs), nearly all alive until the
    end; every 700 allocations the collector looks at the young ones and, now and then, at every object of the
    process — in a Django process some 130,000 that WeasyPrint never touches. Those full passes were a fifth of
    the pledge PDF's time (cProfile, gc.callbacks: 2 passes, 0.17 s of 0.83 s). Reference counting still frees
    what is not in a cycle; the cycles left are collected by the next pass after the document. Nested uses
    leave the collector as the outermost found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _layout(template_name: str, context: dict):
    """``template_name`` rendered with ``context`` and laid out by WeasyPrint (a ``weasyprint.Document``)."""
    available, message = pdf_available()
    if not available:
        raise PdfUnavailable(message)
    from weasyprint import HTML

    stylesheet, font_config = shared_stylesheet()
    html = render_html(template_name, context, shared_stylesheet=True)
    return HTML(string=html, base_url=_base_url(), url_fetcher=_fetcher()).render(
        stylesheets=[stylesheet], font_config=font_config)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF."""
    with collector_paused():
        return _layout(template_name, context).write_pdf()


def render_pdfs(documents: Iterable[tuple[str, dict]], title: str, done: Callable[[int], None] = lambda n: None) -> bytes:
    """Several documents, each laid out on its own (its own page numbers, its own bookmarks), written as one
    PDF. One WeasyPrint document, not PDFs merged afterwards: each font is embedded once, as one subset holding
    every letter of every document. Merged files carry a subset per document, all under one name ("ABCDEF+…"),
    and some office printers then print the letters of one subset with another (wrong or missing letters).
    ``done(n)`` is called as each document is laid out."""
    pages = []
    first = None
    for number, (template_name, context) in enumerate(documents, start=1):
        with collector_paused():       # per document: the garbage of one is collected before the next
            document = _layout(template_name, context)      # the fonts loaded once for every document
        first = first or document
        pages.extend(document.pages)
        done(number)
    if first is None:
        raise ValueError("No document to print")
    combined = first.copy(pages)
    combined.metadata.title = title
    with collector_paused():
        return combined.write_pdf()
