"""The consolidated workbook of the proposals (``proposals_xlsx``, a sheet per title, the numbers of the page) and
the annex list of the award decision (``awards_annex_pdf``, Decree 30)."""

import datetime
import re
import unicodedata

import pytest

from awards import proposals as rules
from tests import downloads
from tests.downloads import download_url, open_workbook

from .states import approved, code_title, minutes_of, proposed, published_results, registered
from .test_proposals import CITY_FLAG, MERIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_end(world):
    """Both clusters published; a1 and b1 proposed for the city flag (a1 approved), a2 and a3 for Bằng khen
    (a3 rejected), a2 for the Government flag by hand."""
    published_results(world.c2024, world.cluster_a, [
        (world.a1, "95.5", "htxs", 1), (world.a2, "88.25", "htt", 2), (world.a3, "70", "ht", 3)])
    published_results(world.c2024, world.cluster_b, [(world.b1, "91", "htxs", 1), (world.b2, "80", "htt", 2)])
    registered(world.c2024, world.a1, "city_flag")
    registered(world.c2024, world.a2, "merit")
    minutes_a, minutes_b = minutes_of(world.cluster_a), minutes_of(world.cluster_b)
    approved(proposed(world.c2024, "city_flag", world.a1, votes=3, valid=3, meeting=minutes_a))
    approved(proposed(world.c2024, "city_flag", world.b1, votes=2, valid=2, meeting=minutes_b), number="13")
    approved(proposed(world.c2024, "merit", world.a2, votes=2, valid=3, meeting=minutes_a))
    rejected = proposed(world.c2024, "merit", world.a3, votes=2, valid=3, meeting=minutes_a)
    rules.record_decision(rejected, None, version=1, decision="rejected", date=datetime.date(2025, 1, 20))
    proposed(world.c2024, "government_flag", world.a2, reason="Thành tích xuất sắc =SUM(A1)")
    return world


def page_rows(client, title):
    """The rows of the city list as the page has them (its context), worded as the page words them."""
    response = client.get(f"/awards/year/2024/proposals/?title={title.pk}")
    assert response.status_code == 200
    return [[number, row.unit.name, row.group.name, row.total, row.grade_text or None, row.rank,
             row.votes_text or None, row.registered_text, " ".join(row.all_problems) or None, row.decision_text]
            for number, row in enumerate(response.context["title_list"].rows, start=1)]


def cells(ws, first_row=3):
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=first_row)]


def test_the_workbook_has_a_sheet_per_title_with_the_numbers_of_the_page(year_end, city_client):
    w = year_end
    response = city_client.get(download_url("proposals_xlsx", year=2024))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="de-nghi-khen-thuong-2024.xlsx"'
    wb = open_workbook(downloads.body(response))
    assert wb.sheetnames == ["Cờ thi đua của UBND thành phố", "Cờ thi đua của Chính phủ",
                             "Bằng khen của Chủ tịch UBND th…"]
    ws = wb["Cờ thi đua của UBND thành phố"]
    assert ws["A1"].value == f"{CITY_FLAG} – Đề nghị khen thưởng năm 2024"
    assert [c.value for c in ws[2]] == ["STT", "Đơn vị", "Cụm, khối", "Tổng điểm", "Xếp loại", "Hạng", "Số phiếu",
                                        "Đăng ký", "Vấn đề cần xem", "Kết quả xét"]
    for code, sheet in (("city_flag", ws), ("merit", wb.worksheets[2]), ("government_flag", wb.worksheets[1])):
        expected = page_rows(city_client, code_title(w.c2024, code))
        got = [[float(v) if hasattr(v, "as_tuple") else v for v in row] for row in cells(sheet)[:len(expected)]]
        assert got == [[float(v) if hasattr(v, "as_tuple") else v for v in row] for row in expected]
    # By group (Vietnamese order: "các quận" before "các sở"), then rank.
    assert cells(ws) == [
        [1, "Quận Hải Châu", "Cụm thi đua các quận", 91, "Hoàn thành xuất sắc", 1, "2/2 phiếu hợp lệ",
         "Không đăng ký", f"Không đăng ký danh hiệu {CITY_FLAG} đầu năm.",
         "Được khen thưởng (QĐ số 13 ngày 20/01/2025)"],
        [2, "Sở Kế hoạch và Đầu tư", "Cụm thi đua các sở số 1", 95.5, "Hoàn thành xuất sắc", 1, "3/3 phiếu hợp lệ",
         "Có đăng ký", None, "Được khen thưởng (QĐ số 12/QĐ-UBND ngày 20/01/2025)"],
    ]
    merit = cells(wb.worksheets[2])
    # Two of three members in cluster A: 30 % of 3 is 0; the rejected one takes no place.
    assert merit[-1] == [None, f"Cụm thi đua các sở số 1: 1 đề nghị {MERIT}, tối đa 0 (30 % của 3 thành viên) — "
                               "vượt 1.", None, None, None, None, None, None, None, None][:len(merit[-1])]
    gov = wb.worksheets[1]
    assert gov["B3"].value == "Sở Tài chính" and gov["G3"].value is None
    assert gov["D3"].data_type == "n"


def test_a_formula_typed_in_a_reason_stays_text(year_end, city_client):
    # Reasons are not in the workbook; a unit named like a formula is written as text.
    from units.models import Unit

    Unit.objects.filter(pk=year_end.a1.pk).update(name="=HYPERLINK(\"x\")")
    wb = open_workbook(downloads.body(city_client.get(download_url("proposals_xlsx", year=2024))))
    (cell,) = [row[1] for row in wb.worksheets[0].iter_rows(min_row=3) if row[1].value.startswith("=")]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_a_year_without_proposals_gives_one_sheet_saying_so(world, city_client):
    wb = open_workbook(downloads.body(city_client.get(download_url("proposals_xlsx", year=2024))))
    assert wb.worksheets[0]["A2"].value == "Năm này chưa có đề nghị khen thưởng nào."


def pdf_text(content: bytes) -> str:
    return " ".join(unicodedata.normalize("NFC", downloads.pdf_text(content)).split())


def test_the_annex_lists_the_approved_units_by_title_numbered(year_end, viewer, client_as):
    response = client_as("viewer").get(download_url("awards_annex_pdf", year=2024))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-khen-thuong-2024.pdf"'
    text = pdf_text(response.content)
    for words in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DANH SÁCH",
                  "Tập thể được khen thưởng trong phong trào thi đua năm 2024",
                  "(Kèm theo Quyết định số", "của Chủ tịch Ủy ban nhân dân thành phố)",
                  f"I. {CITY_FLAG} (2 tập thể)", f"II. {MERIT} (1 tập thể)",
                  "1 Quận Hải Châu Cụm thi đua các quận 91,00 Hoàn thành xuất sắc",
                  "2 Sở Kế hoạch và Đầu tư Cụm thi đua các sở số 1 95,50 Hoàn thành xuất sắc",
                  "1 Sở Tài chính Cụm thi đua các sở số 1 88,25 Hoàn thành tốt", "Danh sách có 3 tập thể."):
        assert words in text, words
    assert len(downloads.open_pdf(response.content).pages) == 1  # portrait, the list under its title
    assert "Sở Xây dựng" not in text  # rejected
    assert "Cờ thi đua của Chính phủ" not in text  # pending


def test_the_annex_of_one_decision_names_it(year_end, city_client):
    response = city_client.get(download_url("awards_annex_pdf", year=2024, number="12/QĐ-UBND"))
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-khen-thuong-2024-12-qd-ubnd.pdf"'
    text = pdf_text(response.content)
    assert "(Kèm theo Quyết định số 12/QĐ-UBND ngày 20 tháng 01 năm 2025 của Chủ tịch Ủy ban nhân dân thành phố)" in text
    assert "Quận Hải Châu" not in text and "Danh sách có 2 tập thể." in text
    assert re.search(r"Tập thể được khen thưởng trong phong trào thi đua năm 2024", text)


def test_the_annex_of_a_decision_without_its_symbol_gets_it(year_end, city_client):
    text = pdf_text(city_client.get(download_url("awards_annex_pdf", year=2024, number="13")).content)
    assert f"Tập thể được tặng {CITY_FLAG} năm 2024" in text
    assert "(Kèm theo Quyết định số 13/QĐ-UBND ngày 20 tháng 01 năm 2025" in text


def test_an_annex_without_approved_units_says_so(world, city_client):
    text = pdf_text(city_client.get(download_url("awards_annex_pdf", year=2024)).content)
    assert "Chưa có tập thể nào được ghi “Được khen thưởng”." in text
