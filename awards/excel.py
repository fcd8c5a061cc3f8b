"""The people of a registration through Excel: the template to download and the reading of the filled file.

Columns: "Họ và tên", "Chức vụ", "Danh hiệu đăng ký" (found by their names, wherever the header row is among the
first rows). The file replaces the unit's whole list of people, all or nothing: one wrong row and nothing is
written, every wrong row is listed with its Excel row number. A title is matched by its name, without regard to
case, spaces and the y/i spelling ("Chiến sỹ" is "Chiến sĩ"); the collective titles stay as saved on the page.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common import xlsx, xlsx_import
from common.filenames import download_name

from .services import PersonRow

SHEET_TITLE = "Cá nhân đăng ký"
FULL_NAME, POSITION, TITLE = "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"
HEADERS = ("STT", FULL_NAME, POSITION, TITLE)
LAYOUT = xlsx_import.Layout(sheet_title=SHEET_TITLE, headers=HEADERS, required=(FULL_NAME, POSITION, TITLE),
                            template_hint=_lazy("tệp mẫu tải về từ trang đăng ký thi đua"))


def template_workbook(campaign, unit, people, individual_titles) -> bytes:
    """The .xlsx to fill: the people saved now (or none), and a sheet listing the titles one may type."""
    wb = xlsx.new_workbook()
    heading = _("Đăng ký thi đua năm %(year)s – %(unit)s") % {"year": campaign.year, "unit": unit.name}
    ws = xlsx.new_sheet(wb, SHEET_TITLE, [6, 32, 32, 30], heading=heading)
    ws.append(xlsx.header_row(ws, HEADERS))
    for row, person in enumerate(people, start=1):
        ws.append([xlsx.count_cell(ws, row), xlsx.text_cell(ws, person.full_name, fill=xlsx.INPUT_FILL),
                   xlsx.text_cell(ws, person.position, fill=xlsx.INPUT_FILL),
                   xlsx.text_cell(ws, person.title.name, fill=xlsx.INPUT_FILL)])
    xlsx.close_sheet(ws)
    help_ws = wb.create_sheet("Hướng dẫn")
    xlsx.set_column_widths(help_ws, [100])
    xlsx.print_setup(help_ws, heading, header_rows=0)
    lines = [
        heading, "",
        _("1. Mỗi dòng một cá nhân: điền “%(name)s”, “%(position)s” và “%(title)s”.")
        % {"name": FULL_NAME, "position": POSITION, "title": TITLE},
        _("2. “%(title)s” phải là một trong các danh hiệu cá nhân của kế hoạch:") % {"title": TITLE},
        *[f"   – {title.name}" for title in individual_titles],
        _("3. Tệp thay thế toàn bộ danh sách cá nhân đang có; danh hiệu tập thể giữ nguyên."),
        _("4. Nếu có dòng lỗi, hệ thống liệt kê từng dòng và không ghi gì; sửa xong hãy tải lên lại cả tệp."),
    ]
    for text in lines:
        help_ws.append([xlsx.text_cell(help_ws, text, wrap=True)])
    return xlsx.workbook_bytes(wb)


def template_filename(campaign, unit) -> str:
    return download_name("dang-ky-thi-dua", unit.code, campaign.year, ext="xlsx")


@dataclass
class ImportResult:
    people: list[PersonRow] = field(default_factory=list)
    errors: list[xlsx_import.RowError] = field(default_factory=list)
    file_error: str | None = None
    stopped_at_row: int | None = None

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors


#: "Chiến sỹ" and "Chiến sĩ" are both written: a title typed with the y of the older spelling is the same title.
_Y_TO_I = str.maketrans("ỹýỳỷỵỸÝỲỶỴ", "ĩíìỉịĨÍÌỈỊ")


def _title_key(text) -> str:
    return xlsx_import.header_key(text).translate(_Y_TO_I)


def read_import(uploaded_file, individual_titles) -> ImportResult:
    """Check an uploaded file against the plan's individual titles; never raises for a bad file."""
    try:
        sheet = xlsx_import.read_rows(uploaded_file, LAYOUT)
        if not sheet.rows:
            raise xlsx_import.FileRefused(_("Tệp không có dòng số liệu nào dưới dòng tiêu đề."))
    except xlsx_import.FileRefused as error:
        return ImportResult(file_error=str(error))
    titles = {_title_key(t.name): t for t in individual_titles}
    result = ImportResult(stopped_at_row=sheet.stopped_at_row)
    for raw in sheet.rows:
        name = xlsx_import.code(raw.values[FULL_NAME])
        position = xlsx_import.code(raw.values[POSITION])
        title_text = xlsx_import.code(raw.values[TITLE])
        if not name and not position and not title_text:
            continue
        message = None
        title = titles.get(_title_key(title_text))
        if not name:
            message = _("Thiếu họ và tên.")
        elif len(name) > 150:
            message = _("Họ và tên dài quá 150 ký tự.")
        elif len(position) > 200:
            message = _("Chức vụ dài quá 200 ký tự.")
        elif not title_text:
            message = _("Thiếu danh hiệu đăng ký.")
        elif title is None:
            message = _("Danh hiệu “%(title)s” không phải là danh hiệu cá nhân của kế hoạch (có: %(known)s).") % {
                "title": title_text, "known": ", ".join(t.name for t in individual_titles)}
        if message:
            result.errors.append(xlsx_import.RowError(raw.number, message))
        else:
            result.people.append(PersonRow(name, position, title.pk))
    if result.errors:
        result.people = []
    elif not result.people:
        result.file_error = _("Tệp không có dòng số liệu nào dưới dòng tiêu đề.")
    return result
