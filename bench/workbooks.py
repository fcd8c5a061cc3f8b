"""Time and memory of the city-wide progress workbook (:func:`exports.workbooks.progress_workbook`) against the
floor of openpyxl writing the same number of plain cells in the same sheets and rows: ``python -m bench`` prints
it under "Exports".

Kept apart from the workbooks: measuring is not part of making a file (and imports ``tracemalloc``,
``resource`` and the test utilities the application does not need).
"""

import datetime
import resource
import time
import tracemalloc
from copy import copy
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext

from exports.workbooks import progress_workbook
from groups.models import Group
from progress import dashboards


def _shape(content: bytes) -> list[list[int]]:
    """Per sheet of a saved workbook, the number of non-empty cells of each row (read back in read-only mode,
    outside the timings)."""
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(content), read_only=True)
    try:
        return [[sum(1 for value in row if value is not None) for row in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets]
    finally:
        wb.close()


def _floor_workbook(shape: list[list[int]]) -> bytes:
    """The floor: openpyxl in write-only mode writing plain values (two short texts, then numbers) in the
    workbook's shape — as many sheets, each with its rows of as many cells — with no styles, no column widths,
    no print settings."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    number = 0
    for index, rows in enumerate(shape, start=1):
        ws = wb.create_sheet(f"Floor {index}")
        for width in rows:
            row = ["Mã đơn vị", "Tên đơn vị"][:width]
            for _i in range(width - len(row)):
                number += 1
                row.append(number * 1.25)
            ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _styled_shape(content: bytes) -> list[dict]:
    """Per sheet of a saved workbook, what the styled floor writes again (read back outside the timings): its
    title, column widths, row heights, frozen panes, print settings and, per row, its cells as (value, number
    format, font, fill, alignment, quote prefix) — ``None`` for an empty place."""
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(content))
    sheets = []
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = [None if c.value is None and not c.has_style else
                     (c.value, c.number_format, copy(c.font) if c.font.b else None,
                      copy(c.fill) if c.fill.fill_type else None,
                      copy(c.alignment) if c.alignment.wrap_text else None, c.quotePrefix) for c in row]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        sheets.append({
            "title": ws.title, "rows": rows,
            "widths": {key: dim.width for key, dim in ws.column_dimensions.items() if dim.customWidth},
            "heights": {key: dim.height for key, dim in ws.row_dimensions.items() if dim.height},
            "freeze": ws.freeze_panes, "title_rows": ws.print_title_rows,
            "orientation": ws.page_setup.orientation, "header": ws.oddHeader.center.text,
            "footer": ws.oddFooter.center.text,
        })
    return sheets


def _styled_floor_workbook(sheets: list[dict]) -> bytes:
    """The styled floor: openpyxl in write-only mode writing the same cells with the same styles (number formats,
    fonts, fills, alignments, quote prefixes, set through openpyxl's cell setters as its documentation shows),
    column widths, row heights, frozen panes and print settings as the workbook has them."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"])
        for key, width in sheet["widths"].items():
            ws.column_dimensions[key].width = width
        for key, height in sheet["heights"].items():
            ws.row_dimensions[key].height = height
        ws.freeze_panes = sheet["freeze"]
        if sheet["title_rows"]:
            ws.print_title_rows = sheet["title_rows"]
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = sheet["orientation"]
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.oddHeader.center.text = sheet["header"]
        ws.oddFooter.center.text = sheet["footer"]
        for row in sheet["rows"]:
            cells = []
            for item in row:
                if item is None:
                    cells.append(None)
                    continue
                value, number_format, font, fill, alignment, quote = item
                cell = WriteOnlyCell(ws, value=value)
                if number_format != "General":
                    cell.number_format = number_format
                if font is not None:
                    cell.font = font
                if fill is not None:
                    cell.fill = fill
                if alignment is not None:
                    cell.alignment = alignment
                if quote:
                    cell.quotePrefix = True
                cells.append(cell)
            ws.append(cells)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _measure(produce) -> tuple[bytes, float, float]:
    """(content, seconds without tracing, peak MB of Python allocations in a second, traced run)."""
    started = time.perf_counter()
    content = produce()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        produce()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return content, seconds, peak / 1024 / 1024


def bench_progress_workbook(campaign, period, *, today=None) -> dict:
    """Time and memory of :func:`exports.workbooks.progress_workbook` for every group of ``campaign`` at ``period``, against the
    floor (openpyxl write-only writing the same plain cells: as many sheets, rows and cells per row).

    Each is run twice: once timed, once under ``tracemalloc`` for the peak of Python allocations (tracing slows
    the run, so its time is not the one reported). A second floor, ``styled_floor``, is openpyxl write-only
    writing the same cells with the same styles, widths and print settings (read back from the produced file),
    through its cell setters. Returns ``{"workbook": {...}, "floor": {...}, "styled_floor": {...}}`` with
    ``seconds``, ``peak_mb``, ``cells``, ``cells_per_s`` and ``bytes`` each; the workbook also gives its
    ``queries``, ``sheets``, ``dashboards_seconds`` (the part of its time spent in the dashboards' functions,
    measured apart) and the process's ``maxrss_mb`` (peak resident size of the whole process so far, C
    libraries included, which tracemalloc does not see).
    """
    today = today or period.deadline + datetime.timedelta(days=1)
    groups = Group.objects.filter(campaign=campaign)

    def produce():
        return progress_workbook(campaign, period, groups, today=today)

    with CaptureQueriesContext(connection) as queries:
        produce()   # warm-up (imports, translations, the database's caches), and the query count
    content, seconds, peak = _measure(produce)
    started = time.perf_counter()   # the share of the time spent computing the dashboards' numbers, as it does
    rows = dashboards.city_dashboard(campaign, period, today=today).rows
    for _dashboard in dashboards.group_dashboards([row.group for row in rows], period, today=today):
        pass
    dashboards_seconds = time.perf_counter() - started
    shape = _shape(content)
    cells, sheets = sum(sum(rows) for rows in shape), len(shape)
    floor, floor_seconds, floor_peak = _measure(lambda: _floor_workbook(shape))
    styled_sheets = _styled_shape(content)
    styled, styled_seconds, styled_peak = _measure(lambda: _styled_floor_workbook(styled_sheets))
    return {
        "workbook": {"seconds": round(seconds, 3), "peak_mb": round(peak, 1), "cells": cells,
                     "cells_per_s": round(cells / seconds), "bytes": len(content), "queries": len(queries),
                     "sheets": sheets, "dashboards_seconds": round(dashboards_seconds, 3),
                     "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)},
        "floor": {"seconds": round(floor_seconds, 3), "peak_mb": round(floor_peak, 1), "cells": cells,
                  "cells_per_s": round(cells / floor_seconds), "bytes": len(floor), "sheets": len(_shape(floor))},
        "styled_floor": {"seconds": round(styled_seconds, 3), "peak_mb": round(styled_peak, 1), "cells": cells,
                         "cells_per_s": round(cells / styled_seconds), "bytes": len(styled),
                         "sheets": len(_shape(styled))},
    }
