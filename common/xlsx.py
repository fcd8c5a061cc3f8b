"""Small helpers for writing .xlsx files with openpyxl in write-only mode, shared by every export.

Why write-only: rows are streamed to the file as they are appended, so memory stays flat however many units
and indicators a workbook holds. The price is that styles, column widths and frozen panes must be set before
the first row is appended, and a cell is styled by building it (:func:`text_cell`, :func:`number_cell`) rather
than by reaching into the sheet afterwards.

Why :func:`text_cell`: names and codes come from people. A unit named ``=HYPERLINK("http://…")`` written as a
plain value becomes a formula that Excel runs when the file is opened (formula injection). Every text goes
through :func:`text_cell`, which stores it as a string, never as a formula, and marks a text that looks like a
formula with Excel's "quote prefix" so that it stays text even when someone edits the cell later.

Typical use::

    wb = new_workbook()
    ws = new_sheet(wb, "Danh sách", [12, 40], heading="Danh sách đơn vị năm 2024")
    ws.append(header_row(ws, ["Mã", "Tên"]))
    ws.append([text_cell(ws, unit.code), text_cell(ws, unit.name)])
    content = workbook_bytes(wb)
"""

import datetime
import re
import unicodedata
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .numbers import PERCENT_PLACES, percent, places_of

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: A text beginning with one of these is read as a formula by Excel or by other spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Excel's limit for the text of one cell.
MAX_CELL_CHARS = 32767

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
COUNT_FORMAT = "#,##0"
#: A percentage as a number of percent (72.5 means 72.5 %) with exactly :data:`common.numbers.PERCENT_PLACES`
#: decimals, as the pages show it ("72,5 %", "100,0 %", "29.417,6 %").
PERCENT_FORMAT = "#,##0." + "0" * PERCENT_PLACES

#: A sheet wider than this (the sum of its column widths, in characters) prints in landscape.
PORTRAIT_MAX_WIDTH = 100
#: Excel refuses a header or footer longer than 255 characters (its codes included).
HEADER_MAX_CHARS = 200
PAGE_NUMBER_FOOTER = "&P / &N"

SHEET_TITLE_MAX = 31
#: Characters Excel refuses in a sheet name.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Names Excel keeps for itself.
SHEET_TITLE_RESERVED = {"history"}
ELLIPSIS = "…"


def new_workbook() -> Workbook:
    """An empty write-only workbook (it has no sheet until ``create_sheet``)."""
    return Workbook(write_only=True)


def text_cell(ws, value, *, bold: bool = False, fill: PatternFill | None = None, wrap: bool = False) -> WriteOnlyCell:
    """A cell holding ``value`` as text, never as a formula.

    Characters that XML cannot hold (control characters) are dropped rather than failing the whole download,
    and an over-long text is cut to Excel's limit. ``None`` gives an empty cell.
    """
    text = None if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    cell = WriteOnlyCell(ws, value=text)
    if text:
        # Assigning the value made openpyxl guess the type ("=…" → formula); the type is set after it.
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    _style(cell, bold=bold, fill=fill, wrap=wrap)
    return cell


def number_format_for(value) -> str:
    """An Excel number format showing ``value`` with exactly its own decimals and grouped thousands.

    Excel shows the separators of the reader's locale: "1.234,5" on a Vietnamese Windows.
    """
    if value is None:
        return "General"
    return places_format(places_of(Decimal(str(value))))


def places_format(places: int) -> str:
    """Grouped thousands and exactly ``places`` decimals: a column of values shown alike."""
    return "#,##0" + ("." + "0" * places if places else "")


def excel_number(value):
    """A Decimal as Excel stores it: an int when whole, else a Decimal without trailing zeros (never "1E+3")."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return int(number)
    return Decimal(format(number, "f"))


def number_cell(ws, value, *, number_format: str | None = None, bold: bool = False,
                fill: PatternFill | None = None) -> WriteOnlyCell:
    """A numeric cell (``None`` gives an empty one), formatted with its own decimals unless told otherwise."""
    number = excel_number(value)
    cell = WriteOnlyCell(ws, value=number)
    cell.number_format = number_format or number_format_for(number)
    _style(cell, bold=bold, fill=fill)
    return cell


def percent_cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    """A percentage, rounded once (:func:`common.numbers.percent`) and stored so: the cell holds the digits it
    shows, so a sum or a sort in Excel reads what the page shows."""
    return number_cell(ws, percent(value), number_format=PERCENT_FORMAT, bold=bold)


def count_cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    """A whole number with grouped thousands (a count, a position, a weight)."""
    return number_cell(ws, value, number_format=COUNT_FORMAT, bold=bold)


def date_cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    """A real date (DD/MM/YYYY) or date and time (DD/MM/YYYY HH:MM, in the city's time zone: Excel knows no
    time zones); ``None`` gives an empty cell."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value, number_format = value.replace(tzinfo=None, microsecond=0), DATETIME_FORMAT
    else:
        number_format = DATE_FORMAT
    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.number_format = number_format
    _style(cell, bold=bold)
    return cell


def header_row(ws, titles) -> list[WriteOnlyCell]:
    """Bold, shaded, wrapped title cells, to pass to ``ws.append``."""
    return [text_cell(ws, title, bold=True, fill=HEADER_FILL, wrap=True) for title in titles]


def freeze_below_header(ws, header_rows: int = 1, columns: int = 0) -> None:
    """Keep the header (and the first ``columns`` columns) in view while scrolling; repeat it on every
    printed page. Must be called before the first row is appended."""
    ws.freeze_panes = f"{get_column_letter(columns + 1)}{header_rows + 1}"
    ws.print_title_rows = f"1:{header_rows}"


def set_column_widths(ws, widths) -> None:
    """Widths in characters, from column A on. Must be called before the first row is appended."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def sheet_title(name, taken) -> str:
    """A valid, unique sheet name for ``name``: Excel's forbidden characters ``[]:*?/\\`` replaced by "-",
    at most 31 characters (cut with "…"), and " (2)", " (3)"… when the name is already in ``taken``.

    ``taken`` is a set of the names already used in the workbook; the name returned is added to it. Excel
    compares sheet names without case, so does this function.
    """
    text = unicodedata.normalize("NFC", ILLEGAL_CHARACTERS_RE.sub("", str(name or "")))
    text = " ".join(SHEET_TITLE_FORBIDDEN.sub("-", text).split())
    text = text.strip("'").strip() or _("Trang")  # Excel refuses a name that begins or ends with "'"
    used = {title.casefold() for title in taken} | SHEET_TITLE_RESERVED
    number = 1
    while True:
        suffix = "" if number == 1 else f" ({number})"
        room = SHEET_TITLE_MAX - len(suffix)
        base = text if len(text) <= room else text[:room - 1].rstrip() + ELLIPSIS
        title = base + suffix
        if title.casefold() not in used:
            taken.add(title)
            return title
        number += 1


def header_footer_text(text) -> str:
    """``text`` as Excel's header/footer language reads it: "&" doubled (a single one starts a code), cut to
    :data:`HEADER_MAX_CHARS`."""
    text = " ".join(ILLEGAL_CHARACTERS_RE.sub("", str(text or "")).split())
    if len(text) > HEADER_MAX_CHARS:
        text = text[:HEADER_MAX_CHARS - 1].rstrip() + ELLIPSIS
    return text.replace("&", "&&")


def print_setup(ws, heading, *, landscape: bool = False, header_rows: int = 1) -> None:
    """How a sheet prints: A4, portrait or ``landscape``, one page wide (as many pages tall as needed), the
    header rows repeated on every page, ``heading`` (what the sheet covers: the document, the period, the
    filters) at the top of every page and "Trang 1 / 3" at the bottom. Must be called before the first row is
    appended (write-only sheets write these settings when they are closed)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    ws.oddHeader.center.text = header_footer_text(heading)
    ws.oddFooter.center.text = _("Trang") + " " + PAGE_NUMBER_FOOTER


def new_sheet(wb, title, widths, *, frozen_columns: int = 0, header_height: float | None = None, taken=None,
              heading: str | None = None):
    """A new sheet with a valid, unique name (:func:`sheet_title`), its column widths, frozen header (and name
    columns), the header's height (Excel does not grow a row for wrapped text by itself) and its print setup
    (:func:`print_setup`: ``heading``, else the sheet's title, on every page; landscape when the columns are
    wider than :data:`PORTRAIT_MAX_WIDTH`), ready for its first row."""
    ws = wb.create_sheet(sheet_title(title, taken if taken is not None else set()))
    set_column_widths(ws, widths)
    freeze_below_header(ws, 1, frozen_columns)
    print_setup(ws, heading or title, landscape=sum(widths) > PORTRAIT_MAX_WIDTH)
    if header_height:
        ws.row_dimensions[1].height = header_height
    return ws


def close_sheet(ws) -> None:
    """Finish a sheet as soon as its last row is written: openpyxl otherwise keeps every sheet's stream open, and
    its column settings in memory, until the file is saved — memory growing with the number of sheets. A closed
    sheet is only copied into the file at the end."""
    ws.close()
    ws.column_dimensions.clear()
    ws.row_dimensions.clear()


def workbook_bytes(wb: Workbook) -> bytes:
    """The saved .xlsx file's content."""
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _style(cell, *, bold=False, fill=None, wrap=False):
    if bold:
        cell.font = BOLD
    if fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = WRAP
