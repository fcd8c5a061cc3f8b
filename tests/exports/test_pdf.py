"""The printed documents, read back from the PDF: the plan, a pledge and a group's progress report in the format of
Decree 30/2020 (header, title, parts, signatures), the DỰ THẢO mark of drafts, the embedded font, file names, and
a bounded number of queries whatever the size of the group.

Texts are compared after NFC normalisation with whitespace collapsed, since the PDF breaks lines where the layout
does."""

import datetime
import re
import socket
import unicodedata
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Campaign
from common.filenames import ascii_slug
from exports import documents, pdf
from groups.models import Group
from pledges import services as pledge_services
from pledges.models import PledgeLine, Target
from tests.builders import COMPLETE, fill, fill_all, sign_all
from tests.downloads import open_pdf
from tests.factories import make_campaign, make_group, make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def text_of(data: bytes) -> str:
    reader = open_pdf(data)
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(data: bytes) -> list[str]:
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in open_pdf(data).pages]


def embedded_fonts(data: bytes) -> list[tuple[str, bytes]]:
    """(BaseFont, font program) of every font the pages use."""
    fonts = {}
    for page in open_pdf(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            program = next(descriptor[key] for key in ("/FontFile3", "/FontFile2", "/FontFile") if key in descriptor)
            fonts[str(font["/BaseFont"])] = program.get_object().get_data()
    return list(fonts.items())


@pytest.fixture
def plan_2024(world):
    """The world's issued plan with the issuer and place of Đà Nẵng's (the factory leaves them to defaults)."""
    Campaign.objects.filter(pk=world.c2024.pk).update(
        issuing_authority="ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", issue_place="Đà Nẵng",
        purpose="Phát động phong trào thi đua sâu rộng.\n\nBảo đảm thực hiện thắng lợi các chỉ tiêu.",
    )
    world.c2024.refresh_from_db()
    return world.c2024


# --- how the decree writes names and dates --------------------------------------------------------------


@pytest.mark.parametrize(("date", "expected"), [
    (datetime.date(2024, 2, 5), "Đà Nẵng, ngày 05 tháng 02 năm 2024"),
    (datetime.date(2024, 1, 15), "Đà Nẵng, ngày 15 tháng 01 năm 2024"),
    (datetime.date(2024, 3, 9), "Đà Nẵng, ngày 09 tháng 3 năm 2024"),
    (datetime.date(2024, 12, 20), "Đà Nẵng, ngày 20 tháng 12 năm 2024"),
])
def test_the_date_line_is_written_as_the_decree_wants(date, expected):
    assert documents.decree_date("Đà Nẵng", date) == expected


def test_an_undated_document_leaves_room_to_write_the_date():
    line = documents.decree_date("Đà Nẵng", None, 2025)
    assert line.startswith("Đà Nẵng, ngày ") and line.endswith(" năm 2025")
    assert not re.search(r"\d", line.removesuffix("2025"))


def test_issuers_break_where_an_official_breaks_them():
    assert documents.authority_lines("Ủy ban nhân dân thành phố Đà Nẵng") == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]
    assert documents.authority_lines("Sở Nội vụ") == ["SỞ NỘI VỤ"]
    assert documents.short_authority("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG") == "UBND THÀNH PHỐ ĐÀ NẴNG"


def test_a_governing_body_heads_the_issuer(plan_2024):
    plan_2024.governing_body = "Bộ Nội vụ"
    plan_2024.issuing_authority = "Ban Thi đua - Khen thưởng Trung ương"
    header = documents.plan_context(plan_2024)["header"]
    assert header.governing_body == ["BỘ NỘI VỤ"]
    # Broken into lines between words (no-break spaces inside them): read back as one name.
    assert " ".join(" ".join(header.issuer).split()) == "BAN THI ĐUA - KHEN THƯỞNG TRUNG ƯƠNG"


def test_file_names_are_ascii(world, pledge):
    half_year = world.c2024.periods.get(name="6 tháng")
    assert ascii_slug("Khối đoàn thể, doanh nghiệp – Đà Nẵng") == "khoi-doan-the-doanh-nghiep-da-nang"
    assert documents.filename_for(world.c2024) == "ke-hoach-thi-dua-2024.pdf"
    assert documents.filename_for(pledge) == "giao-uoc-cum-thi-dua-cac-so-so-1-2024.pdf"
    assert documents.filename_for(world.cluster_a, half_year) == "tien-do-cum-thi-dua-cac-so-so-1-2024-6-thang.pdf"
    pledge.version = 2
    assert documents.filename_for(pledge) == "giao-uoc-cum-thi-dua-cac-so-so-1-2024-v2.pdf"
    with pytest.raises(TypeError):
        documents.filename_for(world.a1)


# --- the plan --------------------------------------------------------------------------------------------


def test_the_plan_prints_the_decree_header_and_every_part(plan_2024):
    data = documents.plan_pdf(plan_2024)
    assert data.startswith(b"%PDF")
    text = text_of(data)
    first_page = page_texts(data)[0]
    for expected in ["ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "Số: 45/KH-UBND", *MOTTO,
                     "Đà Nẵng, ngày 05 tháng 02 năm 2024", "KẾ HOẠCH", "Phát động phong trào thi đua năm 2024"]:
        assert expected in first_page, expected
    for expected in [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15", "Căn cứ Nghị định số 98/2023/NĐ-CP",
        "I. MỤC ĐÍCH, YÊU CẦU", "Phát động phong trào thi đua sâu rộng.", "Bảo đảm thực hiện thắng lợi",
        "II. CHỦ ĐỀ NĂM", "Năm đẩy mạnh cải cách hành chính",
        "III. NỘI DUNG THI ĐUA", "1. Đẩy mạnh cải cách hành chính", "2. Tăng cường kỷ luật, kỷ cương",
        "3. Chuyển đổi số",
        "IV. CHỈ TIÊU CHỦ YẾU", "V. TỔ CHỨC THỰC HIỆN",
        "trước ngày 31/03/2024", "6 tháng: số liệu đến ngày 30/06/2024, gửi báo cáo trước ngày 10/07/2024",
        "Sơ kết 6 tháng vào ngày 15/07/2024", "Tổng kết năm vào ngày 20/12/2024",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nơi nhận:", "Lưu: VT, SNV.",
    ]:
        assert expected in text, expected
    # Each indicator row: name, unit, the city's value in Vietnamese numbers, direction.
    assert re.search(r"1 Tăng trưởng GRDP % 8,5 Càng cao càng tốt", text)
    assert re.search(r"2 Tỷ lệ hộ nghèo % 1\.234,5 Càng thấp càng tốt", text)
    assert re.search(r"3 Hoàn thành chỉ số cải cách hành chính Hoàn thành Hoàn thành / không hoàn thành", text)
    assert "DỰ THẢO" not in text
    assert 1 <= len(open_pdf(data).pages) <= 10


def test_pages_are_numbered_at_the_top_from_the_second(plan_2024):
    Campaign.objects.filter(pk=plan_2024.pk).update(purpose="Mục đích rất dài của kế hoạch. " * 400)
    plan_2024.refresh_from_db()
    pages = page_texts(documents.plan_pdf(plan_2024))
    assert len(pages) >= 3
    assert not pages[0].startswith("1 ")
    for number, page in enumerate(pages[1:], start=2):
        assert page.startswith(f"{number} ") or page.endswith(f" {number}"), page[:40]


def test_a_draft_plan_says_so_on_every_page(world):
    data = documents.plan_pdf(world.c2025)
    pages = page_texts(data)
    assert all("DỰ THẢO" in page for page in pages)
    assert "Nội dung dự thảo" in " ".join(pages)


def test_the_plan_is_printed_in_tex_gyre_termes(plan_2024):
    fonts = embedded_fonts(documents.plan_pdf(plan_2024))
    assert {name.split("+")[-1] for name, _ in fonts} >= {"TeX-Gyre-Termes", "TeX-Gyre-Termes-Bold",
                                                          "TeX-Gyre-Termes-Italic"}
    for name, program in fonts:
        assert b"TeXGyreTermes" in program, name     # the embedded program is the real font, not a stand-in


def test_without_the_font_package_the_system_times_metric_fonts_stand_in(monkeypatch):
    pdf.font_css.cache_clear()
    monkeypatch.setattr(pdf, "font_directory", lambda: None)
    try:
        css = pdf.font_css()
        assert "@font-face" not in css
        assert '"Liberation Serif", "DejaVu Serif", serif' in css
    finally:
        pdf.font_css.cache_clear()


def test_the_font_is_found_without_importing_its_package():
    import sys

    sys.modules.pop(pdf.FONT_PACKAGE, None)
    pdf.font_directory.cache_clear()
    directory = pdf.font_directory()
    assert (directory / "texgyretermes-regular.otf").is_file()
    assert pdf.FONT_PACKAGE not in sys.modules


# --- the server without Pango, and without network -------------------------------------------------------


def test_without_weasyprint_the_user_is_told_why(monkeypatch, plan_2024):
    monkeypatch.setattr(pdf, "_import_error", lambda: "cannot load library 'libpango-1.0-0'")
    available, message = pdf.pdf_available()
    assert not available
    assert "Máy chủ chưa cài thư viện tạo PDF (Pango)" in message
    with pytest.raises(pdf.PdfUnavailable, match="Pango"):
        documents.plan_pdf(plan_2024)


def test_weasyprint_is_available_here():
    assert pdf.pdf_available() == (True, "")


def test_nothing_is_fetched_from_the_network(monkeypatch):
    connections = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: connections.append(a))
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connections.append(a))
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context: (
        f"<style>{context['font_css']}</style><p>Ảnh ngoài: <img src='http://127.0.0.1:9/x.png'>"
        "<link rel='stylesheet' href='https://127.0.0.1:9/x.css'></p>"))
    data = pdf.render_pdf("any.html", {})
    assert "Ảnh ngoài" in text_of(data)
    assert connections == []



def test_the_collector_is_paused_while_printing_and_on_again_after(monkeypatch):
    import gc

    seen = []
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context: (
        seen.append(gc.isenabled()) or f"<style>{context['font_css']}</style><p>Giao ước</p>"))
    assert gc.isenabled()
    pdf.render_pdf("any.html", {})
    pdf.render_pdfs([("any.html", {}), ("any.html", {})], "Hai")
    assert seen == [False, False, False] and gc.isenabled()
    with pytest.raises(pdf.PdfUnavailable):              # on again when printing fails, too
        with pdf.collector_paused():
            raise pdf.PdfUnavailable("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with pdf.collector_paused():
            pass
        assert not gc.isenabled()                          # left as it was found
    finally:
        gc.enable()


def test_the_shared_stylesheet_is_parsed_once_per_thread_and_inline_for_a_browser(world, pledge):
    import threading

    context = documents.pledge_context(pledge)
    for_browser = pdf.render_html("exports/pdf/pledge.html", context)
    for_weasyprint = pdf.render_html("exports/pdf/pledge.html", context, shared_stylesheet=True)
    assert "@font-face" in for_browser and "@page annex" in for_browser
    assert "@font-face" not in for_weasyprint and "@page annex" not in for_weasyprint
    assert "table.signatures" in for_weasyprint                   # the document's own rules stay
    first = pdf.shared_stylesheet()
    assert pdf.shared_stylesheet() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf.shared_stylesheet()))
    thread.start()
    thread.join()
    assert other[0] is not first and other[0][1] is not first[1]   # a FontConfiguration per thread

# --- a pledge --------------------------------------------------------------------------------------------


def test_a_draft_pledge(world, pledge, members):
    fill(pledge, world.a1, COMPLETE)
    fill(pledge, world.a3, {"KT01": "-", "XH01": "0,5", "CQ01": "x"})
    pledge_services.add_line(pledge, PledgeLine(name="Số sáng kiến được công nhận", measure_unit="sáng kiến",
                                                unit=world.a2))
    data = documents.pledge_pdf(pledge)
    text = text_of(data)
    first_page = page_texts(data)[0]
    for expected in ["UBND THÀNH PHỐ", "CỤM THI ĐUA CÁC SỞ SỐ 1", *MOTTO,
                     "ngày 31 tháng 3 năm 2024", "GIAO ƯỚC THI ĐUA NĂM 2024", "Cụm thi đua các sở số 1"]:
        assert expected in first_page, expected
    assert "Số:" not in first_page          # a pledge without its own number and symbol prints none
    for expected in ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15", "NỘI DUNG GIAO ƯỚC",
                     "1. Đẩy mạnh cải cách hành chính", "2. Tăng cường kỷ luật, kỷ cương", "3. Chuyển đổi số",
                     "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", "(Cụm trưởng)", "(Cụm phó)",
                     "PHỤ LỤC", "CHỈ TIÊU CAM KẾT CỦA CÁC ĐƠN VỊ",
                     "Tỷ lệ hộ nghèo (càng thấp càng tốt)", "Không áp dụng", "Cam kết hoàn thành", "0,5",
                     "Số sáng kiến được công nhận (chỉ tiêu riêng của Sở Tài chính)"]:
        assert expected in text, expected
    for unit in members:
        assert unit.name.upper() in text
    assert "Đã ký" not in text
    assert all("DỰ THẢO" in page for page in page_texts(data))
    assert 1 <= len(open_pdf(data).pages) <= 10


def test_an_open_pledge_shows_who_has_signed(open_pledge, world, city):
    pledge_services.sign(open_pledge, world.a1.pk, city, signer_name="Trần Văn Phước", signer_position="Giám đốc")
    text = text_of(documents.pledge_pdf(open_pledge))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert text.count(f"Đã ký ngày {today}") == 1
    assert "Trần Văn Phước" in text and "GIÁM ĐỐC" in text
    assert "DỰ THẢO" in text


def test_a_signed_pledge_has_every_signature_and_no_draft_mark(signed_pledge, members):
    data = documents.pledge_pdf(signed_pledge)
    text = text_of(data)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert text.count(f"Đã ký ngày {today}") == len(members)
    assert text.count("Nguyễn Văn A") == len(members)
    for unit in members:
        assert unit.name.upper() in text
    assert "8,5" in text and "Cam kết hoàn thành" in text
    assert "DỰ THẢO" not in text
    assert documents.decree_date("", timezone.localdate()) in text      # dated the day the last member signed


def test_an_amendment_says_which_and_why(signed_pledge, city):
    amendment = pledge_services.amend(signed_pledge, city, "Điều chỉnh chỉ tiêu tăng trưởng theo Nghị quyết mới")
    text = text_of(documents.pledge_pdf(amendment))
    assert "(Sửa đổi lần 1)" in text
    assert "Điều chỉnh chỉ tiêu tăng trưởng theo Nghị quyết mới" in text
    assert "DỰ THẢO" in text


def big_pledge(size: int, lines: int, year: int = 2031):
    """A signed pledge of ``size`` member units on a plan of ``lines`` indicators, filled in bulk."""
    campaign = make_campaign(
        year, Campaign.Status.ISSUED, items=[f"Nội dung thi đua số {i}" for i in range(1, 11)],
        legal_bases=["Luật Thi đua, khen thưởng số 06/2022/QH15"],
        indicators=[{"code": f"C{i:02d}", "name": f"Chỉ tiêu kinh tế - xã hội chủ yếu số {i} của thành phố",
                     "measure_unit": "tỷ đồng", "city_value": Decimal("12345.5") * i,
                     "direction": "lower" if i % 5 == 0 else "higher"} for i in range(1, lines + 1)],
    )
    units = [make_unit(f"B{year}{i:02d}", f"Sở Nông nghiệp và Phát triển nông thôn số {i}", Unit.Kind.DEPARTMENT,
                       short_name=f"Sở NN&PTNT {i}") for i in range(size)]
    group = make_group(campaign, f"Khối thi đua lớn {year}", Group.Kind.BLOC, leader=units[0], deputy=units[1],
                       members=units[2:])
    draft = pledge_services.create_pledge(group, None)
    rows = [(line, unit.pk, Target.Status.SET, Decimal("1234.5") + i)
            for i, unit in enumerate(units) for line in draft.lines.all()]
    pledge_services.apply_import(draft, rows, None)
    signed = pledge_services.open_for_signing(draft, None)
    sign_all(signed, units)
    signed.refresh_from_db()
    return signed, units


def test_a_pledge_of_fifteen_members_and_twenty_lines_stays_short(world):
    big, units = big_pledge(15, 20)
    data = documents.pledge_pdf(big)
    text = text_of(data)
    assert len(open_pdf(data).pages) < 15
    for unit in units:
        assert unit.name.upper() in text
        assert unit.short_name in text                # an annex column
    assert text.count("Đã ký ngày") == 15
    assert "1.235,5" in text and "246.910" in text    # committed and city values in Vietnamese numbers


@pytest.fixture
def html_only(monkeypatch):
    """Documents rendered to HTML only: the queries are all made by then, and the layout is what takes time."""
    monkeypatch.setattr(documents, "render_pdf", lambda name, context: pdf.render_html(name, context).encode())


def test_pledge_queries_do_not_grow_with_the_group(world, pledge, members, html_only, django_assert_max_num_queries):
    fill_all(pledge, members)
    with CaptureQueriesContext(connection) as small:
        documents.pledge_pdf(pledge)
    big, _units = big_pledge(15, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        documents.pledge_pdf(big)
    with django_assert_max_num_queries(6):
        documents.pledge_pdf(pledge)


def test_plan_queries_are_bounded(world, html_only, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        documents.plan_pdf(world.c2024)


# --- a group's progress ----------------------------------------------------------------------------------


def test_the_progress_report_of_a_group(exports_world):
    w = exports_world
    today = datetime.date(2024, 7, 20)          # after the deadline of 10/07: the third member is late
    data = documents.progress_pdf(w.cluster_a, w.half_year, today=today)
    text = text_of(data)
    first_page = page_texts(data)[0]
    for expected in ["UBND THÀNH PHỐ", "CỤM THI ĐUA CÁC SỞ SỐ 1", *MOTTO, "ngày 20 tháng 7 năm 2024", "BÁO CÁO",
                     "Tiến độ thực hiện giao ước thi đua – 6 tháng năm 2024"]:
        assert expected in first_page, expected
    for unit in (w.a1, w.a2, w.a3):
        assert unit.name in text
    assert "Đã nộp báo cáo: 2/3 đơn vị (hạn nộp ngày 10/07/2024)" in text
    assert "Sở Xây dựng: chưa báo cáo, quá hạn" in text
    assert re.search(r"\d+(,\d)?\s%", text)
    assert "Bình quân cụm" in text
    assert "KẾT QUẢ THỰC HIỆN CHỈ TIÊU CỦA CÁC ĐƠN VỊ – 6 THÁNG NĂM 2024" in text
    assert "Đã xong" in text or "Chưa xong" in text
    assert "DỰ THẢO" not in text
    assert 1 <= len(open_pdf(data).pages) <= 10


def test_a_group_without_a_signed_pledge_has_nothing_to_report(exports_world):
    w = exports_world
    text = text_of(documents.progress_pdf(w.cluster_b, w.half_year, today=datetime.date(2024, 7, 1)))
    assert "chưa ký kết giao ước thi đua" in text
    assert "PHỤ LỤC" not in text


def test_the_whole_year_is_not_called_twice_a_year(exports_world):
    w = exports_world
    year = w.c2024.periods.get(name="Năm")
    assert documents.period_label(year, 2024) == "năm 2024"
    assert documents.period_label(w.half_year, 2024) == "6 tháng năm 2024"


def test_progress_queries_are_bounded(exports_world, html_only, django_assert_max_num_queries):
    w = exports_world
    with django_assert_max_num_queries(7):          # the dashboard's 5, the plan, the leader's signature
        documents.progress_pdf(w.cluster_a, w.half_year, today=datetime.date(2024, 7, 20))
