"""The group matrix's cells written in Python (issue 14): the same markup as one cell at a time, every kind of
cell, text escaped."""

from decimal import Decimal
from types import SimpleNamespace

from django.test.html import parse_html

from progress.templatetags.charts import matrix_cell, matrix_cells


def value(**fields):
    return {"direction": "higher", "target_value": Decimal(10), "actual": Decimal("4.5"), "attainment": Decimal(45),
            "status": "behind", **fields}


def test_a_row_is_its_cells_in_order_and_each_reads_as_one_cell_alone():
    cells = [SimpleNamespace(applies=False, value=None), SimpleNamespace(applies=True, value=None),
             SimpleNamespace(applies=True, value=value()),
             SimpleNamespace(applies=True, value=value(direction="done", done=True, attainment=Decimal(100),
                                                       status="achieved"))]
    html = matrix_cells(cells)
    assert parse_html(html).children.__len__() == 4
    expected = (
        '<td class="dash-cell dash-na"><span aria-hidden="true">·</span>'
        '<span class="visually-hidden">không áp dụng</span></td>'
        '<td class="dash-cell dash-na" title="Không áp dụng">—<span class="visually-hidden">không áp dụng</span></td>'
        '<td class="num dash-cell dash-s-behind" title="Cam kết 10, thực hiện 4,5"><span class="dash-actual">4,5'
        '</span><span class="dash-pct"><span aria-hidden="true">✗</span> 45,0\u00a0%'
        '<span class="visually-hidden"> – Chậm</span></span></td>'
        '<td class="num dash-cell dash-s-achieved" title="Chỉ tiêu hoàn thành / không hoàn thành">'
        '<span class="dash-actual">Đã xong</span><span class="dash-pct"><span aria-hidden="true">★</span> Đã đạt'
        '</span></td>'
    )
    assert parse_html(html) == parse_html(expected)
    assert parse_html(matrix_cell(cells[2].value)) == parse_html(html).children[2]


def test_a_note_and_an_implausible_value_are_escaped_and_said():
    html = matrix_cell(value(note='Số liệu "tạm" <ước tính>', confirmed=True, attainment=Decimal(250),
                             status="achieved"))
    assert "&lt;ước tính&gt;" in html and "&quot;tạm&quot;" in html and "<ước" not in html
    assert "mức đạt thực tế 250,0" in html and "Giá trị bất thường, đã xác nhận" in html
    assert "100,0\u00a0%" in html  # the cell shows the capped attainment


def test_a_cell_writes_its_numbers_as_format_number_does():
    from common.numbers import format_number
    from progress.templatetags.charts import _number

    numbers = [Decimal(n) for n in ("0", "-0", "-0.00", "1", "12.00", "4.2500", "1234567.5", "-1234.05", "0.0001",
                                    "99.95", "100.05", "72.45", "1E+3", "123456789012.1234")]
    for number in numbers:
        assert _number(number) == format_number(number)
        for places in (0, 1, 2, 4, 8):
            assert _number(number, places=places) == format_number(number, places=places)
    for other in (None, "", 7, 2.5):
        assert _number(other) == format_number(other)


def test_a_value_given_as_an_object_reads_as_the_same_dict():
    fields = value(note="ghi chú", confirmed=True, places=2)
    assert matrix_cell(SimpleNamespace(done=None, **fields)) == matrix_cell(fields)
