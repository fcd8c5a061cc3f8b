"""Downloads in a real browser: city staff saves the plan PDF and a group's workbook from the pages' "Xuất"
buttons, and follows a large export (all pledges of the year) on its job page until the file can be saved.

The files are opened as a person's office software would read them (pypdf, openpyxl) and checked for a title or
a cell; the background job is built by a worker run here (``db_worker --batch``) while the page polls.
"""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from exports.models import ExportJob
from tests.browser.flows import login
from tests.builders import signed_pledge_of
from tests.downloads import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2024"


@pytest.fixture
def city_world(live_server, world, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    city.set_password(PASSWORD)
    city.save()
    world.pledge_a = signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    return world


def saved(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages)


def test_city_downloads_the_plan_pdf_and_the_pledge_workbook(page: Page, live_server, city_world):
    w = city_world
    login(page, live_server.url, "city", PASSWORD)

    page.goto(live_server.url + reverse("campaigns:detail", args=[2024]))
    exports = page.get_by_role("group", name="Xuất kế hoạch")
    with page.expect_download() as info:
        exports.get_by_role("link", name="PDF kế hoạch").click()
    download = info.value
    assert download.suggested_filename == "ke-hoach-thi-dua-2024.pdf"
    text = pdf_text(saved(download))
    assert "KẾ HOẠCH" in text.upper() and "2024" in text

    page.goto(live_server.url + reverse("pledges:detail", args=[w.pledge_a.pk]))
    with page.expect_download() as info:
        page.get_by_role("group", name="Xuất giao ước").get_by_role("link", name="Excel giao ước").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(BytesIO(saved(download)))
    cells = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "Sở Tài chính" in cells
    assert "Cụm thi đua các sở số 1" in " ".join(str(c) for c in cells if c)


def test_city_follows_all_pledges_in_the_background_and_downloads_them(page: Page, live_server, city_world):
    login(page, live_server.url, "city", PASSWORD)
    page.goto(live_server.url + reverse("pledges:overview", args=[2024]))
    page.get_by_role("link", name="PDF tất cả giao ước").click()
    page.get_by_role("button", name="Tạo tệp").click()  # a large export is confirmed by a POST

    # The job page: queued, polling.
    expect(page.get_by_role("heading", level=1, name="Tất cả giao ước thi đua năm 2024 (PDF)")).to_be_visible()
    expect(page.locator("[data-job-status]")).to_have_text("Đang chờ xử lý")
    expect(page.locator("#job-status progress")).to_be_visible()
    job = ExportJob.objects.get()
    assert page.url.endswith(reverse("exports:job", args=[job.pk]))

    run_worker()

    # htmx polling swaps in the finished state without a reload.
    expect(page.locator("[data-job-status]")).to_have_text("Đã xong", timeout=10_000)
    expect(page.locator("#job-status progress")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Tải tệp")).click()
    download = info.value
    assert download.suggested_filename == "giao-uoc-tat-ca-2024.pdf"
    reader = PdfReader(BytesIO(saved(download)))
    # Only cluster A has a pledge here: one bookmark, the pledge itself.
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["Cụm thi đua các sở số 1"]
    assert "GIAO ƯỚC" in pdf_text(saved(download)).upper()

    # The job is listed among the user's exports.
    page.get_by_role("link", name="Tệp xuất", exact=True).click()
    expect(page.get_by_role("cell", name="Tất cả giao ước thi đua năm 2024 (PDF)")).to_be_visible()
