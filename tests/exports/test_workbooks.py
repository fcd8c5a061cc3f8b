"""Excel workbooks: every file is opened with openpyxl and its cells compared with the database and with the
numbers the dashboards compute.

The shared world: the 2024 plan (KT01 higher 8,5 % · XH01 lower is better · CQ01 done / not done), cluster A
(a1 leader, a2 deputy, a3) and cluster B (b1 leader, b2). ``reported`` is the dashboards' mid-year situation:
a1 100 %, a2 50 %, a3 a draft; b1 0 %, b2 nothing; the day after the "6 tháng" deadline (10/07/2024).
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Avg
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Indicator
from common import xlsx
from exports import workbooks
from exports.workbooks import (
    filename_for_late,
    filename_for_plan,
    filename_for_pledge,
    filename_for_progress,
    late_workbook,
    plan_workbook,
    pledge_workbook,
    progress_workbook,
)
from groups.models import Group, Membership
from pledges import services as pledge_services
from pledges.models import PledgeLine, PledgeMember, Signature
from progress import dashboards
from progress.models import Report
from tests.builders import fill, fill_all, period_named, report_with, sign_all, signed_pledge_of
from units.models import Unit

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = datetime.date(2024, 7, 11)
ON_DEADLINE = datetime.date(2024, 7, 10)


def open_xlsx(data: bytes):
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def table(ws) -> list[dict]:
    """The rows under the header as dicts keyed by the header's titles."""
    rows = list(ws.iter_rows())
    headers = [cell.value for cell in rows[0]]
    return [{h: cell for h, cell in zip(headers, row, strict=False)} for row in rows[1:]]


def values(ws) -> list[dict]:
    return [{h: cell.value for h, cell in row.items()} for row in table(ws)]


def assert_header_frozen_and_bold(wb):
    for ws in wb.worksheets:
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2"), ws.title
        assert ws.print_title_rows == "$1:$1"
        header = [cell for cell in ws[1] if cell.value is not None]
        assert header and all(cell.font.b for cell in header), ws.title


def assert_sheet_names_valid(wb):
    names = wb.sheetnames
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert not any(set(name) & set("[]:*?/\\") for name in names)


def assert_date(cell, expected, number_format=xlsx.DATE_FORMAT):
    assert cell.is_date and cell.number_format == number_format
    assert isinstance(cell.value, datetime.datetime)
    if isinstance(expected, datetime.datetime):
        assert cell.value == timezone.localtime(expected).replace(tzinfo=None, microsecond=0)
    else:
        assert cell.value.date() == expected and cell.value.time() == datetime.time(0)


def cut(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters before "…", as :func:`common.xlsx.sheet_title` cuts."""
    return text[:length].rstrip() + "…"


def number(value) -> Decimal | None:
    """A cell's number as a Decimal of two places (openpyxl reads floats)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


# --- helpers ---------------------------------------------------------------------------------------------


def test_filenames_are_ascii(world):
    assert filename_for_plan(world.c2024) == "ke-hoach-thi-dua-2024.xlsx"
    period = period_named(world.c2024, "6 tháng")
    assert filename_for_progress(world.c2024, period) == "tien-do-2024-6-thang.xlsx"
    assert filename_for_progress(world.c2024, period, "bloc") == "tien-do-khoi-thi-dua-2024-6-thang.xlsx"
    assert filename_for_late(period) == "nop-muon-2024-6-thang.xlsx"
    Group.objects.filter(pk=world.cluster_a.pk).update(name="Đoàn thể – Đảng, đội")
    pledge = pledge_services.create_pledge(Group.objects.get(pk=world.cluster_a.pk), None)
    assert filename_for_pledge(pledge) == "giao-uoc-doan-the-dang-doi-2024.xlsx"
    for name in ("ke-hoach-thi-dua-2024.xlsx", filename_for_pledge(pledge)):
        assert name.isascii()


# --- the plan --------------------------------------------------------------------------------------------


def test_plan_workbook_holds_the_plan(world):
    campaign = world.c2024
    Indicator.objects.filter(campaign=campaign, code="CQ01").update(name="=HYPERLINK(\"http://x\")")
    wb = open_xlsx(plan_workbook(campaign))
    assert wb.sheetnames == ["Thông tin", "Nội dung thi đua", "Chỉ tiêu", "Kỳ báo cáo"]
    assert_header_frozen_and_bold(wb)

    info = {row["Thông tin"].value: row["Nội dung"] for row in table(wb["Thông tin"])}
    assert info["Năm"].value == 2024
    assert info["Tên kế hoạch"].value == campaign.title
    assert info["Số, ký hiệu văn bản"].value == "45/KH-UBND"
    assert info["Chủ đề năm"].value == "Năm đẩy mạnh cải cách hành chính"
    assert_date(info["Ngày ban hành"], datetime.date(2024, 2, 5))

    items = values(wb["Nội dung thi đua"])
    assert [(r["STT"], r["Nội dung"]) for r in items] == list(
        campaign.content_items.order_by("position").values_list("position", "title"))

    rows = table(wb["Chỉ tiêu"])
    indicators = list(campaign.indicators.order_by("position", "code"))
    assert [r["Mã"].value for r in rows] == [i.code for i in indicators]
    kt01, xh01, cq01 = rows
    assert kt01["Chỉ tiêu thành phố"].value == Decimal("8.5") or kt01["Chỉ tiêu thành phố"].value == 8.5
    assert kt01["Chỉ tiêu thành phố"].data_type == "n" and kt01["Chỉ tiêu thành phố"].number_format == "#,##0.0"
    assert xh01["Chỉ tiêu thành phố"].value == 1234.5                       # thousands separator shown
    assert xh01["Chỉ tiêu thành phố"].number_format == "#,##0.0"
    assert xh01["Chiều đánh giá"].value == "Càng thấp càng tốt"
    assert xh01["Lĩnh vực"].value == "Văn hóa – xã hội"
    assert xh01["Thuộc nội dung"].value == "2. Tăng cường kỷ luật, kỷ cương"
    assert kt01["Đơn vị tính"].value == "%" and kt01["Trọng số"].value == 1
    assert cq01["Chỉ tiêu thành phố"].value is None                          # done / not done: no value
    assert cq01["Chỉ tiêu"].value == "=HYPERLINK(\"http://x\")" and cq01["Chỉ tiêu"].data_type == "s"

    periods = values(wb["Kỳ báo cáo"])
    assert [r["Kỳ báo cáo"] for r in periods] == ["Quý I", "6 tháng", "9 tháng", "Năm"]
    assert_date(table(wb["Kỳ báo cáo"])[1]["Hạn nộp báo cáo"], datetime.date(2024, 7, 10))


# --- a pledge --------------------------------------------------------------------------------------------


@pytest.fixture
def signed_a(world):
    """Cluster A's signed pledge: the usual values (KT01 8,5 · XH01 0 · CQ01 x), but a3 does not take KT01
    and commits to halve XH01 to 2."""
    pledge = pledge_services.create_pledge(world.cluster_a, None)
    fill_all(pledge, [world.a1, world.a2, world.a3])
    fill(pledge, world.a3, {"KT01": "-", "XH01": "2"})
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, [world.a1, world.a2, world.a3])
    pledge.refresh_from_db()
    return pledge


def test_pledge_workbook_holds_every_member_s_targets(world, signed_a):
    # A name that looks like a formula; a signed pledge shows its members' names as they signed.
    PledgeMember.objects.filter(pledge=signed_a, unit=world.a2).update(unit_name="+Sở Tài chính")
    wb = open_xlsx(pledge_workbook(signed_a))
    assert wb.sheetnames == ["Thông tin", "Chỉ tiêu cam kết", "Chữ ký"]
    assert_header_frozen_and_bold(wb)
    assert wb["Chỉ tiêu cam kết"].freeze_panes == "C2"

    rows = table(wb["Chỉ tiêu cam kết"])
    by_key = {(r["Mã đơn vị"].value, r["Mã chỉ tiêu"].value): r for r in rows}
    assert len(rows) == 3 * 3
    assert [r["Mã đơn vị"].value for r in rows][::3] == ["SKHDT", "STC", "SXD"]   # leader, deputy, member
    kt01 = by_key[("SKHDT", "KT01")]
    assert kt01["Giá trị cam kết"].value == 8.5 and kt01["Giá trị cam kết"].data_type == "n"
    assert kt01["Chỉ tiêu thành phố"].value == 8.5 and kt01["Đơn vị tính"].value == "%"
    zero = by_key[("SKHDT", "XH01")]["Giá trị cam kết"]
    assert zero.value == 0 and zero.data_type == "n"                      # 0 is a value, not a blank
    assert by_key[("SKHDT", "XH01")]["Chiều đánh giá"].value == "Càng thấp càng tốt"
    assert by_key[("SKHDT", "CQ01")]["Giá trị cam kết"].value == "Cam kết hoàn thành"
    assert by_key[("SKHDT", "CQ01")]["Chỉ tiêu thành phố"].value is None
    assert by_key[("SXD", "KT01")]["Giá trị cam kết"].value == "Không áp dụng"
    assert by_key[("SXD", "XH01")]["Giá trị cam kết"].value == 2
    stored = {(t.unit.code, t.line.code): t.value for t in signed_a.targets.select_related("unit", "line")
              if t.status == "set" and t.value is not None}
    assert stored == {key: Decimal(str(by_key[key]["Giá trị cam kết"].value)) for key in stored}
    name = by_key[("STC", "KT01")]["Tên đơn vị"]
    assert name.value == "+Sở Tài chính" and name.data_type == "s"

    signatures = table(wb["Chữ ký"])
    stored = list(Signature.objects.filter(pledge=signed_a).order_by("signed_at", "pk").select_related("unit"))
    assert [r["Mã đơn vị"].value for r in signatures] == [s.unit.code for s in stored]
    for row, signature in zip(signatures, stored, strict=True):
        assert row["Người ký"].value == "Nguyễn Văn A" and row["Chức vụ"].value == "Giám đốc"
        assert_date(row["Thời điểm ký"], signature.signed_at, xlsx.DATETIME_FORMAT)
        assert row["Trạng thái"].value == "Đã ký"
    info = {row["Thông tin"].value: row["Nội dung"] for row in table(wb["Thông tin"])}
    assert info["Trạng thái"].value == "Đã ký kết"
    assert_date(info["Hoàn tất ký kết lúc"], signed_a.signed_at, xlsx.DATETIME_FORMAT)


def test_pledge_workbook_of_a_pledge_being_signed_lists_who_has_not_signed(world):
    pledge = pledge_services.create_pledge(world.cluster_b, None)
    fill_all(pledge, [world.b1, world.b2])
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, [world.b2])
    PledgeLine.objects.filter(pledge=pledge, code="KT01").update(name="@SUM(A1)")
    wb = open_xlsx(pledge_workbook(pledge))
    rows = values(wb["Chữ ký"])
    assert [(r["Mã đơn vị"], r["Trạng thái"]) for r in rows] == [("QST", "Đã ký"), ("QHC", "Chưa ký")]
    assert rows[1]["Thời điểm ký"] is None
    line = table(wb["Chỉ tiêu cam kết"])[0]["Chỉ tiêu"]
    assert line.value == "@SUM(A1)" and line.data_type == "s"


# --- progress ---------------------------------------------------------------------------------------------


@pytest.fixture
def reported(world):
    """The dashboards' mid-year situation (tests/progress/test_dashboards.py ``reported``)."""
    half_year = period_named(world.c2024, "6 tháng")
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    report_with(half_year, world.a2, values={"KT01": "4.25", "XH01": "0", "CQ01": False}, submit=True)
    report_with(half_year, world.a3, values={"KT01": "1"})
    signed_pledge_of(world.cluster_b, [world.b1, world.b2])
    report_with(half_year, world.b1, values={"KT01": "0", "XH01": "3", "CQ01": False}, submit=True)
    return half_year


def all_groups(world):
    return Group.objects.filter(campaign=world.c2024)


def summary_rows(wb) -> tuple[list[dict], dict]:
    rows = table(wb["Tổng hợp"])
    return rows[:-1], rows[-1]


def test_progress_summary_is_the_city_dashboard(world, reported):
    wb = open_xlsx(progress_workbook(world.c2024, reported, all_groups(world), today=AFTER_DEADLINE))
    dashboard = dashboards.city_dashboard(world.c2024, reported, today=AFTER_DEADLINE)
    assert wb.sheetnames[:2] == ["Tổng hợp", "Thông tin"]
    assert_header_frozen_and_bold(wb)
    assert_sheet_names_valid(wb)
    assert wb["Tổng hợp"].freeze_panes == "C2"

    rows, totals = summary_rows(wb)
    assert [r["Cụm, khối"].value for r in rows] == [row.group.name for row in dashboard.rows]
    for cells, row in zip(rows, dashboard.rows, strict=True):
        assert cells["Đã nộp"].value == row.submitted and cells["Phải nộp"].value == row.expected
        assert cells["Đơn vị chậm"].value == row.behind and cells["Nộp muộn"].value == row.late
        assert number(cells["Mức đạt trung bình (%)"].value) == row.average
        assert cells["Mức đạt trung bình (%)"].number_format == workbooks.PERCENT_FORMAT
        assert cells["Tình trạng"].value == {"on_track": "Đúng tiến độ", "behind": "Chậm"}[row.status]
    b, a = rows                                             # "Cụm thi đua các quận" < "… các sở số 1"
    assert (a["Đã nộp"].value, a["Phải nộp"].value, number(a["Mức đạt trung bình (%)"].value)) == (2, 3, 75)
    assert (b["Đã nộp"].value, b["Phải nộp"].value, b["Đơn vị chậm"].value) == (1, 2, 1)
    assert number(b["Mức đạt trung bình (%)"].value) == 0                   # a zero, written as a number
    assert b["Mức đạt trung bình (%)"].data_type == "n"
    assert number(a["Tỷ lệ nộp (%)"].value) == Decimal("66.7")                # 2/3, rounded once as shown

    # The totals row: the dashboard's headline figures; the city average over every submitted report.
    assert totals["Cụm, khối"].value == "Tổng cộng" and totals["Cụm, khối"].font.b
    assert (totals["Đã nộp"].value, totals["Phải nộp"].value) == (dashboard.submitted, dashboard.expected) == (3, 5)
    assert totals["Đơn vị chậm"].value == dashboard.behind == 1
    assert totals["Nộp muộn"].value == dashboard.late_count == 2
    city_average = Report.objects.filter(period=reported, status="submitted").aggregate(a=Avg("attainment"))["a"]
    assert number(totals["Mức đạt trung bình (%)"].value) == dashboard.average == Decimal(50) == city_average
    # … not the mean of the group averages ((75 + 0) / 2 = 37,5).
    assert number(totals["Mức đạt trung bình (%)"].value) != Decimal("37.50")
    assert totals["Giao ước"].value == "2/2 đã ký kết"

    info = {row["Thông tin"].value: row["Nội dung"] for row in table(wb["Thông tin"])}
    assert_date(info["Số liệu đến ngày"], datetime.date(2024, 6, 30))
    assert_date(info["Hạn nộp báo cáo"], datetime.date(2024, 7, 10))
    assert number(info["Mốc đúng tiến độ (%)"].value) == dashboard.share * 100


def test_progress_group_sheet_is_the_group_dashboard(world, reported):
    wb = open_xlsx(progress_workbook(world.c2024, reported, all_groups(world), today=AFTER_DEADLINE))
    assert wb.sheetnames[2:] == ["Theo nội dung", "Theo chỉ tiêu", world.cluster_b.name, world.cluster_a.name]
    ws = wb[world.cluster_a.name]
    assert ws.freeze_panes == "D2"
    headers = [cell.value for cell in ws[1]]
    assert headers[:7] == ["STT", "Mã đơn vị", "Đơn vị", "Vai trò", "Báo cáo", "Nộp lúc", "Nộp muộn"]
    assert headers[7:10] == ["KT01 – Tăng trưởng GRDP (%)\nThực hiện", "KT01\nMức đạt (%)",
                             "KT01\nMức đạt chưa giới hạn (%)"]
    assert headers[10].startswith("XH01 – Tỷ lệ hộ nghèo (%) – càng thấp càng tốt")
    assert headers[16:] == ["Mức đạt trung bình (%)", "Mức đạt trung bình chưa giới hạn (%)", "Tình trạng"]
    rows = list(ws.iter_rows(min_row=2))
    a1, a2, a3, footer = rows
    gd = dashboards.group_dashboard(world.cluster_a, reported, today=AFTER_DEADLINE)
    assert [r[1].value for r in (a1, a2, a3)] == [row.membership.unit.code for row in gd.rows]

    def cells(row):
        """Per line: actual, attainment as displayed, uncapped."""
        return [c.value for c in row[7:16]]

    # a1: KT01 8,5 → 100 %, XH01 (lower is better) 0 against 0 → 100 %, CQ01 done → 100 %.
    assert cells(a1) == [8.5, 100, 100, 0, 100, 100, "Đã xong", 100, 100]
    assert a1[10].data_type == "n"                                          # the zero actual is a number
    assert a1[8].number_format == workbooks.PERCENT_FORMAT
    # a2: half the growth → 50 %, XH01 0 → 100 %, CQ01 not done → 0 %.
    assert cells(a2) == [4.25, 50, 50, 0, 100, 100, "Chưa xong", 0, 0]
    assert number(a2[16].value) == number(a2[17].value) == Decimal(50) == gd.rows[1].average
    assert a2[18].value == "Đúng tiến độ"
    assert a1[4].value == "Đã nộp" and a1[6].value is None
    assert_date(a1[5], Report.objects.get(period=reported, unit=world.a1).submitted_at, xlsx.DATETIME_FORMAT)
    # a3's draft counts for nothing: no values, no average, and it is late.
    assert cells(a3) == [None] * 9 and a3[16].value is None
    assert (a3[4].value, a3[6].value) == ("Đang soạn, chưa nộp", "Quá hạn")
    # The group's averages, per line and overall: the dashboard's.
    assert footer[2].value == "Trung bình cụm, khối" and footer[2].font.b
    assert [number(footer[i].value) for i in (8, 11, 14)] == [avg for _line, avg, _s in gd.column_averages]
    assert [number(footer[i].value) for i in (8, 11, 14)] == [75, 100, 50]
    assert [footer[i].value for i in (7, 10, 13)] == [None] * 3
    assert number(footer[16].value) == gd.average == 75
    assert footer[6].value == 1                                             # late: a3


@pytest.fixture
def over_cap(world):
    """Cluster A as in ``reported``; in cluster B, b2 commits to halve XH01 to 2 and reports better than promised
    on everything: KT01 17 (200 %), XH01 1 (lower is better: 2 / 1 = 200 %), CQ01 done (100 %): 100 % on average
    (each target counts at most 100 %), 166,67 % uncapped; b1 at 0 %."""
    half_year = period_named(world.c2024, "6 tháng")
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    report_with(half_year, world.a2, values={"KT01": "4.25", "XH01": "0", "CQ01": False}, submit=True)
    report_with(half_year, world.a3, values={"KT01": "1"})
    pledge = pledge_services.create_pledge(world.cluster_b, None)
    fill_all(pledge, [world.b1, world.b2])
    fill(pledge, world.b2, {"XH01": "2"})
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, [world.b1, world.b2])
    report_with(half_year, world.b1, values={"KT01": "0", "XH01": "3", "CQ01": False}, submit=True)
    report_with(half_year, world.b2, values={"KT01": "17", "XH01": "1", "CQ01": True}, submit=True)
    return half_year


def test_attainment_is_capped_as_displayed_and_kept_uncapped(world, over_cap):
    b2 = Report.objects.get(period=over_cap, unit=world.b2)
    assert (b2.attainment, b2.attainment_uncapped) == (Decimal(100), Decimal("166.7"))   # (200 + 200 + 100) / 3, one decimal
    assert set(b2.values.values_list("line__code", "attainment")) == {
        ("KT01", Decimal(200)), ("XH01", Decimal(200)), ("CQ01", Decimal(100))}
    wb = open_xlsx(progress_workbook(world.c2024, over_cap, all_groups(world), today=AFTER_DEADLINE))
    rows = list(wb[world.cluster_b.name].iter_rows(min_row=2))
    b2_row = next(r for r in rows if r[1].value == "QST")
    # As displayed (100), then uncapped (200): lower is better too (2 promised, 1 reached).
    assert [c.value for c in b2_row[7:16]] == [17, 100, 200, 1, 100, 200, "Đã xong", 100, 100]
    assert (b2_row[16].value, number(b2_row[17].value)) == (100, Decimal("166.7"))
    assert b2_row[18].value == "Đã đạt"
    footer = rows[-1]
    gd = dashboards.group_dashboard(world.cluster_b, over_cap, today=AFTER_DEADLINE)
    assert [number(footer[i].value) for i in (8, 11, 14)] == [avg for _line, avg, _s in gd.column_averages]
    assert [number(footer[i].value) for i in (9, 12, 15)] == gd.column_uncapped
    assert number(footer[9].value) == 100 and number(footer[8].value) == 50    # KT01: (0 + 200) / 2, (0 + 100) / 2
    dashboard = dashboards.city_dashboard(world.c2024, over_cap, today=AFTER_DEADLINE)
    rows, totals = summary_rows(wb)
    row_b = next(r for r in rows if r["Cụm, khối"].value == world.cluster_b.name)
    dash_b = next(r for r in dashboard.rows if r.group.pk == world.cluster_b.pk)
    assert dash_b.average == 50 and dash_b.uncapped == Decimal("83.4")  # (0 + 166,7) / 2 = 83,35, half up
    assert number(row_b["Mức đạt trung bình (%)"].value) == dash_b.average
    assert number(row_b["Mức đạt trung bình chưa giới hạn (%)"].value) == dash_b.uncapped
    assert number(totals["Mức đạt trung bình (%)"].value) == dashboard.average == Decimal("62.5")
    assert number(totals["Mức đạt trung bình chưa giới hạn (%)"].value) == dashboard.uncapped == Decimal("79.2")   # 316,7 / 4 = 79,175
    assert (totals["Đã nộp"].value, totals["Đơn vị chậm"].value, totals["Nộp muộn"].value) == (
        dashboard.submitted, dashboard.behind, dashboard.late_count) == (4, 1, 1)


def test_progress_follows_the_groups_kind_and_sort(world, reported):
    # Only the groups the caller may see: the totals are those of its rows.
    wb = open_xlsx(progress_workbook(world.c2024, reported, Group.objects.filter(pk=world.cluster_a.pk),
                                     today=AFTER_DEADLINE))
    assert wb.sheetnames == ["Tổng hợp", "Thông tin", "Theo nội dung", "Theo chỉ tiêu", world.cluster_a.name]
    rows, totals = summary_rows(wb)
    assert [r["Cụm, khối"].value for r in rows] == [world.cluster_a.name]
    assert (totals["Đã nộp"].value, totals["Phải nộp"].value, totals["Nộp muộn"].value) == (2, 3, 1)
    assert number(totals["Mức đạt trung bình (%)"].value) == Decimal(75)
    # A kind, a sort: the dashboard's rows in the dashboard's order.
    Group.objects.filter(pk=world.cluster_b.pk).update(kind=Group.Kind.BLOC)
    for kind, sort in (("bloc", "name"), ("cluster", "name"), ("all", "-attainment"), ("all", "attainment")):
        dashboard = dashboards.city_dashboard(world.c2024, reported, kind=kind, sort=sort, today=AFTER_DEADLINE)
        wb = open_xlsx(progress_workbook(world.c2024, reported, all_groups(world), kind=kind, sort=sort,
                                         today=AFTER_DEADLINE))
        rows, totals = summary_rows(wb)
        assert [r["Cụm, khối"].value for r in rows] == [row.group.name for row in dashboard.rows]
        assert (totals["Đã nộp"].value, totals["Phải nộp"].value, totals["Nộp muộn"].value,
                number(totals["Mức đạt trung bình (%)"].value)) == (
            dashboard.submitted, dashboard.expected, dashboard.late_count, dashboard.average)


def test_progress_before_anything_is_signed(world):
    period = period_named(world.c2024, "Quý I")
    wb = open_xlsx(progress_workbook(world.c2024, period, all_groups(world), today=datetime.date(2024, 4, 1)))
    rows, totals = summary_rows(wb)
    assert [r["Giao ước"].value for r in rows] == ["Chưa ký kết", "Chưa ký kết"]
    assert (totals["Đã nộp"].value, totals["Phải nộp"].value, totals["Mức đạt trung bình (%)"].value) == (0, 0, None)
    ws = wb[world.cluster_a.name]
    assert [row[4].value for row in ws.iter_rows(min_row=2, max_row=4)] == ["Chưa ký kết giao ước"] * 3


def test_long_group_names_give_short_unique_sheet_names(world, reported):
    base = "Cụm thi đua các phường thuộc quận Hải Châu và Thanh Khê"
    Group.objects.filter(pk=world.cluster_a.pk).update(name=f"{base} số 1")
    Group.objects.filter(pk=world.cluster_b.pk).update(name=f"={base} số 2")
    Unit.objects.filter(pk=world.a1.pk).update(name="-Sở Kế hoạch")
    wb = open_xlsx(progress_workbook(world.c2024, reported, all_groups(world), today=AFTER_DEADLINE))
    assert_sheet_names_valid(wb)
    assert set(wb.sheetnames[4:]) == {cut(f"={base}", 30), cut(base, 30)}
    rows, _totals = summary_rows(wb)
    name = next(r["Cụm, khối"] for r in rows if r["Cụm, khối"].value.startswith("="))
    assert name.value == f"={base} số 2" and name.data_type == "s"
    a1 = wb[cut(base, 30)][2][2]
    assert a1.value == "-Sở Kế hoạch" and a1.data_type == "s"


def test_two_groups_sharing_their_first_31_characters(world, reported):
    base = "Cụm thi đua các phường thuộc quận Hải Châu"
    Group.objects.filter(pk=world.cluster_a.pk).update(name=f"{base} số 1")
    Group.objects.filter(pk=world.cluster_b.pk).update(name=f"{base} số 2")
    wb = open_xlsx(progress_workbook(world.c2024, reported, all_groups(world), today=AFTER_DEADLINE))
    assert_sheet_names_valid(wb)
    assert wb.sheetnames[4:] == [cut(base, 30), cut(base, 26) + " (2)"]
    assert wb.worksheets[4][2][1].value == "SKHDT" and wb.worksheets[5][2][1].value == "QHC"


# --- the late list ---------------------------------------------------------------------------------------


def test_late_workbook_lists_the_late_units(world, reported):
    Unit.objects.filter(pk=world.b2.pk).update(name="=1+1")
    wb = open_xlsx(late_workbook(reported, all_groups(world), today=datetime.date(2024, 7, 13)))
    assert wb.sheetnames == ["Nộp muộn"]
    assert_header_frozen_and_bold(wb)
    rows = table(wb["Nộp muộn"])
    dashboard = dashboards.city_dashboard(world.c2024, reported, today=datetime.date(2024, 7, 13))
    assert len(rows) == dashboard.late_count == 2
    assert [(r["Cụm, khối"].value, r["Mã đơn vị"].value, r["Vai trò"].value, r["Trạng thái báo cáo"].value)
            for r in rows] == [(world.cluster_b.name, "QST", "Thành viên", "Chưa báo cáo"),
                               (world.cluster_a.name, "SXD", "Thành viên", "Đang soạn, chưa nộp")]
    for row in rows:
        assert_date(row["Hạn nộp"], datetime.date(2024, 7, 10))
        assert row["Số ngày muộn"].value == 3
    assert rows[0]["Đơn vị"].value == "=1+1" and rows[0]["Đơn vị"].data_type == "s"

    wb = open_xlsx(late_workbook(reported, Group.objects.filter(pk=world.cluster_a.pk), today=AFTER_DEADLINE))
    assert [r["Mã đơn vị"] for r in values(wb.active)] == ["SXD"]


def test_late_workbook_before_the_deadline_says_so(world, reported):
    wb = open_xlsx(late_workbook(reported, all_groups(world), today=ON_DEADLINE))
    rows = values(wb.active)
    assert len(rows) == 1 and "10/07/2024" in rows[0]["Cụm, khối"]
    Report.objects.filter(period=reported).update(status="submitted", submitted_at=timezone.now())
    Membership.objects.filter(unit=world.b2).delete()
    rows = values(open_xlsx(late_workbook(reported, all_groups(world), today=AFTER_DEADLINE)).active)
    assert len(rows) == 1 and rows[0]["Cụm, khối"].startswith("Không có đơn vị nào nộp muộn")


# --- measuring -------------------------------------------------------------------------------------------


def test_bench_reports_the_workbook_and_the_floor(world, reported):
    from bench.workbooks import bench_progress_workbook

    result = bench_progress_workbook(world.c2024, reported)
    for key in ("workbook", "floor", "styled_floor"):
        assert set(result[key]) >= {"seconds", "peak_mb", "cells", "cells_per_s"}
        assert result[key]["cells"] == result["workbook"]["cells"] > 0
    assert result["workbook"]["sheets"] == result["floor"]["sheets"] == result["styled_floor"]["sheets"] == 6


def test_the_styled_floor_writes_the_workbooks_cells_styles_and_settings(world, reported):
    from bench.workbooks import _styled_floor_workbook, _styled_shape

    sheets = _styled_shape(progress_workbook(world.c2024, reported, all_groups(world), today=AFTER_DEADLINE))
    assert _styled_shape(_styled_floor_workbook(sheets)) == sheets
    assert any(cell and cell[2] is not None for sheet in sheets for row in sheet["rows"] for cell in row)


def test_the_floor_has_the_workbooks_sheets_and_rows():
    from bench.workbooks import _floor_workbook, _shape

    shape = [[13, 13, 1], [2], [], [100, 100, 5]]
    assert _shape(_floor_workbook(shape)) == shape
