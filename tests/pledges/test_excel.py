"""Bulk entry through Excel: the template's content, text that stays text, the round trip through a real file,
and one test per kind of error, each leaving the database as it was.

Every file is a real .xlsx written by the code under test and opened again with openpyxl.
"""

import re
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from common import xlsx, xlsx_import
from groups.models import Membership
from pledges import excel, services
from pledges.models import PledgeLine, Target
from tests.builders import fill
from tests.factories import make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Chiều đánh giá",
           "Chỉ tiêu thành phố", "Giá trị cam kết"]
VALUE_COLUMN = 8  # "Giá trị cam kết"


# --- helpers ----------------------------------------------------------------------------------------------


def open_xlsx(content: bytes):
    return load_workbook(BytesIO(content))


def data_rows(content: bytes) -> list[tuple]:
    ws = open_xlsx(content)[excel.SHEET_TITLE]
    return [tuple(cell.value for cell in row) for row in ws.iter_rows(min_row=2)]


def upload(content: bytes, name="giao-uoc.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=xlsx.XLSX_CONTENT_TYPE)


def edited(content: bytes, values: dict[tuple[str, str], object]) -> bytes:
    """The template with the value cell of (unit code, line code) rows set; an unknown pair fails the test."""
    wb = open_xlsx(content)
    ws = wb[excel.SHEET_TITLE]
    todo = dict(values)
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[2].value)
        if key in todo:
            row[VALUE_COLUMN - 1].value = todo.pop(key)
    assert not todo, f"rows not in the template: {todo}"
    return save(wb)


def save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet(rows, headers=HEADERS) -> bytes:
    """A hand-made workbook: a header row and ``rows`` (Excel row 2 on)."""
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET_TITLE
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    return save(wb)


def row(unit, line, value):
    """A data row of the template's shape."""
    return [unit, "", line, "", "", "", None, value]


def snapshot():
    return list(Target.objects.order_by("pk").values_list("line__code", "unit__code", "status", "value", "version"))


def stored(pledge) -> dict[tuple[str, str], tuple[str, Decimal | None]]:
    return {(t.unit.code, t.line.code): (t.status, t.value)
            for t in pledge.targets.select_related("unit", "line")}


def import_file(pledge, content, user, name="giao-uoc.xlsx"):
    """What the view does: read, and write only a file without errors."""
    result = excel.read_import(pledge, upload(content, name))
    if result.ok:
        services.apply_import(pledge, result.rows, user)
    return result


def add_members(world, n):
    units = [make_unit(f"TV{i:02d}", f"Thành viên {i:02d}") for i in range(n)]
    Membership.objects.bulk_create(
        Membership(group=world.cluster_a, campaign=world.c2024, unit=unit) for unit in units
    )
    return units


@pytest.fixture
def filled(pledge, world, city):
    """a1 fully filled, a2 with KT01 not applicable, a3 with XH01 = 5; the rest empty."""
    fill(pledge, world.a1, {"KT01": "8,5", "XH01": "0", "CQ01": "x"}, city)
    fill(pledge, world.a2, {"KT01": "-"}, city)
    fill(pledge, world.a3, {"XH01": "5"}, city)
    return pledge


@pytest.fixture
def own_line(pledge, world):
    """An item of a2's own (R01): only a2's rows have it."""
    return services.add_line(pledge, PledgeLine(name="Số hồ sơ trực tuyến", measure_unit="hồ sơ", unit=world.a2))


# --- the template -----------------------------------------------------------------------------------------


def test_template_has_a_bold_frozen_header_and_a_help_sheet(pledge):
    wb = open_xlsx(excel.template_workbook(pledge))

    assert wb.sheetnames == ["Chỉ tiêu cam kết", "Hướng dẫn"]
    ws = wb["Chỉ tiêu cam kết"]
    assert [c.value for c in ws[1]] == HEADERS
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    help_text = "\n".join(str(row[0].value or "") for row in wb["Hướng dẫn"].iter_rows())
    assert pledge.title in help_text
    assert "giữ nguyên" in help_text  # a blank cell leaves the stored value unchanged
    assert "“-”" in help_text and "“x”" in help_text and "Số 0" in help_text


def test_template_has_one_row_per_member_and_line_that_applies(pledge, own_line):
    codes = [(r[0], r[2]) for r in data_rows(excel.template_workbook(pledge))]

    # Leader, deputy, then members; lines in the pledge's order; R01 only for a2, whose own line it is.
    assert codes == [
        ("SKHDT", "KT01"), ("SKHDT", "XH01"), ("SKHDT", "CQ01"),
        ("STC", "KT01"), ("STC", "XH01"), ("STC", "CQ01"), ("STC", "R01"),
        ("SXD", "KT01"), ("SXD", "XH01"), ("SXD", "CQ01"),
    ]


def test_template_describes_the_lines_and_holds_the_current_values(filled):
    content = excel.template_workbook(filled)
    rows = data_rows(content)

    assert rows[0] == ("SKHDT", "Sở Kế hoạch và Đầu tư", "KT01", "Tăng trưởng GRDP", "%", "Càng cao càng tốt",
                       8.5, 8.5)
    assert rows[1][5:] == ("Càng thấp càng tốt", 1234.5, 0)
    assert rows[2][4:] == (None, "Hoàn thành / không hoàn thành", None, "x")
    assert [r[7] for r in rows[3:]] == ["-", None, None, None, 5, None]

    ws = open_xlsx(content)["Chỉ tiêu cam kết"]
    assert ws["G3"].data_type == "n" and ws["G3"].number_format == "#,##0.0"  # city value 1234,5
    assert ws["H2"].data_type == "n" and ws["H3"].data_type == "n"  # stored numbers stay numbers
    assert ws["H3"].value == 0  # 0 is a value, not a blank


def test_template_takes_three_queries_whatever_the_group_size(pledge, world, django_assert_num_queries):
    with django_assert_num_queries(3):
        small = excel.template_workbook(pledge)
    add_members(world, 6)
    with django_assert_num_queries(3):
        large = excel.template_workbook(pledge)
    assert len(data_rows(small)) == 9
    assert len(data_rows(large)) == 27


def test_names_that_look_like_formulas_stay_text(pledge, world):
    Unit.objects.filter(pk=world.a1.pk).update(name='=HYPERLINK("http://x","Bấm vào đây")')
    names = {"KT01": "=1+1", "XH01": "+cmd|' /C calc'!A0", "CQ01": "-2+3"}
    for code, name in names.items():
        PledgeLine.objects.filter(pledge=pledge, code=code).update(name=name, measure_unit="@SUM(A1)")
    content = excel.template_workbook(pledge)

    ws = open_xlsx(content)["Chỉ tiêu cam kết"]
    assert ws["B2"].value == '=HYPERLINK("http://x","Bấm vào đây")'
    assert [ws[f"D{n}"].value for n in (2, 3, 4)] == list(names.values())
    assert ws["E2"].value == "@SUM(A1)"
    for coordinate in ("B2", "D2", "D3", "D4", "E2"):
        assert ws[coordinate].data_type == "s", coordinate
    with zipfile.ZipFile(BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_template_filename_is_ascii(pledge):
    assert excel.template_filename(pledge) == "mau-nhap-chi-tieu-cum-thi-dua-cac-so-so-1-2024.xlsx"


# --- the round trip -----------------------------------------------------------------------------------------


def test_round_trip_writes_the_values(filled, world, city):
    content = edited(excel.template_workbook(filled), {
        ("SKHDT", "KT01"): 9.25,           # an Excel number
        ("SKHDT", "XH01"): 0,              # 0 stays 0 on a lower-is-better line
        ("STC", "KT01"): "1.234,5",        # typed the Vietnamese way, as text
        ("STC", "XH01"): "-",              # not applicable
        ("STC", "CQ01"): "x",              # committed to a done/not-done line
        ("SXD", "KT01"): 0.1 + 0.2,        # read as Excel shows it: 0,3
        ("SXD", "XH01"): None,             # blank: 5 stays
        ("SXD", "CQ01"): "X",
    })
    result = excel.read_import(filled, upload(content))

    assert result.ok, (result.file_error, result.errors)
    assert result.blank_rows == 1
    created, updated = services.apply_import(filled, result.rows, city)
    assert (created, updated) == (4, 2)  # STC XH01/CQ01, SXD KT01/CQ01 new; SKHDT KT01, STC KT01 changed
    assert stored(filled) == {
        ("SKHDT", "KT01"): ("set", Decimal("9.25")),
        ("SKHDT", "XH01"): ("set", Decimal("0")),
        ("SKHDT", "CQ01"): ("set", None),
        ("STC", "KT01"): ("set", Decimal("1234.5")),
        ("STC", "XH01"): ("na", None),
        ("STC", "CQ01"): ("set", None),
        ("SXD", "KT01"): ("set", Decimal("0.3")),
        ("SXD", "XH01"): ("set", Decimal("5")),
        ("SXD", "CQ01"): ("set", None),
    }
    assert Target.history.filter(history_change_reason="Nhập từ tệp Excel").count() == 6


def test_the_template_uploaded_back_unchanged_changes_nothing(filled, city):
    before = snapshot()
    result = excel.read_import(filled, upload(excel.template_workbook(filled)))

    assert result.ok
    assert services.apply_import(filled, result.rows, city) == (0, 0)
    assert snapshot() == before


def test_an_own_line_is_imported_for_its_unit(pledge, own_line, city):
    content = edited(excel.template_workbook(pledge), {("STC", "R01"): 120})
    import_file(pledge, content, city)
    assert stored(pledge) == {("STC", "R01"): ("set", Decimal("120"))}


def test_columns_are_found_by_name_codes_without_case_or_spaces(pledge, city):
    content = sheet(
        [["Ghi chú", 7, " kt01 ", " skhdt "], [None, "8,5", "XH01", "Stc"]],
        headers=["Ghi chú", "Giá trị cam kết ", "MÃ CHỈ TIÊU", "Mã đơn vị*"],
    )
    result = import_file(pledge, content, city)
    assert result.ok, result.errors
    assert stored(pledge) == {("SKHDT", "KT01"): ("set", Decimal("7")), ("STC", "XH01"): ("set", Decimal("8.5"))}


def test_header_may_be_below_a_title_and_empty_rows_are_skipped(pledge, city):
    wb = Workbook()
    ws = wb.active
    ws.append(["Bảng số liệu cam kết của cụm"])
    ws.append([])
    ws.append(HEADERS)
    ws.append(row("SKHDT", "KT01", 3))
    ws.append([])
    ws.append([None] * 8)
    ws.append(row("SKHDT", "XH01", "abc"))
    result = excel.read_import(pledge, upload(save(wb)))
    assert [(e.row, e.message) for e in result.errors] == [(7, "“abc” không phải là một số.")]


def test_read_import_queries_do_not_grow_with_the_group(pledge, world, django_assert_num_queries):
    content = sheet([row("SKHDT", "KT01", 1), row("QHC", "KT01", 1)])
    with django_assert_num_queries(3):  # memberships, lines, the units that are not members
        excel.read_import(pledge, upload(content))
    units = add_members(world, 6)
    content = sheet([row(u.code, "KT01", 1) for u in units] + [row("QHC", "KT01", 1), row("DTN", "KT01", 1)])
    with django_assert_num_queries(3):
        excel.read_import(pledge, upload(content))


# --- errors: one test per kind, nothing written --------------------------------------------------------------


def assert_row_errors(pledge, city, content, expected):
    """``expected``: [(Excel row, message)]; the import writes nothing."""
    before = snapshot()
    result = import_file(pledge, content, city)
    assert result.file_error is None
    assert [(e.row, e.message) for e in result.errors] == expected
    assert result.rows == []
    assert snapshot() == before


def assert_file_error(pledge, city, content, message, name="giao-uoc.xlsx"):
    before = snapshot()
    result = import_file(pledge, content, city, name)
    assert result.file_error is not None
    assert message in result.file_error
    assert result.rows == [] and result.errors == []
    assert snapshot() == before
    return result


def test_unknown_unit_code(filled, city):
    content = edited(excel.template_workbook(filled), {("SKHDT", "KT01"): 10})
    wb = open_xlsx(content)
    wb[excel.SHEET_TITLE]["A5"] = "KHONGCO"  # STC's KT01 row, "-" in the template
    assert_row_errors(filled, city, save(wb), [(5, "Không có đơn vị mã “KHONGCO”.")])


def test_value_that_is_not_a_number(filled, city):
    content = edited(excel.template_workbook(filled), {
        ("SKHDT", "KT01"): "tám phẩy năm", ("STC", "XH01"): 4, ("STC", "CQ01"): "5",
        ("SXD", "KT01"): "1,23456",
    })
    assert_row_errors(filled, city, content, [
        (2, "“tám phẩy năm” không phải là một số."),
        (7, "Chỉ tiêu “CQ01” chỉ nhận “x” (cam kết hoàn thành) hoặc “-” (không áp dụng), không nhận “5”."),
        (8, "Giá trị quá lớn hoặc quá 4 chữ số thập phân."),
    ])


def test_unit_outside_the_group(filled, world, city):
    content = sheet([row("SKHDT", "KT01", 1), row("QHC", "KT01", 2), row("dtn", "KT01", 3)])
    assert_row_errors(filled, city, content, [
        (3, "Đơn vị “QHC” không thuộc cụm, khối này."),
        (4, "Đơn vị “dtn” không thuộc cụm, khối này."),
    ])


def test_duplicate_row(filled, city):
    content = sheet([row("SKHDT", "KT01", 1), row("STC", "KT01", 2), row("skhdt", "KT01", 3)])
    assert_row_errors(filled, city, content, [(4, "Trùng với dòng 2.")])


def test_unknown_line_code(filled, city):
    content = sheet([row("SKHDT", "KT01", 1), row("SKHDT", "ZZ99", 2)])
    assert_row_errors(filled, city, content, [(3, "Giao ước không có chỉ tiêu mã “ZZ99”.")])


def test_own_line_of_another_unit(pledge, own_line, city):
    content = sheet([row("STC", "R01", 1), row("SKHDT", "R01", 2)])
    assert_row_errors(pledge, city, content, [
        (3, "Chỉ tiêu “R01” là chỉ tiêu riêng của đơn vị “STC”, không áp dụng cho đơn vị “SKHDT”."),
    ])


def test_missing_codes(filled, city):
    content = sheet([row(None, "KT01", 1), row("SKHDT", None, 2)])
    assert_row_errors(filled, city, content, [(2, "Thiếu mã đơn vị."), (3, "Thiếu mã chỉ tiêu.")])


def test_formula_without_a_computed_value(filled, city):
    content = sheet([row("SKHDT", "KT01", 1), row("STC", "KT01", "=2+3")])
    assert_row_errors(filled, city, content, [
        (3, "Ô “Giá trị cam kết” chứa công thức chưa được tính. Hãy nhập trực tiếp giá trị, hoặc mở tệp bằng "
            "Excel và lưu lại rồi tải lên."),
    ])


def with_computed_formulas(content: bytes, value: str) -> bytes:
    """``content`` as Excel would have saved it: every formula carries the value it last computed."""
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes an empty value as <v /> (its own XML writer) or <v/> or <v></v> (with lxml).
                data = re.sub(rb"<v ?/>|<v></v>", f"<v>{value}</v>".encode(), data)
            archive.writestr(info, data)
    return buffer.getvalue()


def test_formula_is_read_through_the_value_excel_computed(filled, city):
    content = with_computed_formulas(sheet([row("STC", "KT01", "=2+3.5")]), "5.5")
    result = import_file(filled, content, city)
    assert result.ok, result.errors
    assert stored(filled)[("STC", "KT01")] == ("set", Decimal("5.5"))


def test_date_is_not_a_number(filled, city):
    import datetime

    content = sheet([row("SKHDT", "KT01", datetime.date(2024, 8, 5))])
    assert_row_errors(filled, city, content, [
        (2, "Ô đang ở dạng ngày giờ, không phải là một số. Hãy định dạng ô là số."),
    ])


def test_every_faulty_row_is_listed_in_order(filled, world, city):
    content = sheet([row("QHC", "KT01", 1), row("SKHDT", "KT01", "?"), row("SKHDT", "KT01", 3),
                     row("SKHDT", "ZZ", 1)])
    result = excel.read_import(filled, upload(content))
    assert [e.row for e in result.errors] == [2, 3, 4, 5]
    assert str(result.errors[0]) == "Dòng 2: Đơn vị “QHC” không thuộc cụm, khối này."


def test_blank_values_skip_the_row_entirely(filled, city):
    """A blank value leaves the stored value as it is, even on a row whose codes no longer match."""
    content = sheet([row("KHONGCO", "KT01", None), row("SKHDT", "ZZ99", "  "), row("SKHDT", "KT01", 2)])
    result = import_file(filled, content, city)
    assert result.ok and result.blank_rows == 2
    assert stored(filled)[("SKHDT", "KT01")] == ("set", Decimal("2"))


def test_text_file_renamed_xlsx(filled, city):
    assert_file_error(filled, city, "Mã đơn vị;Giá trị cam kết\nSKHDT;8,5\n".encode(),
                      "Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng.")


def test_empty_file(filled, city):
    assert_file_error(filled, city, b"", "Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng.")


def test_old_xls_file(filled, city):
    assert_file_error(filled, city, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "(.xls)", name="cu.xls")


def test_larger_than_5_mb(filled, city):
    content = edited(excel.template_workbook(filled), {("SKHDT", "KT01"): 1})
    content += b"\0" * (5 * 1024 * 1024 + 1 - len(content))
    assert_file_error(filled, city, content, "Tệp lớn hơn 5 MB.")


def test_malformed_zip(filled, city):
    content = edited(excel.template_workbook(filled), {("SKHDT", "KT01"): 1})
    assert_file_error(filled, city, content[: len(content) // 2], "Tệp không phải là tệp Excel .xlsx")


def test_zip_that_is_not_a_workbook(filled, city):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert_file_error(filled, city, buffer.getvalue(), "Tệp không phải là tệp Excel .xlsx")


def test_corrupt_sheet_xml(filled, city):
    source = zipfile.ZipFile(BytesIO(excel.template_workbook(filled)))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(info, data)
    assert_file_error(filled, city, buffer.getvalue(), "Tệp không phải là tệp Excel .xlsx")


def test_too_large_once_unzipped(filled, city, monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_UNZIPPED_BYTES", 1000)
    assert_file_error(filled, city, excel.template_workbook(filled), "quá lớn khi giải nén")


def test_too_many_rows(filled, city, monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_DATA_ROWS", 5)
    assert_file_error(filled, city, excel.template_workbook(filled), "quá nhiều dòng")


def test_missing_header_columns(filled, city):
    content = sheet([["SKHDT", "KT01", 1]], headers=["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"])
    result = assert_file_error(filled, city, content, "Không tìm thấy dòng tiêu đề")
    assert "thiếu cột “Giá trị cam kết”" in result.file_error


def test_header_only(filled, city):
    assert_file_error(filled, city, sheet([]), "Tệp không có dòng số liệu nào")
