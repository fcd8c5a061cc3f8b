"""The cell helpers of common.xlsx build cells fast (each style registered once per workbook, its ids copied into
each cell; the value set without openpyxl's type guessing; a sheet that takes cells as they are): the file must be
the one openpyxl's own setters give, cell for cell — value, type, number format, font, fill, alignment, quote
prefix — read back with openpyxl."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

from common import xlsx
from common.numbers import percent

TEXTS = ["Sở Tài chính", "", "=HYPERLINK(\"http://x\")", "+84 90", "-5", "@a", "\tx", "#N/A", "a\x01b", "  x  ",
         "x" * 40_000, 12, None]
NUMBERS = [None, 0, 7, True, Decimal("12.50"), Decimal("1E+3"), Decimal("-0.125"), 3.25, Decimal("29417.6"),
           Decimal("-0.0"), Decimal("1.5E-7"), Decimal("0.000001"), Decimal("123456789012.3400"), 2.5e-8]
DATES = [None, datetime.date(2025, 12, 31),
         timezone.make_aware(datetime.datetime(2025, 6, 30, 23, 59, 30, 123)), datetime.datetime(2025, 1, 2, 3, 4)]


def _reference_number(value):
    """:func:`common.xlsx.excel_number` as it was written before it took the short ways."""
    if value is None:
        return None
    number = Decimal(value).normalize()
    if number == number.to_integral_value():
        return int(number)
    return Decimal(format(number, "f"))


def _reference_cell(ws, value, kind, *, number_format=None, bold=False, fill=None, wrap=False):
    """The cell as the helpers built it before, through openpyxl's public setters."""
    if kind == "text":
        text = None if value is None else openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", str(value))[:32767]
        cell = WriteOnlyCell(ws, value=text)
        if text:
            cell.data_type = "s"
            if text.startswith(xlsx.FORMULA_TRIGGERS):
                cell.quotePrefix = True
    elif kind == "number":
        number = _reference_number(value)
        cell = WriteOnlyCell(ws, value=number)
        cell.number_format = number_format or xlsx.number_format_for(number)
    else:
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value, number_format = value.replace(tzinfo=None, microsecond=0), xlsx.DATETIME_FORMAT
        else:
            number_format = xlsx.DATE_FORMAT
        cell = WriteOnlyCell(ws, value=value)
        if value is not None:
            cell.number_format = number_format
    if bold:
        cell.font = xlsx.BOLD
    if fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = xlsx.WRAP
    return cell


def _rows(ws, make):
    """Every helper × value × style, through ``make(ws, value, kind, **style)``."""
    rows = []
    for bold in (False, True):
        for fill in (None, xlsx.HEADER_FILL, xlsx.INPUT_FILL):
            rows.append([make(ws, value, "text", bold=bold, fill=fill, wrap=wrap) for value in TEXTS
                         for wrap in (False, True)])
            rows.append([make(ws, value, "number", bold=bold, fill=fill, number_format=number_format)
                         for value in NUMBERS for number_format in (None, xlsx.PERCENT_FORMAT, "0")])
        rows.append([make(ws, value, "date", bold=bold) for value in DATES])
    rows.append(["plain", 1, Decimal("2.5"), None, datetime.date(2025, 1, 1)])  # plain values, as openpyxl takes them
    return rows


def _helper_cell(ws, value, kind, *, number_format=None, bold=False, fill=None, wrap=False):
    if kind == "text":
        return xlsx.text_cell(ws, value, bold=bold, fill=fill, wrap=wrap)
    if kind == "number":
        return xlsx.number_cell(ws, value, number_format=number_format, bold=bold, fill=fill)
    return xlsx.date_cell(ws, value, bold=bold)


def _workbook(make, sheet) -> bytes:
    wb = xlsx.new_workbook()
    for title in ("Một", "Hai"):  # two sheets: the styles are the workbook's, shared by its sheets
        ws = sheet(wb, title)
        for row in _rows(ws, make):
            ws.append(row)
    return xlsx.workbook_bytes(wb)


def _cells(content: bytes) -> list:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [(ws.title, c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.fill.fill_type,
             c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.vertical, c.quotePrefix, c.has_style)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_the_helpers_write_the_cells_openpyxls_setters_write():
    fast = _cells(_workbook(_helper_cell, lambda wb, title: xlsx.new_sheet(wb, title, [10])))
    reference = _cells(_workbook(_reference_cell, lambda wb, title: wb.create_sheet(title)))
    assert len(fast) == len(reference) > 400
    assert fast == reference


def test_excel_number_is_the_number_as_before():
    for value in NUMBERS:
        number = xlsx.excel_number(value)
        assert (type(number), str(number)) == (type(_reference_number(value)), str(_reference_number(value))), value


def test_a_formula_stays_text_and_a_shared_style_cannot_change():
    wb = xlsx.new_workbook()
    ws = xlsx.new_sheet(wb, "Một", [10])
    formula = xlsx.text_cell(ws, "=1+1", bold=True)
    plain = xlsx.text_cell(ws, "x", bold=True)
    with pytest.raises(TypeError):   # it would restyle every bold text of the workbook
        plain.font = openpyxl.styles.Font(italic=True)
    ws.append([formula, plain, xlsx.text_cell(ws, "y", bold=True)])
    cells = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(wb)))["Một"][1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix, cells[0].font.b) == ("=1+1", "s", True, True)
    assert [(c.font.b, c.font.i) for c in cells[1:]] == [(True, False), (True, False)]


# --- the sheets' XML ------------------------------------------------------------------------------------------
#
# The sheets of new_sheet write their rows themselves (common.xlsx._row_xml): the file must be the one openpyxl's
# own writer gives for the same cells, byte for byte.


def _openpyxls_writer(monkeypatch):
    """new_sheet's sheets as openpyxl's own write-only sheets (its writer, its column dimensions)."""
    monkeypatch.setattr(xlsx, "_create_sheet", lambda wb, title: wb.create_sheet(title))


def _parts(content: bytes) -> dict:
    """The file's parts but its creation time."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _every_kind_of_cell() -> bytes:
    wb = xlsx.new_workbook()
    ws = xlsx.new_sheet(wb, "Một", [6, 12.5, 40], frozen_columns=2, header_height=48, heading="Tiến độ & kết quả")
    ws.append(xlsx.header_row(ws, ["STT", "Mã", " Tên "]))
    for row in _rows(ws, _helper_cell):
        ws.append(row)
    ws.append([])
    ws.append([None, None, xlsx.text_cell(ws, "a&b<c>d\"e'f\r\n\tg ")])
    commented = WriteOnlyCell(ws, value="x")
    commented.comment = openpyxl.comments.Comment("Ghi chú", "Sở")
    linked = WriteOnlyCell(ws, value="liên kết")
    linked.hyperlink = "https://example.org/?a=1&b=2"
    ws.append([commented, linked, WriteOnlyCell(ws, value="=SUM(A1:A2)"), datetime.time(8, 30),
               datetime.timedelta(days=1, hours=6), False])
    xlsx.close_sheet(ws)
    xlsx.new_sheet(wb, "Trống", [])                  # no rows, no widths
    ws = xlsx.new_sheet(wb, "Ba", [10])
    ws.append([xlsx.count_cell(ws, 1), xlsx.percent_cell(ws, Decimal("72.45")), xlsx.percent_cell(ws, 72.45)])
    return xlsx.workbook_bytes(wb)


def test_the_sheets_are_the_bytes_openpyxls_writer_writes(monkeypatch):
    fast = _every_kind_of_cell()
    _openpyxls_writer(monkeypatch)
    reference = _every_kind_of_cell()
    assert _parts(fast).keys() == _parts(reference).keys()
    for name, content in _parts(reference).items():
        assert _parts(fast)[name] == content, name
    assert len(_cells(fast)) > 400


def test_a_percentage_is_rounded_once_whatever_its_type():
    wb = xlsx.new_workbook()
    ws = xlsx.new_sheet(wb, "Một", [10])
    values = [Decimal("72.45"), 72.45, Decimal("72.44"), 100, Decimal("99.95"), 0.05, None]
    assert [xlsx.percent_cell(ws, value).value for value in values] == [
        xlsx.excel_number(percent(value)) for value in values]
