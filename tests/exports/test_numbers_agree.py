"""One number, one rounding, everywhere (issue 11): every number of a workbook is the number its page shows,
rounding included, and every average printed beside its cells can be recomputed from them.

The data hits the rounding edges. KT01 (weight 2) is committed at 8 by everyone, XH01 (lower is better) at 3,
CQ01 is done / not done. At mid-year:

====  ==================================  ===============  ===============  ==========
unit  KT01 actual → attainment            XH01 → (3 / a)   CQ01             average
====  ==================================  ===============  ===============  ==========
a1    4,04 → 50,5 %                       4,5 → 66,7 % (2/3)  done 100 %    (2 × 50,5 + 66,7 + 100) / 4 = 66,925 → 66,9
a2    12 → 150 % (100 % capped)           3 → 100 %        not done 0 %     (200 + 100 + 0) / 4 = 75
a3    6,02 → 75,25 → 75,3 % (half up)     6 → 50 %         done 100 %       (150,6 + 50 + 100) / 4 = 75,15 → 75,2
b1    4,04 → 50,5 %                       3 → 100 %        done 100 %       301 / 4 = 75,25 → 75,3
b2    8 → 100 %                           4 → 75 %         not done 0 %     275 / 4 = 68,75 → 68,8
====  ==================================  ===============  ===============  ==========

Cluster B's KT01 column averages (50,5 + 100) / 2 = 75,25 → 75,3: half-even rounding (75,2) or a float
(75,249…) would show another digit than Excel.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Indicator
from common.xlsx import PERCENT_FORMAT
from exports import documents, workbooks
from groups.models import Group
from pledges import excel as pledge_excel
from pledges import services as pledge_services
from tests.builders import fill, period_named, report_with, sign_all
from tests.downloads import pdf_text
from tests.pages import html_tables, percents

TODAY = datetime.date(2024, 7, 11)         # the day after the "6 tháng" deadline
COMMITTED = {"KT01": "8", "XH01": "3", "CQ01": "x"}
REPORTED = {
    "a1": {"KT01": "4.04", "XH01": "4.5", "CQ01": True},
    "a2": {"KT01": "12", "XH01": "3", "CQ01": False},
    "a3": {"KT01": "6.02", "XH01": "6", "CQ01": True},
    "b1": {"KT01": "4.04", "XH01": "3", "CQ01": True},
    "b2": {"KT01": "8", "XH01": "4", "CQ01": False},
}
WEIGHTS = {"KT01": 2, "XH01": 1, "CQ01": 1}


def half_up(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.fixture
def edges(world, city, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    Indicator.objects.filter(campaign=world.c2024, code="KT01").update(weight=2)
    for group, units in ((world.cluster_a, ["a1", "a2", "a3"]), (world.cluster_b, ["b1", "b2"])):
        pledge = pledge_services.create_pledge(group, None)
        for name in units:
            fill(pledge, getattr(world, name), COMMITTED)
        pledge_services.open_for_signing(pledge, None)
        sign_all(pledge, [getattr(world, name) for name in units])
    world.half_year = period_named(world.c2024, "6 tháng")
    for name, values in REPORTED.items():
        report_with(world.half_year, getattr(world, name), values=values, submit=True)
    return world


def page(client, name, *args, **params) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


def workbook(content: bytes):
    return load_workbook(BytesIO(content))


def shown(cell) -> Decimal | None:
    """A workbook cell's number as Excel shows it: its value, with the decimals of its number format."""
    if cell.value is None:
        return None
    assert cell.number_format == PERCENT_FORMAT, cell.number_format
    value = Decimal(str(cell.value))
    assert value == half_up(value), f"{cell.coordinate} holds {value}, more digits than it shows"
    return value


def one(values: list) -> Decimal | None:
    assert len(values) <= 1, values
    return values[0] if values else None


# --- the group dashboard, its sheet and its PDF ----------------------------------------------------------------


def matrix(group_page: str):
    """The group page's matrix: {unit name: ([per line: percentage or None], average)}, the footer's
    column averages and the group's average."""
    (table,) = html_tables(group_page, "dash-matrix")
    rows, footer = {}, None
    for section, cells in table:
        if section == "tbody":
            name = re.sub(r" (Cụm trưởng|Cụm phó|Khối trưởng|Khối phó)? ?Diễn biến cả năm$", "", cells[0])
            rows[name] = ([one(percents(c)) for c in cells[1:-1]], one(percents(cells[-1])))
        elif section == "tfoot":
            footer = ([one(percents(c)) for c in cells[1:-1]], one(percents(cells[-1])))
    return rows, footer


@pytest.mark.parametrize("group_name", ["cluster_a", "cluster_b"])
def test_group_sheet_shows_the_group_page_numbers(edges, city_client, group_name):
    group = getattr(edges, group_name)
    rows, (column_averages, group_average) = matrix(page(city_client, "progress:group", group.pk,
                                                         period=edges.half_year.pk))
    wb = workbook(workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(), today=TODAY))
    ws = wb[group.name]
    sheet_rows = list(ws.iter_rows(min_row=2))
    *units, footer = sheet_rows
    assert len(units) == len(rows)
    compared = 0
    for row in units:
        line_cells, average = rows[row[2].value]
        for i, on_page in enumerate(line_cells):
            in_sheet = shown(row[7 + 3 * i + 1])
            if on_page is not None:                  # a done line shows its words on the page, not 100 / 0
                assert in_sheet == on_page
                compared += 1
        assert shown(row[7 + 3 * len(line_cells)]) == average
    assert compared == 2 * len(units)
    assert [shown(footer[7 + 3 * i + 1]) for i in range(len(column_averages))] == column_averages
    assert shown(footer[7 + 3 * len(column_averages)]) == group_average


def test_group_page_hits_the_rounding_edges(edges, city_client):
    rows_a, footer_a = matrix(page(city_client, "progress:group", edges.cluster_a.pk, period=edges.half_year.pk))
    assert rows_a["Sở Kế hoạch và Đầu tư"] == ([Decimal("50.5"), Decimal("66.7"), None], Decimal("66.9"))
    assert rows_a["Sở Tài chính"] == ([Decimal(100), Decimal(100), None], Decimal(75))   # 150 % counts 100 %
    assert rows_a["Sở Xây dựng"] == ([Decimal("75.3"), Decimal(50), None], Decimal("75.2"))  # 75,25 → 75,3
    rows_b, footer_b = matrix(page(city_client, "progress:group", edges.cluster_b.pk, period=edges.half_year.pk))
    assert footer_b[0][0] == Decimal("75.3")                   # (50,5 + 100) / 2 = 75,25, half up
    assert rows_b["Quận Hải Châu"][1] == Decimal("75.3") and rows_b["Quận Sơn Trà"][1] == Decimal("68.8")


@pytest.mark.parametrize("group_name", ["cluster_a", "cluster_b"])
def test_group_averages_can_be_recomputed_from_the_printed_cells(edges, city_client, group_name):
    """The unit's average from its printed cells by the weights the note prints (done = 100 %, not done = 0 %),
    the footer from the column above it and from the units' averages, each rounded once, half up."""
    group = getattr(edges, group_name)
    group_page = page(city_client, "progress:group", group.pk, period=edges.half_year.pk)
    rows, (column_averages, group_average) = matrix(group_page)
    assert "KT01 × 2" in group_page and "Các chỉ tiêu có trọng số khác 1" in group_page
    codes = ["KT01", "XH01", "CQ01"]
    for (name, (cells, average)), done in zip(rows.items(), done_words(group_page), strict=True):
        cells = cells[:2] + [Decimal(100) if done else Decimal(0)]
        total = sum(value * WEIGHTS[code] for value, code in zip(cells, codes, strict=True))
        assert half_up(total / sum(WEIGHTS.values())) == average, name
    for i, average in enumerate(column_averages[:2]):
        column = [cells[i] for cells, _average in rows.values()]
        assert half_up(sum(column) / len(column)) == average
    done = [Decimal(100) if done else Decimal(0) for done in done_words(group_page)]
    assert half_up(sum(done) / len(done)) == column_averages[2]
    unit_averages = [average for _cells, average in rows.values()]
    assert half_up(sum(unit_averages) / len(unit_averages)) == group_average


def done_words(group_page: str) -> list[bool]:
    """Per unit, in the page's order: does the done / not-done line (CQ01, the last) say "Đã xong"?"""
    (table,) = html_tables(group_page, "dash-matrix")
    return ["Đã xong" in cells[3] for section, cells in table if section == "tbody"]


def test_group_pdf_prints_the_group_page_numbers(edges, city_client):
    group = edges.cluster_a
    group_page = page(city_client, "progress:group", group.pk, period=edges.half_year.pk)
    rows, (column_averages, group_average) = matrix(group_page)
    text = " ".join(pdf_text(documents.progress_pdf(group, edges.half_year, today=TODAY)).split())
    members = text[text.index("1. Kết quả của từng đơn vị"):text.index("2. Kết quả theo từng chỉ tiêu")]
    assert percents(members) == [average for _cells, average in rows.values()] + [group_average]
    lines = text[text.index("2. Kết quả theo từng chỉ tiêu"):text.index("Mức đạt là tỷ lệ")]
    assert percents(lines) == column_averages
    annex = text[text.index("PHỤ LỤC"):]
    # The annex: per line, the units' attainments in the page's order (a done line's 100 % / 0 % where the page
    # says "Đã xong" / "Chưa xong"); then the units' averages.
    printed = [cells[i] for i in range(2) for cells, _average in rows.values()]
    printed += [Decimal(100) if done else Decimal(0) for done in done_words(group_page)]
    assert percents(annex) == printed + [average for _cells, average in rows.values()]
    assert "KT01 × 2" in text


# --- the city dashboard and the city workbook ---------------------------------------------------------------


def city_tables(city_page: str):
    groups, indicators, items = {}, {}, {}
    for section, cells in html_tables(city_page, "dash-stack")[0]:
        if section == "tbody":
            name = cells[0].rsplit(" Cụm thi đua", 1)[0]
            groups[name] = (cells[1], one(percents(cells[2])), cells[3], cells[4])
    tables = html_tables(city_page, "dash-table")
    for section, cells in tables[-1]:                # "Tất cả … chỉ tiêu"
        if section == "tbody":
            indicators[cells[0].split()[0]] = (one(percents(cells[1])), int(cells[2]))
    for section, cells in tables[-2]:                # "Theo nội dung thi đua"
        if section == "tbody":
            items[int(cells[0].split(".")[0])] = one(percents(cells[1]))
    return groups, indicators, items


def test_city_workbook_shows_the_city_page_numbers(edges, city_client):
    city_page = page(city_client, "progress:city", 2024, period=edges.half_year.pk)
    groups, indicators, items = city_tables(city_page)
    headline = city_page[city_page.index("Mức đạt trung bình</dt>"):]
    city_average = percents(headline)[0]
    wb = workbook(workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(), today=TODAY))

    *summary, totals = list(wb["Tổng hợp"].iter_rows(min_row=2))
    assert {row[1].value for row in summary} == set(groups)
    for row in summary:
        submitted, average, behind, late = groups[row[1].value]
        assert submitted == f"{row[5].value}/{row[6].value}"
        assert shown(row[8]) == average
        assert (str(row[11].value), str(row[12].value)) == (behind, late)
    assert shown(totals[8]) == city_average == Decimal("72.2")     # 361,2 / 5 = 72,24

    sheet = {row[1].value: row for row in wb["Theo chỉ tiêu"].iter_rows(min_row=2)}
    assert set(sheet) == set(indicators)
    for code, (average, reports) in indicators.items():
        assert shown(sheet[code][3]) == average and sheet[code][5].value == reports
    assert indicators["KT01"][0] == Decimal("75.3")                 # (50,5 + 100 + 75,3 + 50,5 + 100) / 5 = 75,26
    content = {row[0].value: row for row in wb["Theo nội dung"].iter_rows(min_row=2)}
    assert set(content) == set(items)
    for position, average in items.items():
        assert shown(content[position][2]) == average


def test_city_averages_can_be_recomputed(edges, city_client):
    """The city's average from every unit's printed average (the group pages), not from the group averages;
    a content item's from the per-indicator sheet's averages by reports × weight."""
    city_page = page(city_client, "progress:city", 2024, period=edges.half_year.pk)
    assert "không phải trung bình của các cụm, khối" in city_page
    headline = city_page[city_page.index("Mức đạt trung bình</dt>"):]
    unit_averages = []
    for group in (edges.cluster_a, edges.cluster_b):
        rows, _footer = matrix(page(city_client, "progress:group", group.pk, period=edges.half_year.pk))
        unit_averages += [average for _cells, average in rows.values()]
    assert half_up(sum(unit_averages) / len(unit_averages)) == percents(headline)[0]

    _groups, _indicators, items = city_tables(city_page)
    wb = workbook(workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(), today=TODAY))
    by_item: dict[int, list] = {}
    for row in wb["Theo chỉ tiêu"].iter_rows(min_row=2):
        if row[7].value is not None:
            by_item.setdefault(row[7].value, []).append((shown(row[3]), row[5].value, row[6].value))
    for position, average in items.items():
        parts = by_item[position]
        total = sum(a * n * w for a, n, w in parts)
        assert half_up(total / sum(n * w for _a, n, w in parts)) == average


# --- the unit dashboard ---------------------------------------------------------------------------------------


def test_unit_page_shows_the_group_sheet_numbers(edges, city_client):
    unit_page = page(city_client, "progress:unit", edges.a3.pk, 2024)
    (table,) = html_tables(unit_page, "dash-unit-table")
    periods = [cells for section, cells in table if section == "thead"][0][2:]
    column = next(i for i, name in enumerate(periods) if name.startswith("6 tháng"))
    on_page = {cells[0].split()[0]: one(percents(cells[2 + column])) for section, cells in table
               if section == "tbody"}
    average = one(percents([cells for section, cells in table if section == "tfoot"][0][2 + column]))
    wb = workbook(workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(), today=TODAY))
    ws = wb[edges.cluster_a.name]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == edges.a3.code)
    assert shown(row[8]) == on_page["KT01"] == Decimal("75.3")
    assert shown(row[11]) == on_page["XH01"] == Decimal(50)
    assert shown(row[16]) == average == Decimal("75.2")
    assert "KT01 × 2" in unit_page


# --- print setup of every workbook ------------------------------------------------------------------------------


def test_every_sheet_of_every_workbook_prints_on_a4_with_its_heading(edges):
    pledge = edges.cluster_a.pledges.latest("version")
    files = {
        "plan": workbooks.plan_workbook(edges.c2024),
        "pledge": workbooks.pledge_workbook(pledge),
        "progress": workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(),
                                                kind="cluster", today=TODAY),
        "late": workbooks.late_workbook(edges.half_year, Group.objects.all(), kind="cluster", today=TODAY),
        "template": pledge_excel.template_workbook(pledge),
    }
    for name, content in files.items():
        for ws in workbook(content).worksheets:
            where = f"{name}: {ws.title}"
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), where
            assert ws.oddFooter.center.text == "Trang &P / &N", where
            assert ws.oddHeader.center.text, where
            if ws.max_row > 1 and ws.title != pledge_excel.HELP_SHEET_TITLE:
                assert ws.print_title_rows == "$1:$1", where
            if name in ("progress", "late"):
                # Which period and which filter the sheet covers, on every printed page.
                assert "kỳ 6 tháng (số liệu đến 30/06/2024) – các cụm thi đua" in ws.oddHeader.center.text, where
    progress = workbook(files["progress"])
    assert progress[edges.cluster_a.name].page_setup.orientation == "landscape"
    assert workbook(files["plan"])["Kỳ báo cáo"].page_setup.orientation == "portrait"      # 4 narrow columns


def test_a_column_shows_its_values_with_the_same_decimals(edges, city_client):
    """KT01's actuals in cluster A are 4,04, 12 and 6,02: the page, the PDF and the sheet write "12,00"."""
    group_page = page(city_client, "progress:group", edges.cluster_a.pk, period=edges.half_year.pk)
    (table,) = html_tables(group_page, "dash-matrix")
    actuals = [re.match(r"[\d.,]+", cells[1]).group() for section, cells in table if section == "tbody"]
    assert actuals == ["4,04", "12,00", "6,02"]
    percentages = [cells[1] for section, cells in table if section == "tbody"]
    assert all(re.search(r"\d+,\d[\u00a0 ]%", text) for text in percentages)     # one decimal each, 100,0 %
    text = " ".join(pdf_text(documents.progress_pdf(edges.cluster_a, edges.half_year, today=TODAY)).split())
    assert "4,04 50,5 % 12,00 100,0 % 6,02 75,3 %" in text.replace("\u00a0", " ")
    wb = workbook(workbooks.progress_workbook(edges.c2024, edges.half_year, Group.objects.all(), today=TODAY))
    cells = [row[7] for row in wb[edges.cluster_a.name].iter_rows(min_row=2)][:3]
    assert [c.value for c in cells] == [4.04, 12, 6.02]
    assert {c.number_format for c in cells} == {"#,##0.00"}
