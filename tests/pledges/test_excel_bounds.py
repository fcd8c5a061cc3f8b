"""Excel import under attack: files that inflate, files with a million formatted rows, numbers Excel cannot hold.

Every malicious file is built here, compressed on the fly, so the repository stays small. Each test asserts a
Vietnamese message and that nothing was written; the time taken is printed (``pytest -s``), not asserted.
"""

import time
import zipfile
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from common import xlsx, xlsx_import
from pledges import excel
from pledges.models import Target, validate_line_value
from units.models import Unit

pytestmark = pytest.mark.django_db

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Chiều đánh giá",
           "Chỉ tiêu thành phố", "Giá trị cam kết"]
SHEET = "xl/worksheets/sheet1.xml"


def snapshot():
    return list(Target.objects.order_by("pk").values_list("line_id", "unit_id", "status", "value", "version"))


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("giao-uoc.xlsx", content, content_type=xlsx.XLSX_CONTENT_TYPE)


def timed_import(client, pledge, content: bytes, label: str):
    """POST the file to the import page; print how long the answer took."""
    started = time.perf_counter()
    response = client.post(reverse("pledges:import", kwargs={"pk": pledge.pk}), {"file": upload(content)})
    elapsed = time.perf_counter() - started
    print(f"\n{label}: {len(content) / 1024:.0f} KB answered {response.status_code} in {elapsed:.2f} s")
    return response


def header_workbook(data_rows=()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET_TITLE
    ws.append(HEADERS)
    for row in data_rows:
        ws.append(row)
    return wb


def save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(content: bytes, sheet_data_rows) -> bytes:
    """``content`` with sheet1's <sheetData> followed by ``sheet_data_rows`` (an iterable of XML bytes), streamed
    into the zip so a file that inflates to ~100 MB never sits in memory unzipped."""
    source = zipfile.ZipFile(BytesIO(content))
    original = source.read(SHEET)
    head, tail = original.split(b"</sheetData>")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info, source.read(info.filename))
                continue
            sheet_info = zipfile.ZipInfo(SHEET)
            sheet_info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(sheet_info, "w", force_zip64=True) as out:
                out.write(head)
                chunk = []
                for row_xml in sheet_data_rows:
                    chunk.append(row_xml)
                    if len(chunk) == 10_000:
                        out.write(b"".join(chunk))
                        chunk = []
                out.write(b"".join(chunk))
                out.write(b"</sheetData>" + tail)
    return buffer.getvalue()


def assert_refused(response, before, message):
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Đã nhập tệp" not in page
    assert snapshot() == before


def test_file_inflating_to_95_mb_of_blank_rows_is_refused(city_client, pledge):
    """The issue's file: a few hundred KB that inflate to 95 MB of formatted blank rows (rows and cells may omit
    their position, so every row is the same bytes and compresses ~300:1)."""
    row_xml = b"<row>" + b'<c s="0"/>' * 8 + b"</row>"

    def rows():
        for _ in range(95 * 1024 * 1024 // len(row_xml)):
            yield row_xml

    content = with_sheet_xml(save(header_workbook()), rows())
    assert len(content) < xlsx_import.MAX_UPLOAD_BYTES
    assert zipfile.ZipFile(BytesIO(content)).getinfo(SHEET).file_size > 90 * 1024 * 1024
    before = snapshot()

    response = timed_import(city_client, pledge, content, "95 MB-inflating file")

    assert_refused(response, before, "quá lớn khi giải nén")


def test_too_many_zip_entries_are_refused(city_client, pledge):
    source = zipfile.ZipFile(BytesIO(save(header_workbook([["SKHDT", "", "KT01", "", "", "", None, 5]]))))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        for number in range(xlsx_import.MAX_ZIP_ENTRIES):
            archive.writestr(f"xl/media/image{number}.png", b"")
    before = snapshot()

    response = timed_import(city_client, pledge, buffer.getvalue(), "zip with too many entries")

    assert_refused(response, before, "quá nhiều thành phần")


def test_a_cell_formatted_at_row_one_million_is_ignored_quickly(city_client, pledge):
    """Trailing blank rows are not an error: the values above them are imported."""
    wb = header_workbook([["SKHDT", "", "KT01", "", "", "", None, 7]])
    wb.active.cell(row=1_000_000, column=8).fill = PatternFill("solid", fgColor="FFFF00")
    content = save(wb)

    response = timed_import(city_client, pledge, content, "cell formatted at row 1,000,000")

    assert response.status_code == 302
    assert [(t.unit.code, t.line.code, t.value) for t in pledge.targets.select_related("unit", "line")] == [
        ("SKHDT", "KT01", 7)
    ]
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"Đã dừng đọc tệp ở dòng {1 + xlsx_import.MAX_BLANK_RUN + 1}" in notes[-1]


def test_a_million_formatted_blank_rows_stop_the_reading(city_client, pledge):
    """A million blank rows written out in the XML (not merely missing): refused before any row is read."""
    def rows():
        for number in range(3, 1_000_001):
            yield b'<row r="%d" s="1" customFormat="1"/>' % number

    content = with_sheet_xml(save(header_workbook([["SKHDT", "", "KT01", "", "", "", None, 7]])), rows())
    before = snapshot()

    response = timed_import(city_client, pledge, content, "1,000,000 formatted blank rows")

    assert_refused(response, before, "quá lớn khi giải nén")


def test_blank_rows_under_the_size_limit_stop_at_a_long_run(pledge):
    """Under the size limits, a long run of blank rows ends the reading: the faulty row below is not read."""
    def rows():
        for number in range(3, 90_000):
            yield b'<row r="%d"><c r="H%d" s="0"/></row>' % (number, number)
        yield (b'<row r="90000"><c r="A90000" t="inlineStr"><is><t>KHONGCO</t></is></c>'
               b'<c r="C90000" t="inlineStr"><is><t>KT01</t></is></c><c r="H90000"><v>7</v></c></row>')

    content = with_sheet_xml(save(header_workbook([["SKHDT", "", "KT01", "", "", "", None, 7]])), rows())
    started = time.perf_counter()
    result = excel.read_import(pledge, upload(content))
    print(f"\n90,000 blank rows: read in {time.perf_counter() - started:.2f} s")

    assert result.ok, (result.file_error, result.errors)
    assert [(unit_id, value) for _line, unit_id, _status, value in result.rows] == [
        (Unit.objects.get(code="SKHDT").pk, 7)
    ]
    assert result.stopped_at_row == 2 + xlsx_import.MAX_BLANK_RUN


def test_reading_past_the_time_budget_is_refused(city_client, pledge, monkeypatch):
    monkeypatch.setattr(xlsx_import, "READ_SECONDS", 0)
    content = save(header_workbook([["SKHDT", "", "KT01", "", "", "", None, 7]]))
    before = snapshot()

    response = timed_import(city_client, pledge, content, "time budget of 0 s")

    assert_refused(response, before, "Tệp cần quá nhiều thời gian để đọc")


def test_too_many_cells_are_refused(city_client, pledge, monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_CELLS", 100)
    wide = [["SKHDT", "", "KT01", "", "", "", None, 7, *range(200)]]
    content = save(header_workbook(wide))
    before = snapshot()

    response = timed_import(city_client, pledge, content, "too many cells")

    assert_refused(response, before, "quá nhiều ô (hơn 100")


def test_too_many_rows_written_in_the_xml_are_refused(city_client, pledge, monkeypatch):
    """Rows of data far apart, each followed by blank rows (which defeats stopping at a long blank run)."""
    monkeypatch.setattr(xlsx_import, "MAX_XML_ROWS", 50)
    content = save(header_workbook([["SKHDT", "", "KT01", "", "", "", None, 7]] * 60))
    before = snapshot()

    response = timed_import(city_client, pledge, content, "too many rows in the XML")

    assert_refused(response, before, "quá nhiều dòng (hơn 50, kể cả dòng trống")


@pytest.mark.parametrize("number", ["1e309", "-1e309", "1E+400"])
def test_a_number_too_large_for_excel_is_an_invalid_value(city_client, pledge, number):
    """``1e309`` is infinity once read as a float: a row error, not a server error."""
    wb = header_workbook([["SKHDT", "", "KT01", "", "", "", None, 12345.5], ["STC", "", "KT01", "", "", "", None, 1]])
    content = save(wb)
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                assert b"<v>12345.5</v>" in data
                data = data.replace(b"<v>12345.5</v>", b"<v>" + number.encode() + b"</v>")
            archive.writestr(info, data)
    before = snapshot()

    response = timed_import(city_client, pledge, buffer.getvalue(), f"value {number}")

    assert_refused(response, before, "Dòng 2")
    assert "không phải là một số hữu hạn" in response.content.decode()


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_numbers_are_invalid_values(value):
    """openpyxl reads ``1e309`` as infinity; NaN cannot come from its reader but is refused the same way: the cell
    reader passes it on unchanged (no crash converting it) and the line's one rule refuses it."""
    passed_on = xlsx_import.cell_value(value)
    assert passed_on is value
    with pytest.raises(ValidationError, match="không phải là một số hữu hạn"):
        validate_line_value(passed_on, allows_negative=True, code="KT01")
