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

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common import xlsx, xlsx_import
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

#: Where the template comes from, as the import's messages say it.
LAYOUT = xlsx_import.Layout(sheet_title=SHEET_TITLE, headers=tuple(HEADERS), required=tuple(REQUIRED_HEADERS),
                            template_hint=_lazy("tệp mẫu tải về từ trang giao ước"), formula_header=VALUE)


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
class ImportResult:
    rows: list[tuple[PledgeLine, int, str, Decimal | None]] = field(default_factory=list)
    errors: list[xlsx_import.RowError] = field(default_factory=list)
    file_error: str | None = None
    blank_rows: int = 0  # rows left unchanged because their value cell is blank
    stopped_at_row: int | None = None  # the last row read, when a long run of blank rows ended the reading

    @property
    def ok(self) -> bool:
        """Nothing wrong: the rows may be written."""
        return self.file_error is None and not self.errors


def read_import(pledge: Pledge, uploaded_file) -> ImportResult:
    """Check an uploaded template against the pledge; never raises for a bad file.

    Either ``file_error`` is set (not an .xlsx, too large, no header…), or ``errors`` lists every faulty row,
    or ``rows`` holds the (line, unit_id, status, value) to pass to ``services.apply_import``.
    Queries: memberships, lines, and units only when a code is not a member's.
    """
    try:
        sheet = xlsx_import.read_rows(uploaded_file, LAYOUT)
    except xlsx_import.FileRefused as error:
        return ImportResult(file_error=str(error))
    if not sheet.rows:
        return ImportResult(file_error=_("Tệp không có dòng số liệu nào dưới dòng tiêu đề."))
    result = _check_rows(pledge, sheet.rows)
    result.stopped_at_row = sheet.stopped_at_row
    return result


def _check_rows(pledge: Pledge, raw_rows: list[xlsx_import.RawRow]) -> ImportResult:
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
    for raw in raw_rows:
        row = _Row(raw.number, xlsx_import.code(raw.values[UNIT_CODE]), xlsx_import.code(raw.values[LINE_CODE]),
                   raw.values[VALUE], raw.formula)
        if row.formula:
            result.errors.append(xlsx_import.RowError(row.number, _(
                "Ô “%(column)s” chứa công thức chưa được tính. Hãy nhập trực tiếp giá trị, hoặc mở tệp bằng "
                "Excel và lưu lại rồi tải lên."
            ) % {"column": VALUE}))
        elif xlsx_import.is_blank(row.value):
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
                status, value = parse_cell(xlsx_import.cell_value(row.value), line)
            except ValidationError as error:
                message = " ".join(error.messages)
            else:
                if status == Target.Status.EMPTY:
                    result.blank_rows += 1
                else:
                    result.rows.append((line, unit.pk, status, value))
        if message:
            result.errors.append(xlsx_import.RowError(row.number, message))
    result.errors.sort(key=lambda error: error.row)
    if result.errors:
        result.rows = []
    return result


@dataclass
class _Row:
    number: int
    unit_code: str
    line_code: str
    value: object
    formula: bool

