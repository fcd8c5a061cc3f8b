"""The two other exports of the year-end evaluation: one unit's score sheet as PDF (``sheet_pdf``, as the sheet
page shows it to the reader) and the city's workbook of every group's results (``evaluation_xlsx``, the numbers
of each group's results page).

Cluster A's states come from ``tests.evaluation.states``: a1 leader = ``officer``, a2 = ``officer2``, a3; round
robin: a1's sheet scored by a2, a2's by a3, a3's by a1; a2's 2.1 cross-scored 26 against a self-score of 30."""

import re
import unicodedata
from decimal import Decimal as D

import pytest
from django.urls import reverse

from evaluation import display, rounds, services
from evaluation.models import Criterion, ScoreEntry, ScoringTable
from evaluation.scoring import points_text
from exports.models import ExportJob
from exports.workbooks import evaluation_workbook
from groups.models import Group
from tests import downloads
from tests.downloads import body, download_url, open_workbook, run_worker
from tests.evaluation import states
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE
from tests.exports.test_evaluation_exports import page_rows
from tests.factories import login, make_group, make_unit
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, PERSONAS, expect

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text on one line (no-break spaces and line breaks as plain spaces)."""
    return " ".join(unicodedata.normalize("NFC", downloads.pdf_text(content)).split())


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def sheet_pdf(client, sheet):
    return client.get(download_url("sheet_pdf", sheet=sheet.pk))


def cross_total(evaluation, unit) -> str:
    """The sheet's cross-score total as the city reads it on the page."""
    sheet = states.sheet(evaluation, unit)
    (cross,) = [t for t in display.sheet_view(sheet, _city()).totals if t.label == "cross"]
    return points_text(cross.totals.total)


def _city():
    from accounts.models import User

    return User.objects.get(username="city")


# --- the sheet PDF ----------------------------------------------------------------------------------------------

def test_the_sheet_pdf_prints_the_tree_the_totals_and_the_units_signature(world, city, client_as):
    evaluation = states.both_rounds(world)
    sheet = states.sheet(evaluation, world.a2)
    client = client_as("city")
    page = client.get(reverse("evaluation:sheet", args=[sheet.pk])).content.decode()
    assert download_url("sheet_pdf", sheet=sheet.pk) in page  # the button on the sheet page
    response = sheet_pdf(client, sheet)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="phieu-cham-diem-so-tai-chinh-2024.pdf"'
    text = pdf_text(response.content)
    for words in ("BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2024", "Sở Tài chính", "Thành viên Cụm thi đua các sở số 1",
                  "STT Tiêu chí Điểm chuẩn Tự chấm", "Điểm thống nhất Ghi chú",
                  "THỦ TRƯỞNG ĐƠN VỊ", "DỰ THẢO", "Đơn vị chấm chéo: Sở Xây dựng"):
        assert words in text, words
    # Sections, criteria, then bonus and penalty, in the page's order; a2's 2.1: max 30, self 30, cross 26.
    codes = [item.code for item in display.sheet_view(sheet, city).rows]
    assert codes == ["I", "1.1", "1.2", "1.3", "II", "2.1", "2.2", "2.3", "C1", "T1"]
    assert re.findall(r"(?<= )(I|II|[12]\.\d|C1|T1)(?= (?:Tiêu chí|Điểm cộng|Điểm trừ) )", text) == codes
    assert "2.1 Tiêu chí 2.1 30,00 30,00 26,00 26,00" in text
    assert "Điểm cộng" in text and "Điểm trừ" in text
    # A total per round the reader sees, with its class.
    for t in display.sheet_view(sheet, city).totals:
        assert f"{display.round_label(t.label)} " in text
        assert points_text(t.totals.total) in text and display.class_label(t.classification.grade) in text


def test_a_sheet_still_being_self_scored_says_its_computed_points_are_provisional(world, client_as):
    evaluation = states.assigned(world)
    text = pdf_text(sheet_pdf(client_as("officer2"), states.sheet(evaluation, world.a2)).content)
    assert "Chưa nộp phiếu tự chấm." in text and "DỰ THẢO" in text
    assert "(tạm tính, chốt khi nộp phiếu tự chấm)" in text


def test_published_sheet_pdf_has_no_draft_mark(world, client_as):
    evaluation = states.published(world)
    text = pdf_text(sheet_pdf(client_as("officer2"), states.sheet(evaluation, world.a2)).content)
    assert "DỰ THẢO" not in text and "Kết quả đã công bố ngày" in text
    assert "28,00" in text  # the points agreed for 2.1, now everyone's to read
    sheet = states.sheet(evaluation, world.a2)
    assert (f"Kết quả đã công bố: {points_text(sheet.final_total)} điểm, xếp loại "
            f"{display.class_label(sheet.final_class)}, xếp hạng {sheet.final_rank}/3.") in text


def test_before_publication_the_unit_does_not_read_its_scorers_points(world, city, officer2, client_as):
    """The leak test: the unit's PDF holds no more than its sheet page — no cross-score until the leader returns
    a row, and then that row's only; the cross-score total stays hidden until publication."""
    evaluation = states.both_rounds(world)
    sheet = states.sheet(evaluation, world.a2)
    client = client_as("officer2")
    hidden_total = cross_total(evaluation, world.a2)
    city_text = pdf_text(sheet_pdf(client_as("city"), sheet).content)
    assert "26,00" in city_text and hidden_total in city_text  # the points exist, and the city reads them

    page = page_text(client.get(reverse("evaluation:sheet", args=[sheet.pk])))
    text = pdf_text(sheet_pdf(client, sheet).content)
    for shown in (page, text):
        assert "26,00" not in shown and hidden_total not in shown
    assert "Điểm chấm chéo và điểm thống nhất của đơn vị được xem khi kết quả được công bố." in text

    rounds.return_row(sheet, "2.1", "Minh chứng chưa đủ", None)
    page = page_text(client.get(reverse("evaluation:sheet", args=[sheet.pk])))
    text = pdf_text(sheet_pdf(client, sheet).content)
    for shown in (page, text):
        assert "26,00" in shown and hidden_total not in shown
    assert "Lý do trả lại: Minh chứng chưa đủ" in text
    # The other rows' cross-scores stay hidden: 2.2 printed with its self-score only.
    assert "2.2 Tiêu chí 2.2 20,00 20,00 2.3" in text


def test_the_scorer_gets_its_assigned_sheet_and_nobody_else_finds_one(world, client_as):
    evaluation = states.both_rounds(world)
    a1, a2, a3 = (states.sheet(evaluation, unit) for unit in (world.a1, world.a2, world.a3))
    # a2 cross-scored a1's sheet: it reads a1's self-score and its own cross-score.
    response = sheet_pdf(client_as("officer2"), a1)
    assert response.status_code == 200 and "Sở Kế hoạch và Đầu tư" in pdf_text(response.content)
    assert sheet_pdf(client_as("officer2"), a3).status_code == NOT_FOUND   # another member's sheet
    assert sheet_pdf(client_as("outsider"), a2).status_code == NOT_FOUND   # an officer of another group
    assert sheet_pdf(client_as("no_unit"), a2).status_code == NOT_FOUND
    assert client_as("city").get(download_url("sheet_pdf", sheet="abc")).status_code == NOT_FOUND


@pytest.mark.django_db(transaction=True)
def test_a_queued_sheet_pdf_is_built_for_its_owner_as_the_page_shows_it(world, city, officer2, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_BACKGROUND_UNITS = 0  # every export in the background
    evaluation = states.both_rounds(world)
    sheet = states.sheet(evaluation, world.a2)
    client = login(officer2)
    response = client.post(download_url("sheet_pdf", sheet=sheet.pk))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and (job.kind, job.params, job.user) == ("sheet_pdf", {"sheet": sheet.pk},
                                                                                officer2)
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    text = pdf_text(body(client.get(reverse("exports:job_file", args=[job.pk]))))
    assert "Sở Tài chính" in text and "30,00" in text
    assert "26,00" not in text and cross_total(evaluation, world.a2) not in text


# --- the city's workbook ----------------------------------------------------------------------------------------

def sheet_rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def result_lines(ws) -> dict:
    """unit name → (total text, class, rank) of the workbook's rows under its two header rows."""
    rows = sheet_rows(ws)
    header = rows[2]
    total, grade, rank = header.index("Tổng điểm"), header.index("Xếp loại"), header.index("Hạng")
    return {row[1]: (points_text(D(str(row[total]))), row[grade], str(row[rank])) for row in rows[4:] if row[1]}


@pytest.mark.parametrize("state", ["both_rounds", "published"])
def test_the_workbook_says_what_each_results_page_shows(world, client_as, state):
    getattr(states, state)(world)
    client = client_as("city")
    overview = client.get(reverse("evaluation:overview", args=[2024])).content.decode()
    assert download_url("evaluation_xlsx", year=2024) in overview  # the button on the city's overview
    response = client.get(download_url("evaluation_xlsx", year=2024))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-cham-diem-2024.xlsx"'
    wb = open_workbook(response.content)
    assert wb.sheetnames == ["Cụm thi đua các sở số 1"]  # cluster B opened no evaluation
    ws = wb["Cụm thi đua các sở số 1"]
    page = client.get(reverse("evaluation:results", args=[world.cluster_a.pk])).content.decode()
    expected = {unit: (total, grade, rank) for rank, unit, total, grade in page_rows(page)}
    assert len(expected) == 3 and result_lines(ws) == expected
    rows = sheet_rows(ws)
    assert rows[2][:2] == ["Mã đơn vị", "Đơn vị"]
    assert rows[2][2:12] == ["I", "1.1", "1.2", "1.3", "II", "2.1", "2.2", "2.3", "C1", "T1"]
    assert rows[3][7] == "Tiêu chí 2.1 (tối đa 30,00)"
    assert (rows[3][10], rows[3][11]) == ("Điểm cộng: Điểm cộng (tối đa 5,00)", "Điểm trừ: Điểm trừ (tối đa 10,00)")
    # Each criterion's points are the final round's of the results table: a2's 2.1 (26 cross, 28 once agreed).
    a2 = next(row for row in rows[4:] if row[1] == "Sở Tài chính")
    assert a2[7] == (28 if state == "published" else 26)
    assert ("Đã công bố kết quả ngày" if state == "published" else "Chưa công bố") in rows[1][0]
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$1:$4"


def test_the_workbook_keeps_formula_like_names_as_text_and_blocs_come_first(world, client_as):
    states.both_rounds(world)
    world.a3.name = '=HYPERLINK("http://example.com","Bấm vào")'
    world.a3.save()
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Khối",
                                        total_max=D(10))
    Criterion.objects.create(table=table, code="I", name="Nhóm", max_points=D(10))
    services.publish(table, None)
    bloc = make_group(world.c2024, "Khối: các sở [thử] / có tên rất dài quá ba mươi mốt ký tự",
                      Group.Kind.BLOC, leader=make_unit("K1", "Sở Nội vụ"), members=[make_unit("K2", "Sở Y tế")])
    rounds.open_evaluation(bloc, None, SELF_DEADLINE, CROSS_DEADLINE)
    wb = open_workbook(client_as("viewer").get(download_url("evaluation_xlsx", year=2024)).content)
    assert len(wb.sheetnames) == 2 and wb.sheetnames[1] == "Cụm thi đua các sở số 1"
    bloc_title = wb.sheetnames[0]
    assert len(bloc_title) <= 31 and not set("[]:*?/\\") & set(bloc_title) and bloc_title.startswith("Khối- các sở")
    cell = next(row[1] for row in wb["Cụm thi đua các sở số 1"].iter_rows(min_row=5) if row[1].value == world.a3.name)
    assert cell.data_type == "s" and cell.quotePrefix
    # A bloc opened but not scored yet: its members, at 0 points.
    assert {(row[1], row[-4]) for row in sheet_rows(wb[bloc_title])[4:]} == {("Sở Nội vụ", 0), ("Sở Y tế", 0)}


def test_a_year_without_evaluations_says_so(world, client_as):
    wb = open_workbook(client_as("city").get(download_url("evaluation_xlsx", year=2024)).content)
    assert sheet_rows(wb[wb.sheetnames[0]])[1] == ["Năm này chưa có cụm, khối nào mở chấm điểm."]


@pytest.mark.parametrize("size", [5, 30])
def test_the_workbook_takes_the_same_queries_whatever_the_size(world, city, size, django_assert_max_num_queries):
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Khối",
                                        total_max=D(40))
    section = Criterion.objects.create(table=table, code="I", name="Nhóm", max_points=D(40))
    Criterion.objects.bulk_create(Criterion(table=table, parent=section, code=f"1.{i}", name=f"Tiêu chí {i}",
                                            max_points=D(1), position=i) for i in range(40))
    services.publish(table, city)
    for number in range(2):
        units = [make_unit(f"B{number}{size}{i:02d}", f"Sở thử {number} {i:02d}") for i in range(size)]
        group = make_group(world.c2024, f"Khối thử {number}", Group.Kind.BLOC, leader=units[0], members=units[1:])
        evaluation = rounds.open_evaluation(group, city, SELF_DEADLINE, CROSS_DEADLINE)
        ScoreEntry.objects.bulk_create(ScoreEntry(sheet=sheet, code=f"1.{i}", self_points=D("0.5"))
                                       for sheet in evaluation.sheets.all() for i in range(40))
    # The evaluations, the tables and their rows once; then what each group's results page reads.
    with django_assert_max_num_queries(3 + QUERIES_PER_GROUP * 2):
        content = evaluation_workbook(world.c2024)
    wb = open_workbook(content)
    assert [len(sheet_rows(wb[name])) - 4 for name in wb.sheetnames] == [size, size]


QUERIES_PER_GROUP = 11  # what one group's results page reads (display.results_table)


# --- who may download them --------------------------------------------------------------------------------------

# The sheet PDF of a2 (officer2's unit), and of a3 (scored by a1, the leader's unit), before and after publication:
# the sheet page's access (``evaluation.access.get_sheet_for_user``). The workbook: the city overview's readers.
SHEET_PDF = {
    ("a2", "draft"): expect(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    ("a3", "draft"): expect(city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND,
                            no_unit=NOT_FOUND),
    ("a3", "published"): expect(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
}
EVALUATION_XLSX = expect(city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN,
                         no_unit=FORBIDDEN)


@pytest.mark.parametrize(("unit", "state"), SHEET_PDF)
def test_sheet_pdf_permissions(world, client, client_as, unit, state):
    evaluation = states.published(world) if state == "published" else states.both_rounds(world)
    url = download_url("sheet_pdf", sheet=states.sheet(evaluation, getattr(world, unit)).pk)
    got = {persona: client_as(persona).get(url).status_code for persona in PERSONAS}
    assert got == SHEET_PDF[unit, state]
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")


def test_evaluation_xlsx_permissions(world, client, client_as):
    states.both_rounds(world)
    url = download_url("evaluation_xlsx", year=2024)
    assert {persona: client_as(persona).get(url).status_code for persona in PERSONAS} == EVALUATION_XLSX
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
    assert client_as("city").get(download_url("evaluation_xlsx", year=1999)).status_code == NOT_FOUND
    assert not ExportJob.objects.exists()  # a GET never queues work
