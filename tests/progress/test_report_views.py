"""Report pages: who may see and do what (by URL), filling in, submitting, returning, evidence, closing."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges import services as pledge_services
from pledges.models import PledgeLine
from progress import services, urls
from progress.models import Evidence, PeriodClosure, Report, ReportEvent, ReportValue
from tests.builders import COMPLETE, FULL, fill_all, period_named, report_with, sign_all, signed_pledge_of
from tests.factories import login
from tests.matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    SEEN_BY_GROUP,
    everyone,
    expect,
    matrix_tests,
    route,
)
from tests.pages import assert_vietnamese_dates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own folder of uploaded files, so what a test finds there is its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path

INVALID = 422
OWN_OFFICER_A1 = expect(city=FORBIDDEN, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN,
                        outsider=NOT_FOUND, no_unit=NOT_FOUND)
NOBODY_IN_A = expect(city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN,
                     outsider=NOT_FOUND, no_unit=NOT_FOUND)
REVIEWERS_OF_A = expect(city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN,
                        outsider=NOT_FOUND, no_unit=NOT_FOUND)


def text(response) -> str:
    return response.content.decode()


def pdf(name="bien-ban.pdf", content=b"%PDF-1.4 minh chung"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# States of a1's (officer's) half-year report on cluster A's signed pledge, built inside each test.
def half(w):
    return period_named(w.c2024, "6 tháng")


def signed(w):
    return signed_pledge_of(w.cluster_a, [w.a1, w.a2, w.a3])


def draft(w):
    signed(w)
    return report_with(half(w), w.a1, values=FULL)


def submitted(w):
    signed(w)
    return report_with(half(w), w.a1, values=FULL, submit=True)


def closed(report):
    services.close_period(report.period, None)
    return report


def with_evidence(report):
    [evidence] = services.add_evidence(report, [pdf()], None)
    return {"pk": report.pk, "evidence_pk": evidence.pk}


def page_of(report, url=False):
    kwargs = {"period_pk": report.period_id, "unit_pk": report.unit_id}
    return reverse("progress:report", kwargs=kwargs) if url else kwargs


def save_data(report, values=None, action="save"):
    """The report form as posted: every value, as typed (FULL by default)."""
    typed = {"KT01": "4,25", "XH01": "0", "CQ01": "no"} if values is None else values
    data = {"revision": str(report.revision), "action": action}
    for value in report.values.select_related("line"):
        field = "done" if value.direction == "done" else "actual"
        data[f"{field}-{value.target_id}"] = typed.get(value.line.code, "")
        data[f"note-{value.target_id}"] = ""
    return data


def a1_report(w):
    return Report.objects.get(unit=w.a1)


# The routes, with the status each persona gets (``tests.matrix.route``): officer is a1, leader of A;
# officer2 is a2, deputy of A; outsider is b1, leader of B.
ROUTES = [
    route("report", "progress:report", kwargs=lambda w: page_of(draft(w)), **SEEN_BY_GROUP),
    route("report-not-opened", "progress:report",
          kwargs=lambda w: signed(w) and {"period_pk": half(w).pk, "unit_pk": w.a1.pk},
          **SEEN_BY_GROUP),
    route("report-no-pledge", "progress:report",
          kwargs=lambda w: {"period_pk": half(w).pk, "unit_pk": w.b1.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("report-not-a-member", "progress:report",
          kwargs=lambda w: signed(w) and {"period_pk": half(w).pk, "unit_pk": w.loner.pk},
          **everyone(NOT_FOUND)),
    route("report-missing-period", "progress:report",
          kwargs=lambda w: {"period_pk": 999999, "unit_pk": w.a1.pk},
          **everyone(NOT_FOUND)),
    route("report-draft-plan", "progress:report",
          kwargs=lambda w: {"period_pk": w.c2025.periods.first().pk, "unit_pk": w.a1.pk},
          **everyone(NOT_FOUND)),
    route("save", "progress:report", method="post", kwargs=lambda w: page_of(draft(w)),
          data=lambda w: save_data(a1_report(w)),
          **OWN_OFFICER_A1),
    route("save-submitted", "progress:report", method="post", kwargs=lambda w: page_of(submitted(w)),
          data=lambda w: save_data(a1_report(w)),
          **NOBODY_IN_A),
    route("save-closed", "progress:report", method="post", kwargs=lambda w: page_of(closed(draft(w))),
          data=lambda w: save_data(a1_report(w)),
          **NOBODY_IN_A),
    route("submit", "progress:report_submit", method="post", kwargs=lambda w: {"pk": draft(w).pk},
          **OWN_OFFICER_A1),
    route("submit-submitted", "progress:report_submit", method="post",
          kwargs=lambda w: {"pk": submitted(w).pk},
          **NOBODY_IN_A),
    route("submit-closed", "progress:report_submit", method="post",
          kwargs=lambda w: {"pk": closed(draft(w)).pk},
          **NOBODY_IN_A),
    route("return", "progress:report_return", method="post", kwargs=lambda w: {"pk": submitted(w).pk},
          data={"comment": "Sai số liệu"},
          **REVIEWERS_OF_A),
    route("return-draft", "progress:report_return", method="post", kwargs=lambda w: {"pk": draft(w).pk},
          data={"comment": "Sai"},
          **NOBODY_IN_A),
    route("return-closed", "progress:report_return", method="post",
          kwargs=lambda w: {"pk": closed(submitted(w)).pk}, data={"comment": "Sai"},
          **NOBODY_IN_A),
    route("evidence-upload", "progress:report", method="post", kwargs=lambda w: page_of(draft(w)),
          data=lambda w: save_data(a1_report(w), action="upload") | {"file": pdf()},
          **OWN_OFFICER_A1),
    route("evidence-upload-submitted", "progress:report", method="post",
          kwargs=lambda w: page_of(submitted(w)),
          data=lambda w: save_data(a1_report(w), action="upload") | {"file": pdf()},
          **NOBODY_IN_A),
    route("evidence-download", "progress:evidence_download", kwargs=lambda w: with_evidence(draft(w)),
          **SEEN_BY_GROUP),
    route("evidence-download-missing", "progress:evidence_download",
          kwargs=lambda w: {"pk": draft(w).pk, "evidence_pk": 999999},
          **everyone(NOT_FOUND)),
    route("evidence-delete", "progress:evidence_delete", method="post",
          kwargs=lambda w: with_evidence(draft(w)),
          **OWN_OFFICER_A1),
    route("evidence-delete-closed", "progress:evidence_delete", method="post",
          kwargs=lambda w: with_evidence(draft(w)) | {"pk": closed(a1_report(w)).pk},
          **NOBODY_IN_A),
    route("period-close", "progress:period_close", method="post", kwargs=lambda w: {"period_pk": half(w).pk},
          city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN,
          no_unit=FORBIDDEN),
    route("period-close-draft-plan", "progress:period_close", method="post",
          kwargs=lambda w: {"period_pk": w.c2025.periods.first().pk},
          city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "progress", urls.report_patterns
)


# --- opening ------------------------------------------------------------------------------------------------


@pytest.fixture
def page_url(world, half_year):
    def _url(unit):
        return reverse("progress:report", args=[half_year.pk, unit.pk])

    return _url


def test_the_officer_opens_the_report_of_their_unit(signed, half_year, world, officer, page_url):
    """Opening the page stores nothing (issue 9, item 6): the form is the report in memory, prefilled with the
    committed values; the group's dashboard still says the unit has not started."""
    client = login(officer)
    response = client.get(page_url(world.a1))
    assert response.status_code == OK
    assert not Report.objects.exists() and not ReportValue.objects.exists() and not ReportEvent.objects.exists()
    page = text(response)
    for code in ("KT01", "XH01", "CQ01"):
        assert code in page
    assert "8,5" in page                 # KT01's committed value, prefilled from the pledge
    assert "càng thấp càng tốt" in page  # XH01
    assert "Đã hoàn thành" in page and "Chưa hoàn thành" in page  # the select of CQ01
    assert "Lưu nháp" in page and "Lưu và nộp báo cáo" in page
    assert 'name="revision" value="1"' in page
    assert "Báo cáo chưa được lưu" in page and "Chưa lưu</span>" in page and "Đang soạn" not in page
    dashboard = text(client.get(reverse("progress:group", args=[world.cluster_a.pk]), {"period": half_year.pk}))
    assert "Đang soạn" not in dashboard
    assert dashboard.count("Chưa báo cáo") == 6      # a1 like a2 and a3 (matrix and missing list): none started
    # The first save stores it, with its values and the "opened" event.
    target = signed.targets.get(unit=world.a1, line__code="KT01")
    response = client.post(page_url(world.a1), {"revision": "1", "action": "save", f"actual-{target.pk}": "4,25"})
    assert response.status_code == REDIRECT
    report = Report.objects.get(period=half_year, unit=world.a1)
    assert report.status == Report.Status.DRAFT and report.values.count() == 3 and report.events.count() == 1
    assert values_of(report)["KT01"] == D("4.25")


def test_another_member_cannot_open_or_fill_the_report(signed, world, officer2, page_url):
    client = login(officer2)
    response = client.get(page_url(world.a1))
    assert response.status_code == OK
    assert "Đơn vị chưa lập báo cáo kỳ này." in text(response)
    assert not Report.objects.exists()
    assert client.post(page_url(world.a1), {"revision": "1", "action": "save"}).status_code == FORBIDDEN
    assert not Report.objects.exists()


def test_another_member_reads_but_does_not_edit(signed, half_year, world, officer, officer2, page_url):
    report = report_with(half_year, world.a1, officer, values=FULL)
    page = text(login(officer2).get(page_url(world.a1)))
    assert "4,25" in page
    assert "Lưu nháp" not in page and 'name="actual-' not in page
    response = login(officer2).post(page_url(world.a1), save_data(report, {"KT01": "9"}))
    assert response.status_code == FORBIDDEN
    assert report.values.get(line__code="KT01").actual == D("4.25")


def test_the_outsider_gets_404(signed, half_year, world, officer, outsider, page_url):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    client = login(outsider)
    assert client.get(page_url(world.a1)).status_code == NOT_FOUND
    assert client.post(reverse("progress:report_return", args=[report.pk]), {"comment": "x"}).status_code == NOT_FOUND


def test_viewer_reads_and_is_refused_every_change(signed, half_year, world, officer, viewer, page_url):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    client = login(viewer)
    assert "Trả lại báo cáo" not in text(client.get(page_url(world.a1)))
    response = client.post(reverse("progress:report_return", args=[report.pk]), {"comment": "Sai"})
    assert response.status_code == FORBIDDEN
    assert "Chỉ Ban Thi đua – Khen thưởng và đơn vị trưởng cụm, khối" in text(response)
    assert client.post(page_url(world.a1), save_data(report)).status_code == FORBIDDEN
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_without_a_signed_pledge_the_officer_is_told_why(world, outsider, half_year):
    response = login(outsider).get(reverse("progress:report", args=[half_year.pk, world.b1.pk]))
    assert response.status_code == OK
    assert "chưa có giao ước thi đua đã ký kết" in text(response)
    assert not Report.objects.exists()


# --- saving -------------------------------------------------------------------------------------------------


@pytest.fixture
def opened(signed, half_year, world, officer):
    return services.open_report(half_year, world.a1.pk, officer)


def values_of(report):
    return dict(report.values.values_list("line__code", "actual"))


def test_save_draft_reads_vietnamese_numbers_and_shows_attainment(opened, officer, page_url, world):
    client = login(officer)
    data = save_data(opened, {"KT01": "4,25", "XH01": "0", "CQ01": ""})
    response = client.post(page_url(world.a1), data)
    assert response.status_code == REDIRECT
    opened.refresh_from_db()
    assert opened.status == Report.Status.DRAFT
    assert values_of(opened)["KT01"] == D("4.25")
    page = text(client.get(page_url(world.a1)))
    assert "Đã lưu nháp" in page
    assert 'value="4,25"' in page
    row = re.search(r'id="value-\d+">.*?KT01.*?</tr>', page, re.S).group(0)
    assert "50,0\u00a0%" in row and "Đúng tiến độ" in row  # half the target at mid-year


def test_attainment_is_shown_capped(opened, officer, page_url, world):
    login(officer).post(page_url(world.a1), save_data(opened, {"KT01": "13"}))
    opened.refresh_from_db()
    assert opened.values.get(line__code="KT01").attainment == D("152.9")  # stored uncapped, rounded as shown
    row = re.search(r'id="value-\d+">.*?KT01.*?</tr>', text(login(officer).get(page_url(world.a1))), re.S).group(0)
    assert "100,0\u00a0%" in row and "152" not in row and "Đã đạt" in row


def test_done_lines_take_done_or_not(opened, officer, page_url, world):
    login(officer).post(page_url(world.a1), save_data(opened, {"CQ01": "yes"}))
    value = opened.values.get(line__code="CQ01")
    assert (value.done, value.attainment) == (True, D("100"))


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "“abc” không phải là một số."),
    ("-2", "Chỉ tiêu “KT01” không nhận số âm."),
])
def test_bad_values_are_shown_next_to_the_field_and_nothing_is_saved(opened, officer, page_url, world, typed,
                                                                     message):
    client = login(officer)
    client.post(page_url(world.a1), save_data(opened, {"KT01": "1", "XH01": "3"}))
    opened.refresh_from_db()
    before = (values_of(opened), opened.revision)
    response = client.post(page_url(world.a1), save_data(opened, {"KT01": typed, "XH01": "5"}))
    assert response.status_code == INVALID
    page = text(response)
    row = re.search(r'id="value-\d+">.*?KT01.*?</tr>', page, re.S).group(0)
    assert message in row and 'aria-invalid="true"' in row
    assert "Không số liệu nào được lưu" in page
    assert f'value="{typed}"' in row  # what was typed is kept to correct it
    opened.refresh_from_db()
    assert (values_of(opened), opened.revision) == before


def test_a_line_that_allows_negatives_takes_them(opened, officer, page_url, world, signed):
    PledgeLine.objects.filter(pledge=signed, code="KT01").update(allows_negative=True)
    assert login(officer).post(page_url(world.a1), save_data(opened, {"KT01": "-1,5"})).status_code == REDIRECT
    assert values_of(opened)["KT01"] == D("-1.5")


def test_a_stale_page_is_a_conflict(opened, officer, page_url, world):
    client = login(officer)
    stale = save_data(opened, {"KT01": "2"})
    assert client.post(page_url(world.a1), save_data(opened, {"KT01": "3"})).status_code == REDIRECT
    response = client.post(page_url(world.a1), stale)
    assert response.status_code == INVALID
    assert "vừa được người khác sửa sau khi bạn mở trang" in text(response)
    assert values_of(opened)["KT01"] == D("3")


def test_submit_with_an_empty_value_keeps_the_draft_unchanged(opened, officer, page_url, world):
    client = login(officer)
    response = client.post(page_url(world.a1), save_data(opened, {"KT01": "4,25", "XH01": "0"}, action="submit"))
    assert response.status_code == INVALID
    page = text(response)
    row = re.search(r'id="value-\d+">.*?CQ01.*?</tr>', page, re.S).group(0)
    assert "Cần nhập số liệu thực hiện trước khi nộp báo cáo." in row
    opened.refresh_from_db()
    assert opened.status == Report.Status.DRAFT
    assert values_of(opened) == {"KT01": None, "XH01": None, "CQ01": None}  # nothing typed was kept


def test_save_and_submit(opened, officer, page_url, world):
    client = login(officer)
    response = client.post(page_url(world.a1), save_data(opened, action="submit"), follow=True)
    opened.refresh_from_db()
    assert (opened.status, opened.submitted_by) == (Report.Status.SUBMITTED, officer)
    page = text(response)
    assert "Đã nộp báo cáo 6 tháng của Sở Kế hoạch và Đầu tư." in page
    assert "Lưu nháp" not in page and 'name="actual-' not in page  # read-only once submitted
    assert "Đã nộp lúc" in page


def test_the_submit_route_says_what_is_missing(opened, officer):
    response = login(officer).post(reverse("progress:report_submit", args=[opened.pk]), follow=True)
    assert "Chưa nhập số liệu thực hiện của: KT01, XH01, CQ01." in text(response)
    opened.refresh_from_db()
    assert opened.status == Report.Status.DRAFT


# --- returning ----------------------------------------------------------------------------------------------


def test_the_leader_returns_and_the_officer_sees_why(signed, half_year, world, officer, officer2, page_url):
    report = report_with(half_year, world.a2, officer2, values=FULL, submit=True)
    leader = login(officer)
    assert "Trả lại báo cáo" in text(leader.get(page_url(world.a2)))
    response = leader.post(reverse("progress:report_return", args=[report.pk]), {"comment": ""})
    assert response.status_code == INVALID
    assert "Hãy ghi lý do trả lại báo cáo." in text(response)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    response = leader.post(reverse("progress:report_return", args=[report.pk]),
                           {"comment": "KT01 lệch số liệu Cục Thống kê, đề nghị rà soát."})
    assert response.status_code == REDIRECT
    page = text(login(officer2).get(page_url(world.a2)))
    top = page[page.index("<h1>"):page.index('id="values"')]
    assert "Báo cáo bị trả lại" in top and "KT01 lệch số liệu Cục Thống kê, đề nghị rà soát." in top
    assert 'name="actual-' in page  # editable again
    assert_vietnamese_dates(page)


def test_city_staff_see_the_history(signed, half_year, world, officer, city, page_url):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    services.return_report(report, city, "Thiếu minh chứng")
    services.add_evidence(report, [pdf("Báo cáo 6 tháng.pdf")], officer)
    page = text(login(city).get(page_url(world.a1)))
    history = page[page.index('id="history"'):]
    assert "Đang soạn → Đã nộp" in history and "Đã nộp → Bị trả lại" in history
    assert "Thiếu minh chứng" in history and "Nguyễn Lan" in history
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", history)
    assert "Báo cáo 6 tháng.pdf" in page
    assert_vietnamese_dates(page)


# --- evidence -----------------------------------------------------------------------------------------------


def stored_files(report):
    folder = f"reports/{report.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_evidence_of_the_wrong_type_is_refused(opened, officer):
    response = login(officer).post(page_of(opened, url=True), save_data(opened, action="upload")
                                   | {"file": SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 word")})
    assert response.status_code == INVALID
    assert "Tệp “bao-cao.docx”: chỉ nhận tệp PDF, JPG hoặc PNG." in text(response)
    assert not Evidence.objects.exists() and stored_files(opened) == []


def test_a_pdf_renamed_from_something_else_is_refused(opened, officer):
    response = login(officer).post(page_of(opened, url=True), save_data(opened, action="upload")
                                   | {"file": [pdf(), SimpleUploadedFile("anh.png", b"MZ not an image")]})
    assert response.status_code == INVALID
    assert not Evidence.objects.exists() and stored_files(opened) == []  # all or nothing


def test_several_files_at_once_and_download(opened, officer, officer2, city):
    client = login(officer)
    response = client.post(page_of(opened, url=True), save_data(opened, action="upload")
                           | {"file": [pdf("Biên bản họp.pdf"), SimpleUploadedFile("anh.png", b"\x89PNG\r\n")]})
    assert response.status_code == REDIRECT
    evidence = Evidence.objects.get(original_name="Biên bản họp.pdf")
    assert Evidence.objects.count() == 2
    response = login(officer2).get(reverse("progress:evidence_download", args=[opened.pk, evidence.pk]))
    assert response.status_code == OK
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    assert response["Content-Disposition"].startswith("attachment;")


def test_evidence_of_another_group_is_not_found(opened, officer, outsider):
    [evidence] = services.add_evidence(opened, [pdf()], officer)
    response = login(outsider).get(reverse("progress:evidence_download", args=[opened.pk, evidence.pk]))
    assert response.status_code == NOT_FOUND


def test_evidence_is_deleted_by_the_officer(opened, officer):
    [evidence] = services.add_evidence(opened, [pdf()], officer)
    response = login(officer).post(reverse("progress:evidence_delete", args=[opened.pk, evidence.pk]))
    assert response.status_code == REDIRECT
    assert not Evidence.objects.exists()


def test_evidence_cannot_be_fetched_through_another_report(signed, half_year, world, officer, officer2):
    mine = report_with(half_year, world.a1, officer)
    other = report_with(half_year, world.a2, officer2)
    [evidence] = services.add_evidence(other, [pdf()], officer2)
    client = login(officer)
    assert client.get(reverse("progress:evidence_download", args=[mine.pk, evidence.pk])).status_code == NOT_FOUND
    assert client.post(reverse("progress:evidence_delete", args=[mine.pk, evidence.pk])).status_code == NOT_FOUND
    assert Evidence.objects.count() == 1


# --- closing ------------------------------------------------------------------------------------------------


def test_closing_freezes_the_period(opened, officer, city, page_url, world, half_year):
    report_page = page_url(world.a1)
    assert "Khóa sổ kỳ báo cáo" in text(login(city).get(report_page))
    response = login(city).post(reverse("progress:period_close", args=[half_year.pk]), {"next": report_page})
    assert response.status_code == REDIRECT and response["Location"] == report_page
    assert PeriodClosure.objects.get(period=half_year).closed_by == city

    client = login(officer)
    page = text(client.get(report_page))
    assert "Kỳ báo cáo đã khóa sổ ngày" in page and 'name="actual-' not in page
    response = client.post(report_page, save_data(opened))
    assert response.status_code == FORBIDDEN
    assert "Kỳ báo cáo đã khóa sổ, không thể thay đổi báo cáo." in text(response)
    assert values_of(opened)["KT01"] is None


def test_closing_goes_back_only_to_this_site(world, city, half_year):
    response = login(city).post(reverse("progress:period_close", args=[half_year.pk]),
                                {"next": "https://example.com/"})
    assert response["Location"] == reverse("campaigns:detail", args=[2024])


# --- query counts -------------------------------------------------------------------------------------------


def pledge_with_lines(world, extra: int):
    """Cluster A's signed pledge with ``extra`` own lines on top of the three of the plan."""
    pledge = pledge_services.create_pledge(world.cluster_a, None)
    for i in range(extra):
        pledge_services.add_line(pledge, PledgeLine(name=f"Chỉ tiêu riêng {i + 1}", measure_unit="vụ"))
    units = [world.a1, world.a2, world.a3]
    fill_all(pledge, units, COMPLETE | {line.code: "10" for line in pledge.lines.filter(indicator=None)})
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, units)
    return pledge


@pytest.mark.parametrize("extra", [0, 17], ids=["3lines", "20lines"])
@pytest.mark.parametrize(("who", "ceiling"), [("officer", 11), ("city", 10)])
def test_report_page_queries_do_not_grow_with_the_lines(world, officer, city, half_year, django_assert_max_num_queries,
                                                        extra, who, ceiling):
    pledge_with_lines(world, extra)
    typed = FULL | {f"R{i + 1:02d}": 5 for i in range(extra)}
    report = report_with(half_year, world.a1, officer, values=typed, submit=True)
    services.return_report(report, city, "Sửa KT01")
    services.add_evidence(report, [pdf(), pdf("b.pdf")], officer)
    assert report.values.count() == 3 + extra
    client = login(officer if who == "officer" else city)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse("progress:report", args=[half_year.pk, world.a1.pk]))
    assert response.status_code == OK
    assert len(response.context["rows"]) == 3 + extra


# --- issue 9: an implausible value (item 3), evidence with the values typed (item 19) ------------------------


def twelve_lines(world, officer):
    """a1's pledge of 12 lines: KT01 (8,5 %), XH01 (lower, 0), CQ01 (done) and R01…R09 (10 vụ each)."""
    pledge_with_lines(world, 9)
    return period_named(world.c2024, "Năm")


def test_one_implausible_value_no_longer_hides_the_shortfalls(world, officer, city):
    """5 of 12 indicators behind and one 2.500,5 typed on a % indicator: the report said "100 % — Đã đạt"."""
    year = twelve_lines(world, officer)
    client = login(officer)
    url = reverse("progress:report", args=[year.pk, world.a1.pk])
    page = client.get(url)
    typed = {"KT01": "2.500,5", "XH01": "0", "CQ01": "yes"} | {f"R{i:02d}": "10" for i in range(1, 5)} \
        | {f"R{i:02d}": "2" for i in range(5, 10)}
    values = page.context["form"].values
    data = {"revision": "1", "action": "save"}
    for value in values:
        field = "done" if value.direction == "done" else "actual"
        data[f"{field}-{value.target_id}"] = typed[value.line.code]
    kt01 = next(v for v in values if v.line.code == "KT01")

    # Not confirmed: refused, the indicator named, the box offered; nothing stored.
    response = client.post(url, data)
    assert response.status_code == INVALID
    page = text(response)
    assert "Chỉ tiêu “KT01 – Tăng trưởng GRDP”: giá trị 2.500,5 bất thường (tỷ lệ trên 100 %)" in page
    assert f'name="confirm-{kt01.target_id}"' in page and "Xác nhận giá trị" in page
    assert 'value="2.500,5"' in page            # what was typed is kept
    assert not Report.objects.exists()

    # Confirmed: stored, and the average counts KT01 at 100 % at most.
    response = client.post(url, data | {f"confirm-{kt01.target_id}": "on", "action": "submit"})
    assert response.status_code == REDIRECT
    report = Report.objects.get(unit=world.a1, period=year)
    assert report.values.get(line__code="KT01").confirmed
    assert not report.values.filter(confirmed=True).exclude(line__code="KT01").exists()
    assert report.attainment == D("66.7")                    # (7 × 100 + 5 × 20) / 12, one decimal
    assert report.attainment_uncapped > 2000                 # kept for ranking only
    page = text(client.get(url))
    assert "66,7\u00a0%" in page and "Chậm" in page and "Đã đạt</span></dd>" not in page
    assert "Giá trị bất thường, đã xác nhận" in page

    # Every dashboard computes with capped values and marks the value.
    city_page = text(login(city).get(reverse("progress:city", args=[2024]), {"period": year.pk}))
    assert "66,7\u00a0%" in city_page and "100\u00a0%" not in city_page[city_page.index("dash-stats"):
                                                                    city_page.index("dash-groups-title")]
    group_page = text(login(city).get(reverse("progress:group", args=[world.cluster_a.pk]), {"period": year.pk}))
    assert group_page.count('title="Giá trị bất thường, đã xác nhận"') == 1
    assert "66,7\u00a0%" in group_page
    unit_page = text(login(city).get(reverse("progress:unit", args=[world.a1.pk, 2024])))
    assert unit_page.count('title="Giá trị bất thường, đã xác nhận"') == 1


@pytest.mark.parametrize(("measure_unit", "target", "actual", "implausible"), [
    ("%", "50", "100", False), ("%", "50", "100.01", True),         # a share over 100
    ("vụ", "10", "100", False), ("vụ", "10", "100.5", True),        # more than 10 × the target
    ("vụ", "0", "5000", False), ("tỷ đồng", None, "5000", False),   # nothing committed: nothing to compare
])
def test_one_rule_decides_what_is_implausible(measure_unit, target, actual, implausible):
    from progress import attainment as rules
    assert rules.is_implausible("higher", measure_unit, None if target is None else D(target), D(actual)) \
        is implausible
    assert rules.is_implausible("done", "%", D(1), D(1000)) is False


def test_uploading_evidence_keeps_the_values_typed(signed, half_year, world, officer, page_url):
    """No JavaScript: the file goes with the values form ("Lưu nháp và tải lên"), so what was typed and not yet
    saved is saved with it — here on a report not even stored yet."""
    client = login(officer)
    page = text(client.get(page_url(world.a1)))
    assert 'form="values"' in page and 'name="action" value="upload"' in page
    assert 'id="values" enctype="multipart/form-data"' in page
    kt01 = signed.targets.get(unit=world.a1, line__code="KT01")
    xh01 = signed.targets.get(unit=world.a1, line__code="XH01")
    response = client.post(page_url(world.a1), {
        "revision": "1", "action": "upload", f"actual-{kt01.pk}": "3,5", f"note-{kt01.pk}": "ước tính",
        f"actual-{xh01.pk}": "0", "file": pdf("Biên bản.pdf")})
    assert response.status_code == REDIRECT and response["Location"].endswith("#evidence")
    report = Report.objects.get(unit=world.a1, period=half_year)
    assert values_of(report) == {"KT01": D("3.5"), "XH01": D("0"), "CQ01": None}
    assert report.values.get(line__code="KT01").note == "ước tính"
    assert [e.original_name for e in report.evidence.all()] == ["Biên bản.pdf"]
    page = text(client.get(page_url(world.a1)))
    assert 'value="3,5"' in page and "Biên bản.pdf" in page


def test_a_refused_file_keeps_the_values_typed_on_the_page(opened, officer, page_url, world):
    response = login(officer).post(page_url(world.a1), save_data(opened, {"KT01": "7,25"}, action="upload")
                                   | {"file": SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 word")})
    assert response.status_code == INVALID
    assert 'value="7,25"' in text(response)          # still in the form, to save again with another file
    assert values_of(opened)["KT01"] is None and not Evidence.objects.exists()


def test_a_file_chosen_then_save_draft_is_not_dropped(opened, officer, page_url, world):
    response = login(officer).post(page_url(world.a1), save_data(opened, {"KT01": "6"}) | {"file": pdf()})
    assert response.status_code == REDIRECT
    assert values_of(opened)["KT01"] == D("6") and Evidence.objects.filter(report=opened).count() == 1


def test_a_file_sent_with_the_submission_is_stored_before_it(opened, officer, page_url, world):
    response = login(officer).post(page_url(world.a1), save_data(opened, action="submit") | {"file": pdf()})
    assert response.status_code == REDIRECT
    opened.refresh_from_db()
    assert opened.status == Report.Status.SUBMITTED and opened.evidence.count() == 1
