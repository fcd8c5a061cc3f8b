"""A scoring table as Excel: the download opens with openpyxl and reads back into a draft, all or nothing."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from campaigns.models import Campaign
from evaluation import excel, services
from evaluation.models import Criterion, ScoringTable
from groups.models import Group
from tests.evaluation.test_rounds import cluster_table
from tests.factories import make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_user(db):
    return make_user("city", role="city_staff")


@pytest.fixture
def published(city_user):
    return cluster_table(make_campaign(2024, Campaign.Status.ISSUED), city_user)


def upload(rows, headers=excel.HEADERS) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET_TITLE
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("bang.xlsx", buffer.getvalue())


def tree(table) -> list:
    return [(r.code, r.parent.code if r.parent else None, r.kind, r.max_points, r.source, r.points_per_report)
            for r in excel.tree_order(list(table.criteria.select_related("parent")))]


def test_the_download_lists_the_rows_in_tree_order(published):
    wb = load_workbook(BytesIO(excel.table_workbook(published)))
    rows = list(wb[excel.SHEET_TITLE].iter_rows(values_only=True))
    assert rows[0] == excel.HEADERS
    assert [r[0] for r in rows[1:]] == ["I", "1.1", "1.2", "1.3", "II", "2.1", "2.2", "2.3", "C1", "T1"]
    assert rows[2][:6] == ("1.1", "I", "Tiêu chí chấm điểm", "Tiêu chí 1.1", 20, "Tự tính: mức đạt chỉ tiêu cả năm")
    assert rows[9][2] == "Điểm cộng" and rows[10][2] == "Điểm trừ"
    assert excel.table_filename(published) == "bang-cham-diem-cum-thi-dua-2024.xlsx"


def test_a_downloaded_table_reads_back_into_a_draft_unchanged(published, city_user):
    draft = services.new_version(published, "Điều chỉnh")
    Criterion.objects.filter(table=draft).delete()
    content = excel.table_workbook(published)
    result = excel.read_import(SimpleUploadedFile("t.xlsx", content))
    assert result.ok, result.errors
    assert excel.apply_import(draft, result) == 10
    assert tree(draft) == tree(published)
    services.publish(draft, city_user)


def test_every_wrong_row_is_listed_and_nothing_is_written(published):
    draft = services.new_version(published, "Điều chỉnh")
    before = tree(draft)
    result = excel.read_import(upload([
        ("I", None, None, "Nhóm 1", 60),
        ("1.1", "I", None, "Tiêu chí", "-5"),
        ("1.1", "I", None, "Trùng", 5),
        ("1.2", "X", None, "Cha không có", 5),
        ("C1", "I", "Điểm cộng", "Cộng dưới nhóm", 5),
        ("1.3", "I", "Loại lạ", "Tiêu chí", 5),
        ("1.4", "I", None, "Báo cáo", 5, "Tự tính: nộp báo cáo đúng hạn"),
        ("1.5", "I", None, "", 5),
        ("1.6", "I", None, "Thiếu điểm", None),
        ("A", "B", None, "Vòng A", 1), ("B", "A", None, "Vòng B", 1),
    ]))
    assert not result.ok and result.rows == []
    assert [str(e) for e in result.errors] == [
        "Dòng 3: Điểm không được âm.",
        "Dòng 5: Không có dòng mã “X” để làm dòng cha.",
        "Dòng 6: Dòng điểm cộng, điểm trừ không thuộc nhóm tiêu chí.",
        "Dòng 7: Loại dòng “Loại lạ” không hợp lệ: ghi “Tiêu chí chấm điểm”, “Điểm cộng” hoặc “Điểm trừ”.",
        "Dòng 8: Tiêu chí nộp báo cáo cần số điểm trừ mỗi báo cáo.",
        "Dòng 9: Thiếu tên tiêu chí.",
        "Dòng 10: Thiếu điểm chuẩn.",
        "Dòng 11: Dòng “A” thuộc chính nó (qua các dòng cha).",
        "Dòng 12: Dòng “B” thuộc chính nó (qua các dòng cha).",
    ]
    with pytest.raises(ValidationError):
        excel.apply_import(draft, result)
    assert tree(draft) == before


def test_a_duplicate_code_names_the_first_row(published):
    result = excel.read_import(upload([("I", None, None, "Nhóm", 10), (" i ", None, None, "Nhóm khác", 10)]))
    assert [str(e) for e in result.errors] == ["Dòng 3: Mã “i” trùng với dòng 2."]


def test_vietnamese_numbers_and_values_instead_of_labels_are_read(published):
    draft = services.new_version(published, "Điều chỉnh")
    result = excel.read_import(upload([
        ("I", None, "score", "Nhóm", "100"), ("1.1", "I", "", "Tiêu chí", "62,5"), ("1.2", "I", None, "Khác", 37.5),
        ("T1", None, "penalty", "Trừ", 10),
    ]))
    assert result.ok, result.errors
    excel.apply_import(draft, result)
    assert [(r[0], r[3]) for r in tree(draft)] == [("I", D(100)), ("1.1", D("62.5")), ("1.2", D("37.5")),
                                                   ("T1", D(10))]


def test_a_published_table_refuses_an_import(published):
    result = excel.read_import(upload([("I", None, None, "Nhóm", 100)]))
    with pytest.raises(ValidationError, match="đã ban hành"):
        excel.apply_import(published, result)
    assert len(tree(published)) == 10


def test_a_file_without_the_header_says_which_columns_are_missing(published):
    result = excel.read_import(upload([("I", "Nhóm")], headers=("Mã", "Tên")))
    assert "thiếu cột “Tiêu chí”, “Điểm chuẩn”" in result.file_error
    assert "tệp Excel tải về từ trang bảng chấm điểm" in result.file_error


def test_text_that_looks_like_a_formula_is_written_as_text(published, city_user):
    table = ScoringTable.objects.create(campaign=published.campaign, group_kind=Group.Kind.BLOC, title="Khối")
    Criterion.objects.create(table=table, code="I", name="=HYPERLINK(\"http://x\")", max_points=D(100))
    wb = load_workbook(BytesIO(excel.table_workbook(table)))
    cell = wb[excel.SHEET_TITLE]["D2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
