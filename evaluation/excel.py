"""A scoring table as Excel: one row per criterion, to download, edit and upload back into a draft.

The upload replaces every row of the draft table, all or nothing: :func:`read_import` checks every row and
returns either the rows to write or the errors with their Excel row numbers, and :func:`apply_import` writes
them in one transaction. Rows are found by code; a row's parent is named by its code ("Thuộc mã") and may come
before or after it. What a draft may still break (sums that do not add up yet) is no import error: the table
page lists it, and publishing waits for it.

The header names are the ones the import reads back, so they are not translated.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common import xlsx, xlsx_import
from common.filenames import download_name
from common.numbers import parse_number

from . import scoring
from .models import Criterion, ScoringTable

SHEET_TITLE = "Bảng chấm điểm"
CODE = "Mã"
PARENT = "Thuộc mã"
KIND = "Loại dòng"
NAME = "Tiêu chí"
MAX_POINTS = "Điểm chuẩn"
SOURCE = "Cách tính điểm"
PER_REPORT = "Điểm trừ mỗi báo cáo"
GUIDE = "Hướng dẫn chấm"
EVIDENCE = "Minh chứng cần có"
HEADERS = (CODE, PARENT, KIND, NAME, MAX_POINTS, SOURCE, PER_REPORT, GUIDE, EVIDENCE)
REQUIRED = (CODE, NAME, MAX_POINTS)
COLUMN_WIDTHS = [10, 10, 18, 60, 12, 34, 12, 50, 40]

LAYOUT = xlsx_import.Layout(sheet_title=SHEET_TITLE, headers=HEADERS, required=REQUIRED,
                            template_hint=_lazy("tệp Excel tải về từ trang bảng chấm điểm"))


def _labels(choices) -> dict:
    """Label (as written in the file, any case) → value; the value itself is accepted too."""
    found = {}
    for value, label in choices:
        found[xlsx_import.header_key(str(label))] = value
        found[xlsx_import.header_key(value)] = value
    return found


# --- download ---------------------------------------------------------------------------------------------------

def table_workbook(table: ScoringTable) -> bytes:
    """The table's rows in tree order, with the table's own figures on a second sheet. Two queries."""
    rows = list(table.criteria.select_related("parent"))
    wb = xlsx.new_workbook()
    ws = xlsx.new_sheet(wb, SHEET_TITLE, COLUMN_WIDTHS, frozen_columns=1)
    ws.append(xlsx.header_row(ws, HEADERS))
    for row in tree_order(rows):
        ws.append([
            xlsx.text_cell(ws, row.code),
            xlsx.text_cell(ws, row.parent.code if row.parent else None),
            xlsx.text_cell(ws, row.get_kind_display()),
            xlsx.text_cell(ws, row.name, wrap=True),
            xlsx.number_cell(ws, row.max_points, number_format="#,##0.00"),
            xlsx.text_cell(ws, row.get_source_display()),
            xlsx.number_cell(ws, row.points_per_report, number_format="#,##0.00"),
            xlsx.text_cell(ws, row.guide, wrap=True),
            xlsx.text_cell(ws, row.evidence, wrap=True),
        ])
    xlsx.close_sheet(ws)
    info = xlsx.new_sheet(wb, "Thông tin bảng", [46, 60])
    for label, value in [
        (_("Bảng chấm điểm"), str(table)),
        (_("Năm"), table.campaign.year),
        (_("Áp dụng cho"), table.group.name if table.group_id else table.get_group_kind_display()),
        (_("Phiên bản"), table.version),
        (_("Trạng thái"), table.get_status_display()),
        (_("Tổng điểm chuẩn"), scoring.points_text(table.total_max)),
        (_("Tổng điểm cộng tối đa"), scoring.points_text(table.bonus_cap)),
    ]:
        info.append([xlsx.text_cell(info, label, bold=True), xlsx.text_cell(info, value)])
    xlsx.close_sheet(info)
    return xlsx.workbook_bytes(wb)


def table_filename(table: ScoringTable) -> str:
    scope = table.group.name if table.group_id else table.get_group_kind_display()
    return download_name("bang-cham-diem", scope, table.campaign.year, version=table.version, ext="xlsx")


def tree_order(rows) -> list:
    """Sections in order, each followed by its criteria and their sub-criteria; bonus and penalty rows last."""
    children = {}
    for row in sorted(rows, key=lambda r: (r.position, r.pk or 0)):
        children.setdefault(row.parent_id, []).append(row)
    ordered = []

    def walk(parent_id):
        for row in children.get(parent_id, []):
            ordered.append(row)
            walk(row.pk)

    top = children.get(None, [])
    for kind in (scoring.SCORE, scoring.BONUS, scoring.PENALTY):
        for row in top:
            if row.kind == kind:
                ordered.append(row)
                walk(row.pk)
    return ordered


# --- upload -----------------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # (fields, parent code) in file order
    errors: list = field(default_factory=list)
    file_error: str | None = None
    stopped_at_row: int | None = None

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors


def read_import(uploaded_file) -> ImportResult:
    """Check an uploaded table; never raises for a bad file. No query."""
    try:
        sheet = xlsx_import.read_rows(uploaded_file, LAYOUT)
    except xlsx_import.FileRefused as error:
        return ImportResult(file_error=str(error))
    if not sheet.rows:
        return ImportResult(file_error=_("Tệp không có dòng tiêu chí nào dưới dòng tiêu đề."))
    result = _check_rows(sheet.rows)
    result.stopped_at_row = sheet.stopped_at_row
    return result


def _number(value, *, required: bool) -> Decimal | None:
    value = xlsx_import.cell_value(value)
    if xlsx_import.is_blank(value):
        if required:
            raise ValidationError(_("Thiếu điểm chuẩn."))
        return None
    number = parse_number(str(value)) if isinstance(value, str) else Decimal(value)
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” không phải là một số.") % {"value": value})
    if number < 0:
        raise ValidationError(_("Điểm không được âm."))
    if scoring.points(number) != number:
        raise ValidationError(_("Điểm chỉ có tối đa hai chữ số thập phân."))
    if number >= Decimal(100_000):
        raise ValidationError(_("Điểm quá lớn."))
    return number


def _check_rows(raw_rows) -> ImportResult:
    result = ImportResult()
    kinds, sources = _labels(Criterion.Kind.choices), _labels(Criterion.Source.choices)
    seen, parsed = {}, []
    for raw in raw_rows:
        values = raw.values
        code = xlsx_import.code(values.get(CODE))
        parent = xlsx_import.code(values.get(PARENT))
        name = xlsx_import.code(values.get(NAME))
        kind = kinds.get(xlsx_import.header_key(values.get(KIND) or str(Criterion.Kind.SCORE.label)))
        source = sources.get(xlsx_import.header_key(values.get(SOURCE) or str(Criterion.Source.MANUAL.label)))
        message = None
        try:
            max_points = _number(values.get(MAX_POINTS), required=True)
            per_report = _number(values.get(PER_REPORT), required=False)
        except ValidationError as error:
            message = " ".join(error.messages)
        if message:
            pass
        elif not code:
            message = _("Thiếu mã tiêu chí.")
        elif len(code) > Criterion._meta.get_field("code").max_length:
            message = _("Mã “%(code)s” dài quá 20 ký tự.") % {"code": code}
        elif code.upper() in seen:
            message = _("Mã “%(code)s” trùng với dòng %(row)s.") % {"code": code, "row": seen[code.upper()]}
        elif not name:
            message = _("Thiếu tên tiêu chí.")
        elif kind is None:
            message = _("Loại dòng “%(value)s” không hợp lệ: ghi “Tiêu chí chấm điểm”, “Điểm cộng” hoặc “Điểm trừ”.") % {
                "value": values.get(KIND)}
        elif source is None:
            message = _("Cách tính điểm “%(value)s” không hợp lệ.") % {"value": values.get(SOURCE)}
        elif kind != Criterion.Kind.SCORE and parent:
            message = _("Dòng điểm cộng, điểm trừ không thuộc nhóm tiêu chí.")
        elif kind != Criterion.Kind.SCORE and source != Criterion.Source.MANUAL:
            message = _("Chỉ tiêu chí chấm điểm mới được tự tính.")
        elif source == Criterion.Source.REPORTING and not per_report:
            message = _("Tiêu chí nộp báo cáo cần số điểm trừ mỗi báo cáo.")
        if message:
            result.errors.append(xlsx_import.RowError(raw.number, message))
            continue
        seen[code.upper()] = raw.number
        parsed.append((raw.number, {
            "code": code, "name": name[:500], "kind": kind, "max_points": max_points, "source": source,
            "points_per_report": per_report if source == Criterion.Source.REPORTING else None,
            "guide": xlsx_import.code(values.get(GUIDE)), "evidence": xlsx_import.code(values.get(EVIDENCE)),
        }, parent))
    by_code = {fields["code"].upper(): (number, fields, parent) for number, fields, parent in parsed}
    for number, fields, parent in parsed:
        if not parent:
            continue
        found = by_code.get(parent.upper())
        if found is None:
            result.errors.append(xlsx_import.RowError(number, _("Không có dòng mã “%(code)s” để làm dòng cha.") % {"code": parent}))
        elif found[1]["kind"] != Criterion.Kind.SCORE:
            result.errors.append(xlsx_import.RowError(number, _("Dòng cha “%(code)s” là dòng điểm cộng hoặc điểm trừ.")
                                          % {"code": parent}))
        elif _cycles(fields["code"], by_code):
            result.errors.append(xlsx_import.RowError(number, _("Dòng “%(code)s” thuộc chính nó (qua các dòng cha).")
                                          % {"code": fields["code"]}))
    result.errors.sort(key=lambda error: error.row)
    if not result.errors:
        result.rows = [(fields, parent) for _number_, fields, parent in parsed]
    return result


def _cycles(code: str, by_code: dict) -> bool:
    seen, current = set(), code.upper()
    while current:
        if current in seen:
            return True
        seen.add(current)
        entry = by_code.get(current)
        current = entry[2].upper() if entry and entry[2] else ""
    return False


@transaction.atomic
def apply_import(table: ScoringTable, result: ImportResult) -> int:
    """Replace every row of the draft ``table`` by the file's rows; refuses a published table."""
    if not result.ok:
        raise ValidationError(_("Tệp còn lỗi, chưa ghi dòng nào."))
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    if not table.is_draft:
        raise ValidationError(_("Bảng chấm điểm đã ban hành, không thể thay đổi. Hãy lập phiên bản mới."))
    table.criteria.all().delete()  # a draft, locked above: what Criterion.delete() would check
    created = {}
    pending = list(enumerate(result.rows, start=1))
    while pending:
        ready = [(pos, item) for pos, item in pending if not item[1] or item[1].upper() in created]
        if not ready:  # a parent missing or a cycle, which read_import refuses; never loop
            raise ValidationError(_("Tệp có dòng cha không hợp lệ."))
        for position, (fields, parent) in ready:
            row = Criterion(table=table, parent=created.get(parent.upper()) if parent else None, position=position,
                            **fields)
            row.save()
            created[fields["code"].upper()] = row
        pending = [(pos, item) for pos, item in pending if item[0]["code"].upper() not in created]
    return len(created)
