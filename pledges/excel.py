"""Bulk entry of a pledge's targets through Excel: the template to download and the reading of the filled file.

The template has one row per member unit and line that applies to it, with the value stored now. City staff
fill the column "Giá trị cam kết" and upload the file; :func:`read_import` checks every row and returns either
the rows to write (what :func:`pledges.services.apply_import` takes) or the errors with their Excel row
numbers. Nothing is written unless the whole file is valid: the view writes only when there are no errors.

Decisions (also told to the user on the sheet "Hướng dẫn"):

- a blank value cell leaves the stored value unchanged; the row is not even checked. Clearing a value is done
  on the web page, not by import;
- "-" means not applicable, "x" commits a done/not-done line, 0 is a value;
- numbers may be Excel numbers or text typed the Vietnamese way ("1.234,5"). Excel numbers are read as Excel
  shows them (15 significant digits), so 0.1 + 0.2 computed by a formula is 0.3, not 0.30000000000000004;
- a formula is read through its value as Excel last computed it; a formula without a computed value (a file
  written by a program, never opened in Excel) is an error, not a silent blank;
- unit and line codes are compared without surrounding spaces and case;
- the columns are found by their header names, wherever they are (the header row may be one of the first
  rows), so adding or moving columns is harmless;
- the work a file may cause is bounded before and while reading (unzipped size, zip parts, cells and rows in the
  XML, data rows, a time budget): a file past a bound is refused with a message, never read for minutes. A long run
  of blank rows ends the reading (trailing formatted rows are not an error) and the page says where it stopped;
- a number Excel cannot hold (``1e309`` is read as infinity) is an invalid value on its row.
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
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from common import xlsx
from common.filenames import download_name
from groups.models import Membership
from units.models import Unit

from .forms import cell_text, parse_cell
from .models import Pledge, PledgeLine, Target
from .services import pledge_members
from .sheets import HEADERS, LINE_CODE, SHEET_TITLE, UNIT_CODE, VALUE, write_member_line_sheet

logger = logging.getLogger(__name__)

HELP_SHEET_TITLE = "Hướng dẫn"
REQUIRED_HEADERS = [UNIT_CODE, LINE_CODE, VALUE]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Bounds on the work an upload may cause, checked before and while reading. A 300 KB zip may inflate to 95 MB of
# blank formatted rows (a "zip bomb") that openpyxl would read for minutes; a real template of MAX_DATA_ROWS rows
# is about 7 MB unzipped with 8 cells a row.
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


# --- the template ----------------------------------------------------------------------------------------


def template_workbook(pledge: Pledge) -> bytes:
    """The .xlsx to fill: one row per member unit × line that applies to it, with the current values.

    Three queries whatever the size of the group: memberships with their units, lines, targets.
    """
    members = pledge_members(pledge)
    lines = list(pledge.lines.all())
    targets = {(t.line_id, t.unit_id): t for t in pledge.targets.all()}

    wb = xlsx.new_workbook()
    # Only the header is frozen: the template is filled in column by column, not read across.
    heading = _("Mẫu nhập chỉ tiêu cam kết – %(pledge)s") % {"pledge": pledge}
    write_member_line_sheet(wb, members, lines, targets, _value_cell, frozen_columns=0, heading=heading)

    help_ws = wb.create_sheet(HELP_SHEET_TITLE)
    xlsx.set_column_widths(help_ws, [110])
    xlsx.print_setup(help_ws, heading, header_rows=0)
    help_ws.append([xlsx.text_cell(help_ws, str(pledge), bold=True, wrap=True)])
    for text in _instructions():
        help_ws.append([xlsx.text_cell(help_ws, text, wrap=True)])
    return xlsx.workbook_bytes(wb)


def template_filename(pledge: Pledge) -> str:
    """``mau-nhap-chi-tieu-cum-thi-dua-cac-so-so-1-2024.xlsx``, in the style of every download
    (:func:`common.filenames.download_name`)."""
    return download_name("mau-nhap-chi-tieu", pledge.group.name or pledge.pk, pledge.campaign.year,
                         version=pledge.version, ext="xlsx")


def _value_cell(ws, target: Target | None, line: PledgeLine):
    if target is not None and target.status == Target.Status.SET and not line.is_done_kind:
        return xlsx.number_cell(ws, target.value, fill=xlsx.INPUT_FILL)
    return xlsx.text_cell(ws, cell_text(target, line) or None, fill=xlsx.INPUT_FILL)


def _instructions() -> list[str]:
    return [
        "",
        _("Cách nhập số liệu"),
        _("1. Chỉ điền cột “%(value)s” ở trang “%(sheet)s”. Không sửa cột “%(unit)s” và “%(line)s”: hệ "
          "thống dựa vào hai mã này để biết số liệu của đơn vị nào, chỉ tiêu nào.")
        % {"value": VALUE, "sheet": SHEET_TITLE, "unit": UNIT_CODE, "line": LINE_CODE},
        _("2. Số có thể nhập dạng số của Excel hoặc gõ theo kiểu Việt Nam, dấu phẩy thập phân: 8,5 hoặc "
          "1.234,5. Tối đa 4 chữ số thập phân. Số 0 là một giá trị hợp lệ."),
        _("3. Gõ “-” (dấu gạch ngang) nếu chỉ tiêu không áp dụng cho đơn vị."),
        _("4. Chỉ tiêu có chiều đánh giá “Hoàn thành / không hoàn thành”: gõ “x” để cam kết hoàn thành, hoặc "
          "“-” nếu không áp dụng."),
        _("5. Ô để trống: giữ nguyên số liệu đang có trên hệ thống (không xóa). Muốn xóa một số liệu đã "
          "nhập, hãy sửa trực tiếp trên trang giao ước."),
        _("6. Không nhập công thức; nếu dùng công thức, hãy mở tệp bằng Excel và lưu lại trước khi tải lên."),
        _("7. Tải tệp lên ở trang “Nhập từ Excel” của giao ước (tối đa 5 MB). Nếu tệp có lỗi, hệ thống liệt "
          "kê từng dòng lỗi và không ghi số liệu nào; sửa xong hãy tải lên lại cả tệp."),
        _("8. Chỉ nhập được khi giao ước còn là dự thảo."),
    ]


# --- reading an upload ------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # the Excel row number, as Excel shows it
    message: str

    def __str__(self):
        return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    rows: list[tuple[PledgeLine, int, str, Decimal | None]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str | None = None
    blank_rows: int = 0  # rows left unchanged because their value cell is blank
    stopped_at_row: int | None = None  # the last row read, when a long run of blank rows ended the reading

    @property
    def ok(self) -> bool:
        """Nothing wrong: the rows may be written."""
        return self.file_error is None and not self.errors


@dataclass
class _RawRow:
    number: int
    unit_code: str
    line_code: str
    value: object
    formula: bool = False  # blank under its cached value, but a formula without a computed value


class _FileError(Exception):
    pass


class _Budget:
    """The time a reading may take: checked once a row, so no file keeps a web worker past ``READ_SECONDS``."""

    def __init__(self):
        self.deadline = time.monotonic() + READ_SECONDS

    def check(self):
        if time.monotonic() > self.deadline:
            raise _FileError(
                _("Tệp cần quá nhiều thời gian để đọc (hơn %(seconds)s giây). Hãy chỉ giữ trang số liệu của tệp "
                  "mẫu, xóa các dòng, cột và định dạng thừa rồi tải lên lại.") % {"seconds": READ_SECONDS}
            )


def read_import(pledge: Pledge, uploaded_file) -> ImportResult:
    """Check an uploaded template against the pledge; never raises for a bad file.

    Either ``file_error`` is set (not an .xlsx, too large, no header…), or ``errors`` lists every faulty row,
    or ``rows`` holds the (line, unit_id, status, value) to pass to ``services.apply_import``.
    Queries: memberships, lines, and units only when a code is not a member's.
    """
    try:
        raw_rows, stopped_at_row = _read_rows(uploaded_file)
    except _FileError as error:
        return ImportResult(file_error=str(error))
    if not raw_rows:
        return ImportResult(file_error=_("Tệp không có dòng số liệu nào dưới dòng tiêu đề."))
    result = _check_rows(pledge, raw_rows)
    result.stopped_at_row = stopped_at_row
    return result


def _read_rows(uploaded_file) -> tuple[list[_RawRow], int | None]:
    """The non-empty rows under the header, as written in the file, and the row where a long blank run stopped
    the reading (None if the sheet was read to its end); raises _FileError."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _FileError(_("Tệp lớn hơn 5 MB."))
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _FileError(_("Tệp lớn hơn 5 MB."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileError(_("Đây là tệp Excel đời cũ (.xls) hoặc tệp đã đặt mật khẩu. Hãy mở bằng Excel, bỏ mật "
                           "khẩu nếu có và lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."))
    not_xlsx = _("Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng. Hãy dùng tệp mẫu tải về từ trang giao ước.")
    try:
        _check_archive(data)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except _FileError:
        raise
    except Exception:  # zipfile, XML and openpyxl errors of every kind: the file is not a usable workbook
        logger.info("Unreadable pledge import", exc_info=True)
        raise _FileError(not_xlsx) from None
    budget = _Budget()
    try:
        rows, stopped_at_row, sheet, columns = _read_sheet(wb, budget)
    except _FileError:
        raise
    except Exception:
        logger.info("Unreadable pledge import sheet", exc_info=True)
        raise _FileError(not_xlsx) from None
    finally:
        wb.close()

    blank = {row.number: row for row in rows if _is_blank(row.value)}
    if blank:
        _mark_formulas(data, sheet, columns[VALUE], blank, budget)
    return rows, stopped_at_row


def _check_archive(data: bytes) -> None:
    """Refuse a zip whose parts would take too long to read, before openpyxl inflates any of them.

    The sizes are those the zip declares, which zipfile never inflates past; the cells are counted in the inflated
    worksheet XML (at most MAX_UNZIPPED_BYTES), which is much faster than parsing it.
    """
    with zipfile.ZipFile(BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _FileError(_("Tệp Excel có quá nhiều thành phần (hơn %(n)s). Hãy chỉ giữ trang số liệu của tệp "
                               "mẫu.") % {"n": MAX_ZIP_ENTRIES})
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
            raise _FileError(_("Tệp Excel quá lớn khi giải nén (hơn %(mb)s MB). Hãy chỉ giữ trang số liệu của tệp "
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
            raise _FileError(too_many % {"what": _("dòng"), "n": _thousands(MAX_XML_ROWS)})
        if cells > MAX_CELLS:
            raise _FileError(too_many % {"what": _("ô"), "n": _thousands(MAX_CELLS)})


def _count_elements(xml: bytes, name: bytes) -> int:
    """How many <name> elements a worksheet's XML has, with the namespace prefix the file uses, if any."""
    root = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]", xml[:4096])
    tag = b"<" + (root.group(1) + b":" if root and root.group(1) else b"") + name
    return sum(xml.count(tag + end) for end in (b" ", b">", b"/", b"\t", b"\n", b"\r"))


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _read_sheet(wb, budget: _Budget):
    """(rows, stopped at row, sheet title, {header: column index}) of the first sheet that has the header."""
    sheets = sorted(wb.worksheets, key=lambda ws: ws.title != SHEET_TITLE)
    best_missing = REQUIRED_HEADERS
    for ws in sheets:
        ws.reset_dimensions()  # the stored dimensions may be wrong; read every row there is
        header_number, columns = None, {}
        for number, values in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
            budget.check()
            found = {}
            for index, value in enumerate(values):
                name = _header_key(value)
                for header in HEADERS:
                    if name == _header_key(header) and header not in found:
                        found[header] = index
            missing = [h for h in REQUIRED_HEADERS if h not in found]
            if not missing:
                header_number, columns = number, found
                break
            if len(missing) < len(best_missing):
                best_missing = missing
        if header_number is None:
            continue
        rows, stopped_at_row = _data_rows(ws, header_number, columns, budget)
        return rows, stopped_at_row, ws.title, columns
    raise _FileError(
        _("Không tìm thấy dòng tiêu đề có đủ các cột %(columns)s (thiếu cột %(missing)s). Hãy dùng tệp mẫu tải "
          "về từ trang giao ước và giữ nguyên dòng tiêu đề.")
        % {"columns": ", ".join(f"“{h}”" for h in REQUIRED_HEADERS),
           "missing": ", ".join(f"“{h}”" for h in best_missing)}
    )


def _data_rows(ws, header_number, columns, budget: _Budget) -> tuple[list[_RawRow], int | None]:
    unit_col, line_col, value_col = (columns[h] for h in REQUIRED_HEADERS)
    width = max(columns.values()) + 1
    rows = []
    blank_run = 0
    for number, values in enumerate(
        ws.iter_rows(min_row=header_number + 1, max_col=width, values_only=True), start=header_number + 1
    ):
        budget.check()
        values = tuple(values) + (None,) * (width - len(values))
        if all(_is_blank(v) for v in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                return rows, number
            continue
        blank_run = 0
        if len(rows) >= MAX_DATA_ROWS:
            raise _FileError(_("Tệp có quá nhiều dòng (tối đa %(n)s dòng số liệu).") % {"n": MAX_DATA_ROWS})
        rows.append(_RawRow(number, _code(values[unit_col]), _code(values[line_col]), values[value_col]))
    return rows, None


def _mark_formulas(data: bytes, sheet: str, value_col: int, blank: dict[int, _RawRow], budget: _Budget) -> None:
    """Read the file again without cached values: a blank value that is a formula was never computed."""
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False)
        try:
            ws = wb[sheet]
            ws.reset_dimensions()
            first, last = min(blank), max(blank)
            for number, values in enumerate(
                ws.iter_rows(min_row=first, max_row=last, max_col=value_col + 1, values_only=True), start=first
            ):
                budget.check()
                row = blank.get(number)
                if row is not None and len(values) > value_col:
                    value = values[value_col]
                    row.formula = isinstance(value, str) and value.startswith("=")
        finally:
            wb.close()
    except _FileError:
        raise
    except Exception:  # the file was readable a moment ago; if not now, treat the cells as blank
        logger.info("Could not look for formulas in a pledge import", exc_info=True)


def _check_rows(pledge: Pledge, raw_rows: list[_RawRow]) -> ImportResult:
    result = ImportResult()
    members = {
        m.unit.code.strip().upper(): m.unit
        for m in Membership.objects.filter(group_id=pledge.group_id).select_related("unit")
    }
    lines = {}
    for line in pledge.lines.all():
        lines.setdefault(line.code.strip().upper(), line)
    units_by_id = {unit.pk: unit for unit in members.values()}

    to_check = []
    for row in raw_rows:
        if row.formula:
            result.errors.append(RowError(row.number, _(
                "Ô “%(column)s” chứa công thức chưa được tính. Hãy nhập trực tiếp giá trị, hoặc mở tệp bằng "
                "Excel và lưu lại rồi tải lên."
            ) % {"column": VALUE}))
        elif _is_blank(row.value):
            result.blank_rows += 1
        else:
            to_check.append(row)

    outsiders = {row.unit_code.upper() for row in to_check if row.unit_code} - members.keys()
    others = {}
    if outsiders:
        others = {
            unit.code.strip().upper(): unit
            for unit in Unit.objects.annotate(code_upper=Upper("code")).filter(code_upper__in=outsiders)
        }

    seen = {}
    for row in to_check:
        message = None
        unit = members.get(row.unit_code.upper())
        line = lines.get(row.line_code.upper())
        if not row.unit_code:
            message = _("Thiếu mã đơn vị.")
        elif unit is None:
            if row.unit_code.upper() in others:
                message = _("Đơn vị “%(code)s” không thuộc cụm, khối này.") % {"code": row.unit_code}
            else:
                message = _("Không có đơn vị mã “%(code)s”.") % {"code": row.unit_code}
        elif not row.line_code:
            message = _("Thiếu mã chỉ tiêu.")
        elif line is None:
            message = _("Giao ước không có chỉ tiêu mã “%(code)s”.") % {"code": row.line_code}
        elif not line.applies_to(unit.pk):
            owner = units_by_id.get(line.unit_id)
            message = _("Chỉ tiêu “%(line)s” là chỉ tiêu riêng của %(owner)s, không áp dụng cho đơn vị “%(unit)s”.") % {
                "line": line.code, "unit": unit.code,
                "owner": _("đơn vị “%(code)s”") % {"code": owner.code} if owner else _("một đơn vị khác"),
            }
        elif (line.pk, unit.pk) in seen:
            message = _("Trùng với dòng %(row)s.") % {"row": seen[(line.pk, unit.pk)]}
        else:
            seen[(line.pk, unit.pk)] = row.number
            try:
                status, value = parse_cell(_cell_value(row.value), line)
            except ValidationError as error:
                message = " ".join(error.messages)
            else:
                if status == Target.Status.EMPTY:
                    result.blank_rows += 1
                else:
                    result.rows.append((line, unit.pk, status, value))
        if message:
            result.errors.append(RowError(row.number, message))
    result.errors.sort(key=lambda error: error.row)
    if result.errors:
        result.rows = []
    return result


# --- cell values ------------------------------------------------------------------------------------------


def _cell_value(value):
    """An Excel cell's value as ``parse_cell`` takes it; raises ValidationError for a date.

    openpyxl reads "1e309" as infinity: it is passed on as it is, and the line's rule (``validate_line_value``)
    refuses it like any other value that is not a finite number."""
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ValidationError(_("Ô đang ở dạng ngày giờ, không phải là một số. Hãy định dạng ô là số."))
    if isinstance(value, float) and math.isfinite(value):
        number = Decimal(format(value, f".{EXCEL_DIGITS}g"))
        return int(number) if number == number.to_integral_value() else number
    return value


def _code(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").strip()


def _header_key(value) -> str:
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip().rstrip("*:").strip()
    return " ".join(text.split()).casefold()


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
