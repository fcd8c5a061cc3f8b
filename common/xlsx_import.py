"""Reading an uploaded .xlsx safely: the part every import shares (the pledge targets, the scoring tables).

:func:`read_rows` finds the header row by its column names (wherever it is among the first rows, in whichever
order), then returns the non-empty rows under it as :class:`RawRow` (the Excel row number and the values by
header), or raises :class:`FileRefused` with a Vietnamese message. The work a file may cause is bounded before
and while reading: the upload's size, the unzipped size and the zip's parts, the cells and rows in the XML, the
data rows and a time budget; a long run of blank rows ends the reading (trailing formatted rows are no error).
A cell of ``formula_header`` left blank because its formula was never computed (a file written by a program and
never opened in Excel) is marked ``formula`` so the import can say so instead of reading a blank.
"""

import datetime
import logging
import math
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Bounds on the work an upload may cause, checked before and while reading. A 300 KB zip may inflate to 95 MB of
# blank formatted rows (a "zip bomb") that openpyxl would read for minutes; a real pledge template of
# MAX_DATA_ROWS rows is about 7 MB unzipped with 8 cells a row.
#: The parts of the zip together, as the zip declares them (zipfile never inflates a part past its declared size).
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
#: A workbook from Excel has about 10 parts; one with pictures a few more.
MAX_ZIP_ENTRIES = 100
#: Cells and rows written in the worksheets, counted in the XML before openpyxl parses it (blank formatted cells
#: and rows count): a sheet of a few rows of data every 999 blank rows would otherwise take the whole time budget.
MAX_CELLS = 400_000
MAX_XML_ROWS = 100_000
MAX_DATA_ROWS = 20_000
#: Reading stops after this many blank rows in a row: trailing blank rows (a sheet formatted down to row
#: 1,000,000) are not an error and are not read to the end.
MAX_BLANK_RUN = 1_000
#: Past this, the import is refused: the web worker must answer well within gunicorn's 30 s.
READ_SECONDS = 10
#: The header row is looked for among the first rows (someone may add a title above it).
HEADER_SEARCH_ROWS = 10
#: Excel shows and computes with 15 significant digits.
EXCEL_DIGITS = 15


class FileRefused(Exception):
    """The file cannot be read as an import; the message says why, in Vietnamese."""


@dataclass
class RawRow:
    number: int  # the Excel row number, as Excel shows it
    values: dict  # header → the cell's value as openpyxl read it
    formula: bool = False  # the ``formula_header`` cell is blank because its formula was never computed


@dataclass
class RowError:
    """What is wrong on one row of an import, with the row's number as Excel shows it."""

    row: int
    message: str

    def __str__(self):
        return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Sheet:
    rows: list = field(default_factory=list)
    stopped_at_row: int | None = None  # the last row read, when a long run of blank rows ended the reading


@dataclass(frozen=True)
class Layout:
    """What an import reads: the sheet it prefers, the headers it knows and those it needs, and where the user
    gets the template (said in the messages)."""

    sheet_title: str
    headers: tuple
    required: tuple
    template_hint: str  # e.g. _("tệp mẫu tải về từ trang giao ước")
    formula_header: str | None = None


class _Budget:
    """The time a reading may take: checked once a row, so no file keeps a web worker past ``READ_SECONDS``."""

    def __init__(self):
        self.deadline = time.monotonic() + READ_SECONDS

    def check(self):
        if time.monotonic() > self.deadline:
            raise FileRefused(
                _("Tệp cần quá nhiều thời gian để đọc (hơn %(seconds)s giây). Hãy chỉ giữ trang số liệu của tệp "
                  "mẫu, xóa các dòng, cột và định dạng thừa rồi tải lên lại.") % {"seconds": READ_SECONDS}
            )


def read_rows(uploaded_file, layout: Layout) -> Sheet:
    """The non-empty rows under the header of ``layout``; raises :class:`FileRefused`."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise FileRefused(_("Tệp lớn hơn 5 MB."))
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(_("Tệp lớn hơn 5 MB."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(_("Đây là tệp Excel đời cũ (.xls) hoặc tệp đã đặt mật khẩu. Hãy mở bằng Excel, bỏ mật "
                            "khẩu nếu có và lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."))
    not_xlsx = _("Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng. Hãy dùng %(template)s.") % {
        "template": layout.template_hint}
    try:
        _check_archive(data)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception:  # zipfile, XML and openpyxl errors of every kind: the file is not a usable workbook
        logger.info("Unreadable import", exc_info=True)
        raise FileRefused(not_xlsx) from None
    budget = _Budget()
    try:
        sheet, title, columns = _read_sheet(wb, layout, budget)
    except FileRefused:
        raise
    except Exception:
        logger.info("Unreadable import sheet", exc_info=True)
        raise FileRefused(not_xlsx) from None
    finally:
        wb.close()
    if layout.formula_header is not None:
        blank = {row.number: row for row in sheet.rows if is_blank(row.values[layout.formula_header])}
        if blank:
            _mark_formulas(data, title, columns[layout.formula_header], blank, budget)
    return sheet


def _check_archive(data: bytes) -> None:
    """Refuse a zip whose parts would take too long to read, before openpyxl inflates any of them.

    The sizes are those the zip declares, which zipfile never inflates past; the cells are counted in the inflated
    worksheet XML (at most MAX_UNZIPPED_BYTES), which is much faster than parsing it.
    """
    with zipfile.ZipFile(BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise FileRefused(_("Tệp Excel có quá nhiều thành phần (hơn %(n)s). Hãy chỉ giữ trang số liệu của tệp "
                                "mẫu.") % {"n": MAX_ZIP_ENTRIES})
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
            raise FileRefused(_("Tệp Excel quá lớn khi giải nén (hơn %(mb)s MB). Hãy chỉ giữ trang số liệu của tệp "
                                "mẫu, xóa các dòng và định dạng thừa.") % {"mb": MAX_UNZIPPED_BYTES // (1024 * 1024)})
        cells = rows = 0
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                xml = archive.read(info)
                cells += _count_elements(xml, b"c")
                rows += _count_elements(xml, b"row")
        too_many = _("Tệp Excel có quá nhiều %(what)s (hơn %(n)s, kể cả %(what)s trống đã định dạng). Hãy chỉ giữ "
                     "trang số liệu của tệp mẫu, xóa các dòng và định dạng thừa.")
        if rows > MAX_XML_ROWS:
            raise FileRefused(too_many % {"what": _("dòng"), "n": _thousands(MAX_XML_ROWS)})
        if cells > MAX_CELLS:
            raise FileRefused(too_many % {"what": _("ô"), "n": _thousands(MAX_CELLS)})


def _count_elements(xml: bytes, name: bytes) -> int:
    """How many <name> elements a worksheet's XML has, with the namespace prefix the file uses, if any."""
    root = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]", xml[:4096])
    tag = b"<" + (root.group(1) + b":" if root and root.group(1) else b"") + name
    return sum(xml.count(tag + end) for end in (b" ", b">", b"/", b"\t", b"\n", b"\r"))


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _read_sheet(wb, layout: Layout, budget: _Budget):
    """(the sheet's rows, its title, {header: column index}) of the first sheet that has the header."""
    sheets = sorted(wb.worksheets, key=lambda ws: ws.title != layout.sheet_title)
    best_missing = layout.required
    for ws in sheets:
        ws.reset_dimensions()  # the stored dimensions may be wrong; read every row there is
        header_number, columns = None, {}
        for number, values in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            budget.check()
            found = {}
            for index, value in enumerate(values):
                name = header_key(value)
                for header in layout.headers:
                    if name == header_key(header) and header not in found:
                        found[header] = index
            missing = [h for h in layout.required if h not in found]
            if not missing:
                header_number, columns = number, found
                break
            if len(missing) < len(best_missing):
                best_missing = missing
        if header_number is None:
            continue
        return _data_rows(ws, header_number, columns, budget), ws.title, columns
    raise FileRefused(
        _("Không tìm thấy dòng tiêu đề có đủ các cột %(columns)s (thiếu cột %(missing)s). Hãy dùng %(template)s "
          "và giữ nguyên dòng tiêu đề.")
        % {"columns": ", ".join(f"“{h}”" for h in layout.required),
           "missing": ", ".join(f"“{h}”" for h in best_missing), "template": layout.template_hint}
    )


def _data_rows(ws, header_number, columns, budget: _Budget) -> Sheet:
    width = max(columns.values()) + 1
    sheet = Sheet()
    blank_run = 0
    for number, values in enumerate(
        ws.iter_rows(min_row=header_number + 1, max_col=width, values_only=True), start=header_number + 1
    ):
        budget.check()
        values = tuple(values) + (None,) * (width - len(values))
        if all(is_blank(v) for v in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                sheet.stopped_at_row = number
                return sheet
            continue
        blank_run = 0
        if len(sheet.rows) >= MAX_DATA_ROWS:
            raise FileRefused(_("Tệp có quá nhiều dòng (tối đa %(n)s dòng số liệu).") % {"n": MAX_DATA_ROWS})
        sheet.rows.append(RawRow(number, {header: values[index] for header, index in columns.items()}))
    return sheet


def _mark_formulas(data: bytes, title: str, column: int, blank: dict, budget: _Budget) -> None:
    """Read the file again without cached values: a blank value that is a formula was never computed."""
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False)
        try:
            ws = wb[title]
            ws.reset_dimensions()
            first, last = min(blank), max(blank)
            for number, values in enumerate(
                ws.iter_rows(min_row=first, max_row=last, max_col=column + 1, values_only=True), start=first
            ):
                budget.check()
                row = blank.get(number)
                if row is not None and len(values) > column:
                    value = values[column]
                    row.formula = isinstance(value, str) and value.startswith("=")
        finally:
            wb.close()
    except FileRefused:
        raise
    except Exception:  # the file was readable a moment ago; if not now, treat the cells as blank
        logger.info("Could not look for formulas in an import", exc_info=True)


def stopped_message(row: int) -> str:
    """What the page says when a long run of blank rows ended the reading at ``row``."""
    return _("Đã dừng đọc tệp ở dòng %(row)s vì gặp hơn %(n)s dòng trống liên tiếp. Nếu bên dưới còn số liệu, "
             "hãy xóa các dòng trống rồi tải lên lại.") % {"row": row, "n": MAX_BLANK_RUN}


# --- cell values ------------------------------------------------------------------------------------------------

def cell_value(value):
    """An Excel cell's value as a parser of typed text takes it; raises ValidationError for a date.

    Excel numbers are read as Excel shows them (15 significant digits), so 0.1 + 0.2 computed by a formula is
    0.3. openpyxl reads "1e309" as infinity: it is passed on as it is, for the caller's rule to refuse it."""
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ValidationError(_("Ô đang ở dạng ngày giờ, không phải là một số. Hãy định dạng ô là số."))
    if isinstance(value, float) and math.isfinite(value):
        number = Decimal(format(value, f".{EXCEL_DIGITS}g"))
        return int(number) if number == number.to_integral_value() else number
    return value


def code(value) -> str:
    """A code cell as text: ``12.0`` is "12", spaces (also non-breaking) around it dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").strip()


def header_key(value) -> str:
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip().rstrip("*:").strip()
    return " ".join(text.split()).casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
