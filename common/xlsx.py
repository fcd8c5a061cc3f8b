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
import functools
import re
import unicodedata
import weakref
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import tostring, xmlfile

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


def text_cell(ws, value, *, bold: bool = False, fill: PatternFill | None = None, wrap: bool = False) -> Cell:
    """A cell holding ``value`` as text, never as a formula.

    Characters that XML cannot hold (control characters) are dropped rather than failing the whole download,
    and an over-long text is cut to Excel's limit. ``None`` gives an empty cell.
    """
    if value is None:
        return _cell(ws, None, "n", _style_array(ws, None, bold, fill, wrap, False))
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]
    # Stored as a string ("s"), so "=…" is never a formula; one that looks like a formula also gets Excel's quote
    # prefix, so that it stays text when someone edits the cell.
    quote = text.startswith(FORMULA_TRIGGERS)
    return _cell(ws, text, "s", _style_array(ws, None, bold, fill, wrap, quote))


def number_format_for(value) -> str:
    """An Excel number format showing ``value`` with exactly its own decimals and grouped thousands.

    Excel shows the separators of the reader's locale: "1.234,5" on a Vietnamese Windows.
    """
    if value is None:
        return "General"
    return places_format(places_of(Decimal(str(value))))


@functools.cache
def places_format(places: int) -> str:
    """Grouped thousands and exactly ``places`` decimals: a column of values shown alike."""
    return "#,##0" + ("." + "0" * places if places else "")


def excel_number(value):
    """A Decimal as Excel stores it: an int when whole, else a Decimal without trailing zeros (never "1E-7")."""
    if value is None:
        return None
    if type(value) is int:  # a count: the common case, already as stored
        return value
    number = value if isinstance(value, Decimal) else Decimal(value)
    if number == number.to_integral_value():
        return int(number)
    number = number.normalize()
    return Decimal(format(number, "f")) if number.adjusted() < -6 else number


def number_cell(ws, value, *, number_format: str | None = None, bold: bool = False,
                fill: PatternFill | None = None) -> Cell:
    """A numeric cell (``None`` gives an empty one), formatted with its own decimals unless told otherwise."""
    number = excel_number(value)
    return _cell(ws, number, "n", _style_array(ws, number_format or number_format_for(number), bold, fill, False,
                                                False))


def percent_cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    """A percentage, rounded once (:func:`common.numbers.percent`) and stored so: the cell holds the digits it
    shows, so a sum or a sort in Excel reads what the page shows."""
    number = None if value is None else _percent_number(value)
    return _cell(ws, number, "n", _style_array(ws, PERCENT_FORMAT, bold, None, False, False))


@functools.lru_cache(maxsize=8192, typed=True)
def _percent_number(value):
    """A percentage as :func:`percent_cell` stores it. A city workbook writes 66,000 of them, most values many
    times (an attainment has one decimal or two); typed, so that a float is never answered a Decimal's rounding."""
    return excel_number(percent(value))


def count_cell(ws, value, *, bold: bool = False) -> WriteOnlyCell:
    """A whole number with grouped thousands (a count, a position, a weight)."""
    return number_cell(ws, value, number_format=COUNT_FORMAT, bold=bold)


def date_cell(ws, value, *, bold: bool = False) -> Cell:
    """A real date (DD/MM/YYYY) or date and time (DD/MM/YYYY HH:MM, in the city's time zone: Excel knows no
    time zones); ``None`` gives an empty cell."""
    if value is None:
        return _cell(ws, None, "n", _style_array(ws, None, bold, None, False, False))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value, number_format = value.replace(tzinfo=None, microsecond=0), DATETIME_FORMAT
    else:
        number_format = DATE_FORMAT
    return _cell(ws, value, "d", _style_array(ws, number_format, bold, None, False, False))


def header_row(ws, titles) -> list[Cell]:
    """Bold, shaded, wrapped title cells, to pass to ``ws.append``."""
    return [text_cell(ws, title, bold=True, fill=HEADER_FILL, wrap=True) for title in titles]


def freeze_below_header(ws, header_rows: int = 1, columns: int = 0) -> None:
    """Keep the header (and the first ``columns`` columns) in view while scrolling; repeat it on every
    printed page. Must be called before the first row is appended."""
    ws.freeze_panes = f"{get_column_letter(columns + 1)}{header_rows + 1}"
    ws.print_title_rows = f"1:{header_rows}"


def set_column_widths(ws, widths) -> None:
    """Widths in characters, from column A on. Must be called before the first row is appended."""
    if isinstance(ws, _StreamingSheet):
        ws.column_widths = list(widths)
        return
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
    ws = _create_sheet(wb, sheet_title(title, taken if taken is not None else set()))
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


# --- building cells fast ------------------------------------------------------------------------------
#
# A city workbook holds some 100,000 styled cells. Styling each through openpyxl's setters (``cell.font = BOLD``,
# ``cell.number_format = …``) hashes the style objects and registers them in the workbook again for every cell,
# and a styled cell handed to ``ws.append`` first fails openpyxl's value check (an exception whose message
# formats the cell) before it is taken as a cell: together several times the cost of writing the cell. So each
# distinct style is registered once per workbook, through those same setters, and its ids (openpyxl's
# ``StyleArray``) are shared by the cells of that style; a cell's value and type are set as openpyxl's own value
# check sets them for the types these helpers produce; and the sheets of :func:`new_sheet` take cells as they
# are. The file is the same, cell for cell (tests/common/test_xlsx_fast_cells.py compares both ways).


class _SharedStyle(StyleArray):
    """The style ids shared by every cell of one style. They cannot change: setting ``cell.font`` on one such
    cell would restyle them all, so it is refused (build the cell with the style it needs instead)."""

    def __new__(cls, style):
        self = super().__new__(cls, style)
        # Hashed twice for each cell written (openpyxl looks up the cell's style id): once is enough.
        self._hash = hash(tuple(self))
        # Its id in the workbook's table of cell styles, looked up once (by :func:`_row_xml`).
        self.xf_id = self.workbook = None
        return self

    def __hash__(self):
        return self._hash

    def __setitem__(self, key, value):
        raise TypeError("A cell of common.xlsx shares its style with others: build it with the style it needs.")


#: Per workbook: (number format, bold, fill, wrap, quote prefix) → (its _SharedStyle or None, the fill).
_STYLES = weakref.WeakKeyDictionary()


def _style_array(ws, number_format, bold, fill, wrap, quote) -> StyleArray | None:
    """The style ids of this combination in ``ws``'s workbook, registered the first time through openpyxl's
    setters (so the workbook's style tables are the ones setting each cell gives)."""
    styles = getattr(ws, "cell_styles", None)
    if styles is None:
        styles = _STYLES.get(ws.parent)
        if styles is None:
            styles = _STYLES[ws.parent] = {}
    # The fill by identity (its hash is costly); the entry keeps it alive, so its id is not reused.
    key = (number_format, bold, None if fill is None else id(fill), wrap, quote)
    found = styles.get(key)
    if found is None:
        cell = WriteOnlyCell(ws)
        if number_format is not None:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = WRAP
        if quote:
            cell.quotePrefix = True
        found = styles[key] = (_SharedStyle(cell._style) if cell.has_style else None, fill)
    return found[0]


_new_cell = Cell.__new__


def _cell(ws, value, data_type: str, style: StyleArray | None) -> Cell:
    """A cell of ``ws`` holding ``value`` (already of the type openpyxl would infer: "s" text, "n" number or
    empty, "d" date) in ``style``: what ``Cell(ws, row=1, column=1, value=value)`` then the setters give (as
    WriteOnlyCell, a cell has a place until it is appended), without guessing the type or copying the style."""
    cell = _new_cell(Cell)
    cell.parent = ws
    cell._style = style
    cell.row = cell.column = 1
    cell._value = value
    cell.data_type = data_type
    cell._hyperlink = cell._comment = None
    return cell


#: The sheet's XML as openpyxl's writer (lxml's incremental writer) gives it: text escaped as lxml escapes it, in
#: ASCII with character references (as lxml writes a document without a declared encoding).
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
                                    "\n": "&#10;", "\t": "&#9;"})
_SHEET_START = f'<worksheet xmlns="{SHEET_MAIN_NS}">'.encode()


def _attributes(attrs) -> str:
    return "".join(f' {key}="{str(value).translate(_ATTRIBUTE_ESCAPES)}"' for key, value in attrs.items())


def _row_xml(ws, values, row_idx: int) -> str:
    """One ``<row>`` of ``ws`` as openpyxl's writer serialises it (``WorksheetWriter.write_row`` and
    ``lxml_write_cell``), written as a string: the common cells (texts, numbers, dates, with a style or not) by
    string formatting, any other through openpyxl's own cell writer."""
    r = str(row_idx)
    dims = ws.row_dimensions
    if row_idx in dims:
        attrs = {"r": r}
        attrs.update(dims[row_idx])
        parts = [f"<row{_attributes(attrs)}>"]
    else:
        parts = [f'<row r="{r}">']
    workbook = ws.parent
    for col_idx, cell in enumerate(values, 1):
        if cell is None:
            continue
        if not isinstance(cell, Cell):
            cell = Cell(ws, value=cell)
        style, value, data_type = cell._style, cell._value, cell.data_type
        if type(style) is _SharedStyle:
            xf_id = style.xf_id
            if xf_id is None or style.workbook is not workbook:
                xf_id = style.xf_id = workbook._cell_styles.add(style)
                style.workbook = workbook
            s = f' s="{xf_id}"'
        elif style is not None and any(style):
            s = f' s="{workbook._cell_styles.add(style)}"'
        else:
            if value is None and cell._comment is None:
                continue
            s = ""
        coordinate = get_column_letter(col_idx) + r
        if cell._comment is not None or cell._hyperlink is not None or (
                data_type == "d" and (workbook.iso_dates or isinstance(value, datetime.timedelta))):
            parts.append(_openpyxl_cell_xml(ws, cell, col_idx, row_idx, bool(s)))
        elif data_type == "s":
            if value is None or value == "":
                parts.append(f'<c r="{coordinate}"{s} t="inlineStr"></c>')
            elif type(value) is str:
                space = "" if value == value.strip() else ' xml:space="preserve"'
                parts.append(f'<c r="{coordinate}"{s} t="inlineStr"><is><t{space}>'
                             f'{value.translate(_TEXT_ESCAPES)}</t></is></c>')
            else:
                parts.append(_openpyxl_cell_xml(ws, cell, col_idx, row_idx, bool(s)))
        elif data_type == "n" or data_type == "b":
            if value is None or value == "":
                parts.append(f'<c r="{coordinate}"{s} t="{data_type}"></c>')
            else:
                parts.append(f'<c r="{coordinate}"{s} t="{data_type}"><v>{safe_string(value)}</v></c>')
        elif data_type == "d":
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("Excel does not support timezones in datetimes. "
                                "The tzinfo in the datetime/time object must be set to None.")
            number = to_excel(value, workbook.epoch)
            if number is None:
                parts.append(f'<c r="{coordinate}"{s} t="n"></c>')
            else:
                parts.append(f'<c r="{coordinate}"{s} t="n"><v>{safe_string(number)}</v></c>')
        else:
            parts.append(_openpyxl_cell_xml(ws, cell, col_idx, row_idx, bool(s)))
    parts.append("</row>")
    return "".join(parts)


def _openpyxl_cell_xml(ws, cell, col_idx, row_idx, styled) -> str:
    """A cell as openpyxl writes it (its comment and hyperlink recorded for the sheet as openpyxl does)."""
    cell.column, cell.row = col_idx, row_idx
    if cell.hyperlink is not None:
        cell.hyperlink.ref = cell.coordinate
    if cell._comment is not None:
        ws._comments.append(CommentRecord.from_cell(cell))
    if cell._value is None and not styled and not cell._comment:
        return ""
    buffer = BytesIO()
    with xmlfile(buffer) as xf:
        write_cell(xf, ws, cell, styled)
    return buffer.getvalue().decode("ascii")


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, its elements (sheet properties, views, print setup…) serialised by lxml one by one
    and its rows by :func:`_row_xml` straight into the sheet's temporary file, and the column widths of
    :func:`set_column_widths` written as they are (not as 100 ``ColumnDimension`` objects a sheet)."""

    def get_stream(self):
        with open(self.out, "wb") as out:
            self.file = out
            out.write(_SHEET_START)
            try:
                while True:
                    element = (yield)
                    if element is True:
                        yield out
                    elif element is not None:
                        out.write(tostring(element, encoding="unicode").encode("ascii", "xmlcharrefreplace"))
            except GeneratorExit:
                pass
            out.write(b"</worksheet>")

    def write_cols(self):
        widths = self.ws.column_widths
        if not widths or self.ws.column_dimensions:
            return super().write_cols()
        self.file.write(("<cols>" + "".join(
            f'<col width="{safe_string(float(width))}" customWidth="1" min="{index}" max="{index}"/>'
            for index, width in enumerate(widths, start=1)) + "</cols>").encode("ascii"))

    def write_rows(self):
        self.xf.send(True)
        self.file.write(b"<sheetData></sheetData>")
        self.xf.send(None)


class _StreamingSheet(WriteOnlyWorksheet):
    """A write-only sheet that writes its rows itself (:func:`_row_xml`), the same XML as openpyxl's writer (tests/
    common/test_xlsx_fast_cells.py compares the files byte for byte) at a fraction of its cost: openpyxl opens an
    lxml element per cell and per value, and looks up each cell's style id again. ``append`` takes
    :func:`text_cell`'s cells as they are and plain values as openpyxl takes them. ``cell_styles`` is
    :func:`_style_array`'s table for the sheet's cells; ``column_widths`` those of :func:`set_column_widths`."""

    def __init__(self, parent, title):
        super().__init__(parent, title)
        self.cell_styles = {}
        self.column_widths = []

    def _get_writer(self):
        if self._writer is None:
            self._writer = _SheetWriter(self)
            self._writer.write_top()

    def _write_rows(self):
        writer = self._writer
        try:
            writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        write = writer.file.write
        write(b"<sheetData>")
        row_idx = 1
        try:
            while True:
                write(_row_xml(self, (yield), row_idx).encode("ascii", "xmlcharrefreplace"))
                row_idx += 1
        except GeneratorExit:
            pass
        write(b"</sheetData>")
        writer.xf.send(None)


def _create_sheet(wb, title):
    """``wb.create_sheet(title)`` with a :class:`_StreamingSheet` (any other workbook: openpyxl's own sheet)."""
    if not wb.write_only:
        return wb.create_sheet(title)
    ws = _StreamingSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws
