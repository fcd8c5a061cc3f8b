"""Excel cells and sheets (:mod:`common.xlsx`): text is never a formula, numbers keep their decimals, sheet
names are valid and unique."""

import unicodedata
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from common import xlsx


def open_xlsx(content: bytes):
    return load_workbook(BytesIO(content))


def cut(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters before "…", as :func:`common.xlsx.sheet_title` cuts."""
    return text[:length].rstrip() + "…"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","bấm")', "=1+1", "+1+2", "-1+2", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1", "=", "bình thường"])
def test_text_cell_is_never_a_formula(text):
    wb = xlsx.new_workbook()
    ws = wb.create_sheet("S")
    ws.append([xlsx.text_cell(ws, text)])
    content = xlsx.workbook_bytes(wb)

    cell = open_xlsx(content)["S"]["A1"]
    # A carriage return comes back as itself (lxml escapes it) or as a line feed (openpyxl's own XML writer).
    assert cell.value in (text, text.replace("\r", "\n"))
    assert cell.data_type == "s"
    with zipfile.ZipFile(BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_text_cell_drops_characters_xml_cannot_hold_and_keeps_none_empty():
    wb = xlsx.new_workbook()
    ws = wb.create_sheet("S")
    ws.append([xlsx.text_cell(ws, "Sở\x01 Tài chính"), xlsx.text_cell(ws, None), xlsx.text_cell(ws, "")])
    values = [cell.value for cell in open_xlsx(xlsx.workbook_bytes(wb))["S"][1]]
    assert values[0] == "Sở Tài chính"
    assert values[1:] == [None, None]


def test_number_cell_keeps_its_decimals_and_header_row_is_bold():
    wb = xlsx.new_workbook()
    ws = wb.create_sheet("S")
    xlsx.set_column_widths(ws, [12, 30])
    xlsx.freeze_below_header(ws)
    ws.append(xlsx.header_row(ws, ["Mã", "Tên"]))
    ws.append([xlsx.number_cell(ws, Decimal("1234.5000")), xlsx.number_cell(ws, Decimal("1000.0000")),
               xlsx.number_cell(ws, Decimal("0.0001")), xlsx.number_cell(ws, None)])
    ws_read = open_xlsx(xlsx.workbook_bytes(wb))["S"]

    assert [ws_read["A1"].font.b, ws_read["B1"].font.b] == [True, True]
    assert ws_read.freeze_panes == "A2"
    assert ws_read.column_dimensions["B"].width == 30
    cells = [ws_read[f"{col}2"] for col in "ABCD"]
    assert [c.value for c in cells] == [1234.5, 1000, 0.0001, None]
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert [c.number_format for c in cells[:3]] == ["#,##0.0", "#,##0", "#,##0.0000"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Cụm thi đua số 1", "Cụm thi đua số 1"),
    ("A/B: [x]*?\\y", "A-B- -x----y"),
    ("'Quận'", "Quận"),
    ("", "Trang"),
    ("History", "History (2)"),
    ("C" * 40, "C" * 30 + "…"),
])
def test_sheet_title_is_valid(name, expected):
    assert xlsx.sheet_title(name, set()) == expected


def test_sheet_titles_are_unique_and_short():
    taken = {"Tổng hợp"}
    base = "Cụm thi đua các phường thuộc quận Hải Châu"
    first, second, third = (xlsx.sheet_title(f"{base} số {i}", taken) for i in (1, 2, 3))
    assert first == cut(base, 30)
    assert second == cut(base, 26) + " (2)" and third == cut(base, 26) + " (3)"
    assert xlsx.sheet_title("TỔNG HỢP", taken) == "TỔNG HỢP (2)"          # Excel ignores case
    assert all(len(title) <= 31 for title in taken) and len(taken) == 5
    # A decomposed (NFD) name counts its letters, not its combining marks.
    assert xlsx.sheet_title(unicodedata.normalize("NFD", "Cụm số 1"), set()) == "Cụm số 1"
