"""A half-year progress report, submitted, returned and corrected, in a real browser.

Cluster A of the test world has signed its pledge (KT01 growth 8,5 % · XH01 poor households, lower is better ·
CQ01 done / not done). Sở Tài chính (``officer2``) fills in its 6-month report and submits it; the cluster's
leader, Sở Kế hoạch và Đầu tư (``officer``), returns it with a comment; ``officer2`` reads the comment, corrects
KT01 and submits again; the cluster's dashboard shows the corrected value.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from progress.models import Report
from tests.browser.flows import login
from tests.builders import period_named, signed_pledge_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2024"
COMMENT = "KT01 chưa khớp số liệu Cục Thống kê; đề nghị đơn vị rà soát lại."


@pytest.fixture
def cluster(live_server, world, officer, officer2):
    for user in (officer, officer2):
        user.set_password(PASSWORD)
        user.save()
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    return world


def logout(page: Page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập", exact=True)).to_be_visible()


def actual(page: Page, code: str):
    return page.get_by_label(re.compile(rf"^Thực hiện {code} –"))


def test_submit_return_correct_and_resubmit(page: Page, live_server, cluster):
    world = cluster
    period = period_named(world.c2024, "6 tháng")
    report_url = live_server.url + reverse("progress:report", args=[period.pk, world.a2.pk])
    page.on("dialog", lambda dialog: dialog.accept())

    # Sở Tài chính fills in its report and submits it.
    login(page, live_server.url, "officer2", PASSWORD)
    page.goto(report_url)
    expect(page.get_by_role("heading", level=1, name="Sở Tài chính")).to_be_visible()
    expect(page.locator(".report-badge")).to_have_text("Chưa lưu")     # nothing stored by opening the page
    actual(page, "KT01").fill("4,25")
    actual(page, "XH01").fill("0")
    actual(page, "CQ01").select_option(label="Chưa hoàn thành")
    page.get_by_label("Ghi chú KT01").fill("Số ước tính của Sở")
    page.get_by_role("button", name="Lưu và nộp báo cáo").click()
    expect(page.get_by_text("Đã nộp báo cáo 6 tháng của Sở Tài chính.")).to_be_visible()
    expect(page.locator(".report-badge")).to_have_text("Đã nộp")
    expect(page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    row = page.locator(".report-table tbody tr", has_text="KT01")
    expect(row).to_contain_text("4,25")
    expect(row).to_contain_text("50,0\u00a0%")
    logout(page)

    # The leader of the cluster returns it with a comment.
    login(page, live_server.url, "officer", PASSWORD)
    page.goto(report_url)
    page.get_by_label("Lý do trả lại").fill(COMMENT)
    page.get_by_role("button", name="Trả lại báo cáo").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho Sở Tài chính kèm lý do.")).to_be_visible()
    expect(page.locator(".report-badge")).to_have_text("Bị trả lại")
    logout(page)

    # Sở Tài chính sees why, corrects KT01 and submits again.
    login(page, live_server.url, "officer2", PASSWORD)
    page.goto(report_url)
    returned = page.locator("#return-comment")
    expect(returned).to_contain_text("Báo cáo bị trả lại")
    expect(returned).to_contain_text(COMMENT)
    kt01 = actual(page, "KT01")
    expect(kt01).to_have_value("4,25")
    kt01.fill("5,1")
    page.get_by_role("button", name="Lưu và nộp báo cáo").click()
    expect(page.get_by_text("Đã nộp báo cáo 6 tháng của Sở Tài chính.")).to_be_visible()
    expect(page.locator(".report-table tbody tr", has_text="KT01")).to_contain_text("60,0\u00a0%")
    history = page.locator("#history")
    expect(history).to_contain_text("Đã nộp → Bị trả lại")
    expect(history).to_contain_text("Bị trả lại → Đã nộp")

    report = Report.objects.get(period=period, unit=world.a2)
    assert report.status == Report.Status.SUBMITTED
    assert list(report.events.values_list("to_status", flat=True)) == ["draft", "submitted", "returned", "submitted"]

    # The cluster's dashboard shows the corrected value.
    page.goto(live_server.url + reverse("progress:group", args=[world.cluster_a.pk]) + f"?period={period.pk}")
    member = page.locator("tbody tr", has_text="Sở Tài chính")
    expect(member).to_contain_text("5,1")
    expect(member).not_to_contain_text("4,25")


def test_uploading_evidence_keeps_the_values_typed(page: Page, live_server, cluster, tmp_path, settings):
    """Issue 9: values typed and not saved, then a file uploaded: the values are still there afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world = cluster
    period = period_named(world.c2024, "6 tháng")
    report_url = live_server.url + reverse("progress:report", args=[period.pk, world.a2.pk])
    minutes = tmp_path / "Biên bản họp.pdf"
    minutes.write_bytes(b"%PDF-1.4 minh chung")

    login(page, live_server.url, "officer2", PASSWORD)
    page.goto(report_url)
    assert not Report.objects.filter(unit=world.a2).exists()      # opening the page stored nothing
    actual(page, "KT01").fill("3,75")
    page.get_by_label("Ghi chú KT01").fill("Chưa đủ số liệu quý II")
    page.get_by_label("Tệp minh chứng").set_input_files(str(minutes))
    page.get_by_role("button", name="Lưu nháp và tải lên").click()
    expect(page.get_by_text("Đã lưu nháp và tải lên 1 tệp minh chứng.")).to_be_visible()
    expect(actual(page, "KT01")).to_have_value("3,75")
    expect(page.get_by_label("Ghi chú KT01")).to_have_value("Chưa đủ số liệu quý II")
    expect(page.locator("#evidence")).to_contain_text("Biên bản họp.pdf")
