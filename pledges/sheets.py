"""The member × line sheet of a pledge: one row per member unit and line that applies to it, with the line's
code, name, measure unit, direction and city value, then the committed value.

One writer for the two files that have this sheet: the import template (:mod:`pledges.excel`, where the value
column is to be filled in) and the pledge's workbook (:mod:`exports.workbooks`, where it shows what was
committed). The header names are the ones the import reads back, so they are not translated.
"""

from common import xlsx

from .services import member_lines

SHEET_TITLE = "Chỉ tiêu cam kết"

UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
LINE_CODE = "Mã chỉ tiêu"
LINE_NAME = "Chỉ tiêu"
MEASURE_UNIT = "Đơn vị tính"
DIRECTION = "Chiều đánh giá"
CITY_VALUE = "Chỉ tiêu thành phố"
VALUE = "Giá trị cam kết"
HEADERS = [UNIT_CODE, UNIT_NAME, LINE_CODE, LINE_NAME, MEASURE_UNIT, DIRECTION, CITY_VALUE, VALUE]
COLUMN_WIDTHS = [14, 40, 14, 60, 14, 26, 20, 20]


def write_member_line_sheet(wb, members, lines, targets, value_cell, *, frozen_columns: int = 2,
                            taken: set[str] | None = None, heading: str | None = None) -> None:
    """Append the sheet to ``wb`` (write-only): ``targets`` by (line id, unit id); ``value_cell(ws, target, line)``
    makes the last cell of a row (an input cell in the template, the committed value in the workbook). The
    unit's code and name stay in view (``frozen_columns``); ``heading`` tops every printed page."""
    ws = xlsx.new_sheet(wb, SHEET_TITLE, COLUMN_WIDTHS, frozen_columns=frozen_columns, taken=taken,
                        heading=heading)
    ws.append(xlsx.header_row(ws, HEADERS))
    for unit, line in member_lines(members, lines):
        ws.append([
            xlsx.text_cell(ws, unit.code),
            xlsx.text_cell(ws, unit.name),
            xlsx.text_cell(ws, line.code),
            xlsx.text_cell(ws, line.name, wrap=True),
            xlsx.text_cell(ws, line.measure_unit),
            xlsx.text_cell(ws, line.get_direction_display()),
            xlsx.number_cell(ws, line.city_value),
            value_cell(ws, targets.get((line.pk, unit.pk)), line),
        ])
    xlsx.close_sheet(ws)
