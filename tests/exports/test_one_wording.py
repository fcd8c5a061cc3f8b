"""One wording per value: the same value reads the same on the page, in the PDF and in the workbook.

For each value — a committed target, an actual value, an attainment status, a report's state, a membership's
role, a download's file name — the same data is shown three ways (the page through the Django client, the PDF
read back with pypdf, the workbook read back with openpyxl) and the same words are looked for in all three.
"""

import html
import re
from decimal import Decimal
from pathlib import PurePosixPath

import pytest
from django.urls import reverse
from django.utils import timezone

from exports import documents, registry, workbooks
from groups.models import Group
from pledges import services as pledge_services
from progress import services as progress_services
from tests.builders import COMPLETE, fill, sign_all
from tests.downloads import open_workbook, pdf_text
from tests.factories import login

# b1 (leader of cluster B) commits nothing on KT01, 1.250,5 on XH01 and to finish CQ01.
B1_VALUES = {"KT01": "-", "XH01": "1.250,5", "CQ01": "x"}


def visible(page: str) -> str:
    """The words a reader sees: no tags, no attributes (a ``title`` is not what the cell says), no form
    controls, whitespace collapsed."""
    page = re.sub(r"<(script|style|select|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet_texts(content: bytes, title: str | None = None) -> list[str]:
    """Every text cell of the workbook's sheet ``title`` (every sheet when None)."""
    wb = open_workbook(content)
    sheets = [wb[title]] if title else wb.worksheets
    return [str(c) for ws in sheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def sheet_rows(content: bytes, title: str) -> list[tuple]:
    return list(open_workbook(content)[title].iter_rows(values_only=True))


@pytest.fixture
def pledge_b(exports_world):
    """Cluster B's pledge, signed, with a not-applicable target, a number in the thousands and a done line."""
    w = exports_world
    pledge = w.pledge_b
    fill(pledge, w.b1, B1_VALUES)
    fill(pledge, w.b2, COMPLETE)
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, [w.b1, w.b2])
    pledge.refresh_from_db()
    return pledge


@pytest.fixture
def pledge_views(pledge_b, city):
    """(page, PDF text, rows of the sheet of committed values) of cluster B's signed pledge."""
    page = login(city).get(reverse("pledges:detail", args=[pledge_b.pk]))
    assert page.status_code == 200
    pdf = flat(pdf_text(documents.pledge_pdf(pledge_b)))
    rows = sheet_rows(workbooks.pledge_workbook(pledge_b), "Chỉ tiêu cam kết")
    return visible(page.content.decode()), pdf, rows


def committed(rows, unit, code):
    """The value committed by ``unit`` on line ``code`` in the pledge workbook."""
    header = rows[0]
    unit_col, line_col, value_col = (header.index(h) for h in ("Mã đơn vị", "Mã chỉ tiêu", "Giá trị cam kết"))
    return next(row[value_col] for row in rows[1:] if row[unit_col] == unit.code and row[line_col] == code)


# --- a committed target ----------------------------------------------------------------------------------


def test_not_applicable_reads_the_same_on_the_grid_in_the_pdf_and_in_the_workbook(pledge_views, exports_world):
    page, pdf, rows = pledge_views
    assert "Không áp dụng" in page
    assert "KAD" not in page                      # an abbreviation nobody is told how to read
    assert "Không áp dụng" in pdf
    assert committed(rows, exports_world.b1, "KT01") == "Không áp dụng"


def test_a_commitment_to_finish_reads_the_same_everywhere(pledge_views, exports_world):
    page, pdf, rows = pledge_views
    assert "Cam kết hoàn thành" in page
    assert "Cam kết hoàn thành" in pdf
    assert committed(rows, exports_world.b1, "CQ01") == "Cam kết hoàn thành"


def test_a_committed_number_reads_the_vietnamese_way_everywhere(pledge_views, exports_world):
    page, pdf, rows = pledge_views
    assert "1.250,5" in page
    assert "1.250,5" in pdf
    # The workbook keeps a number (to compute with), shown with a thousands separator and its decimal.
    assert committed(rows, exports_world.b1, "XH01") == Decimal("1250.5")


def test_the_wording_functions_are_the_ones_the_documents_use(pledge_b, exports_world):
    from pledges.wording import target_text

    line = pledge_b.lines.get(code="XH01")
    target = pledge_b.targets.get(line=line, unit=exports_world.b1)
    assert target_text(line, target) == "1.250,5"
    assert target_text(line, target, with_unit=True) == f"1.250,5 {line.measure_unit}".strip()


# --- a membership's role ---------------------------------------------------------------------------------


def test_a_leader_reads_cum_truong_on_the_page_in_the_pdf_and_in_the_workbook(exports_world, city):
    w = exports_world
    page = visible(login(city).get(reverse("progress:group", args=[w.cluster_a.pk]),
                                   {"period": w.half_year.pk}).content.decode())
    pdf = flat(pdf_text(documents.progress_pdf(w.cluster_a, w.half_year)))
    texts = sheet_texts(workbooks.progress_workbook(w.c2024, w.half_year, Group.objects.all()), w.cluster_a.name)
    assert f"{w.a1.name} Cụm trưởng" in page
    assert f"{w.a2.name} Cụm phó" in page
    assert f"{w.a1.name} (Cụm trưởng)" in pdf
    assert "Cụm trưởng" in texts and "Cụm phó" in texts
    assert "Trưởng" not in texts


def test_the_pledge_page_names_roles_as_the_documents_do(pledge_views, exports_world):
    page, pdf, _rows = pledge_views
    assert f"{exports_world.b1.name} Cụm trưởng" in page
    assert "(Cụm trưởng)" in pdf


# --- a report's state ------------------------------------------------------------------------------------


def report_state_views(w, city, today=None):
    page = visible(login(city).get(reverse("progress:group", args=[w.cluster_a.pk]),
                                   {"period": w.half_year.pk}).content.decode())
    pdf = flat(pdf_text(documents.progress_pdf(w.cluster_a, w.half_year, today=today)))
    progress_book = sheet_texts(workbooks.progress_workbook(w.c2024, w.half_year, Group.objects.all(),
                                                            today=today), w.cluster_a.name)
    late_book = sheet_texts(workbooks.late_workbook(w.half_year, Group.objects.all(), today=today))
    return page, pdf, progress_book, late_book


def test_no_report_reads_chua_bao_cao_everywhere(exports_world, city):
    w = exports_world
    after_deadline = w.half_year.deadline.replace(day=w.half_year.deadline.day + 1)
    page, pdf, progress_book, late_book = report_state_views(w, city, today=after_deadline)
    for where in (page, pdf, " ".join(progress_book), " ".join(late_book)):
        assert "Chưa báo cáo" in where
        assert "chưa mở báo cáo" not in where.lower()


def test_a_draft_report_reads_the_same_everywhere(exports_world, city):
    w = exports_world
    progress_services.save_values(progress_services.open_report(w.half_year, w.a3.pk, None), {}, None)
    after_deadline = w.half_year.deadline.replace(day=w.half_year.deadline.day + 1)
    page, pdf, progress_book, late_book = report_state_views(w, city, today=after_deadline)
    for where in (page, pdf, " ".join(progress_book), " ".join(late_book)):
        assert "Đang soạn, chưa nộp" in where


# --- an actual value and an attainment status ------------------------------------------------------------


def test_an_actual_value_and_its_status_read_the_same_everywhere(exports_world, city):
    w = exports_world
    page = visible(login(city).get(reverse("progress:group", args=[w.cluster_a.pk]),
                                   {"period": w.half_year.pk}).content.decode())
    pdf = flat(pdf_text(documents.progress_pdf(w.cluster_a, w.half_year)))
    content = workbooks.progress_workbook(w.c2024, w.half_year, Group.objects.all())
    texts = sheet_texts(content, w.cluster_a.name)
    numbers = [c for row in sheet_rows(content, w.cluster_a.name) for c in row if isinstance(c, (int, float))]
    assert "4,25" in page and "4,25" in pdf and 4.25 in numbers
    assert "Chưa xong" in page and "Chưa xong" in pdf and "Chưa xong" in texts

    from progress.attainment import status_label
    from progress.dashboards import group_dashboard

    label = status_label(group_dashboard(w.cluster_a, w.half_year, today=timezone.localdate()).status)
    assert label
    assert label in page and label in pdf and label in texts


# --- a download's file name ------------------------------------------------------------------------------


def stems(name, user, params):
    pdf = registry.prepare(f"{name}_pdf", user, params).filename
    xlsx = registry.prepare(f"{name}_xlsx", user, params).filename
    return PurePosixPath(pdf), PurePosixPath(xlsx)


def test_an_amendment_downloads_under_the_same_name_as_pdf_and_as_excel(exports_world, city):
    w = exports_world
    amendment = pledge_services.amend(w.pledge_a, city, "Điều chỉnh chỉ tiêu")
    pdf, xlsx = stems("pledge", city, {"pledge": amendment.pk})
    assert (pdf.suffix, xlsx.suffix) == (".pdf", ".xlsx")
    assert pdf.stem == xlsx.stem
    assert pdf.stem.endswith("-v2")


def test_the_first_version_and_the_plan_download_under_one_name_each(exports_world, city):
    w = exports_world
    pdf, xlsx = stems("pledge", city, {"pledge": w.pledge_a.pk})
    assert pdf.stem == xlsx.stem
    assert "-v" not in pdf.stem
    pdf, xlsx = stems("plan", city, {"year": 2024})
    assert pdf.stem == xlsx.stem


def test_every_export_name_is_built_in_one_style(exports_world, city):
    """Document word, whose, year, period, version: ASCII words joined by hyphens."""
    w = exports_world
    names = [
        registry.prepare("plan_pdf", city, {"year": 2024}).filename,
        registry.prepare("pledge_xlsx", city, {"pledge": w.pledge_a.pk}).filename,
        registry.prepare("progress_pdf", city, {"group": w.cluster_a.pk, "period": w.half_year.pk}).filename,
        registry.prepare("progress_xlsx", city, {"year": 2024, "period": w.half_year.pk}).filename,
        registry.prepare("late_xlsx", city, {"year": 2024, "period": w.half_year.pk}).filename,
        registry.prepare("city_pledges_pdf", city, {"year": 2024}).filename,
    ]
    for name in names:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.(pdf|xlsx)", name), name
        assert "-2024" in name, name
