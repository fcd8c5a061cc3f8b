"""Cluster A's year-end evaluation in a real browser, from self-scoring to the published results.

The city's cluster table is published and the cluster's evaluation open (helpers). Sở Tài chính (``officer2``)
scores its sheet row by row (htmx), comments 2.1, uploads a document and submits; the two other members
self-score through the helpers. The leader, Sở Kế hoạch và Đầu tư (``officer``), assigns the scorers in turn:
Sở Xây dựng (``officer3``) cross-scores Sở Tài chính, 6 points under its self-score on 2.1 (the threshold is 10 %
of 30), and submits. The leader returns 2.1 with a reason, Sở Tài chính explains, the leader records 28 agreed
points; the city's staff (``city``) publish; the results page shows Sở Tài chính's class and rank.

Set ``SCREENSHOTS_DIR`` to keep full-page screenshots of the sheet in each round.
"""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from common.numbers import parse_number
from evaluation import rounds
from evaluation.models import ScoreEntry
from evaluation.scoring import points_text
from tests.browser.flows import login
from tests.evaluation import states
from tests.evaluation.test_rounds import full_marks, sheet_of
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-2024"
REASON = "Chấm chéo thấp hơn 6 điểm: đề nghị bổ sung quyết định khen thưởng."
ANSWER = "Đã bổ sung Quyết định số 12/QĐ-UBND ngày 05/11/2024."


@pytest.fixture
def cluster(live_server, world, city, officer, officer2, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer3 = make_user("officer3", unit=world.a3)
    for user in (city, officer, officer2, officer3):
        user.set_password(PASSWORD)
        user.save()
    world.evaluation = states.opened(world)
    return world


def shot(page: Page, name: str):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"h2-{name}.png"), full_page=True)


def logout(page: Page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập", exact=True)).to_be_visible()


def row(page: Page, code: str):
    return page.locator(f"tr[id='row-{code}']")


def save_row(page: Page, code: str, maximum: str, points: str, comment: str | None = None):
    """Type a row's points (and comment) and leave the box: htmx saves the row and swaps it in."""
    box = page.get_by_label(f"Điểm tiêu chí {code} (tối đa {maximum})")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/{code}/")) as saved:
        box.fill(points)
        box.press("Tab")
    assert saved.value.status == 200
    expect(row(page, code).get_by_role("status")).to_have_text("✓ Đã lưu")
    if comment is not None:
        note = page.get_by_label(f"Ghi chú tiêu chí {code}")
        with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/{code}/")) as saved:
            note.fill(comment)
            note.press("Tab")
        assert saved.value.status == 200
        expect(page.get_by_label(f"Ghi chú tiêu chí {code}")).to_have_value(comment)


def test_self_cross_reconcile_and_publish(page: Page, live_server, cluster, tmp_path):
    world = cluster
    evaluation = world.evaluation
    a2_sheet = sheet_of(evaluation, world.a2)
    sheet_url = live_server.url + reverse("evaluation:sheet", args=[a2_sheet.pk])
    group_url = live_server.url + reverse("evaluation:group", args=[world.cluster_a.pk])
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    decision = tmp_path / "Quyết định khen thưởng.pdf"
    decision.write_bytes(b"%PDF-1.4 minh chung")

    # Sở Tài chính scores its sheet row by row, comments 2.1, uploads a document and submits.
    login(page, live_server.url, "officer2", PASSWORD)
    page.goto(sheet_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu chấm điểm: Sở Tài chính")
    expect(page.locator("#totals")).not_to_contain_text("Cụm/khối chấm")  # hidden from the unit until published
    save_row(page, "2.1", "30,00", "30", comment="Đạt giải nhất Hội thi cải cách hành chính thành phố")
    save_row(page, "2.2", "20,00", "20")
    save_row(page, "C1", "5,00", "5")
    save_row(page, "T1", "10,00", "0")
    # The section's sum followed the rows: 30 + 20 + the reporting discipline computed from the year's reports.
    discipline = parse_number(row(page, "2.3").locator("td.num").nth(1).inner_text())
    expect(row(page, "II").locator("td.num").nth(1)).to_have_text(points_text(50 + discipline))
    page.get_by_label("Minh chứng cho tiêu chí").select_option("2.1")
    page.get_by_label("Tệp minh chứng").set_input_files(str(decision))
    page.get_by_role("button", name="Tải lên minh chứng").click()
    expect(page.get_by_text("Đã tải lên minh chứng “Quyết định khen thưởng.pdf”.")).to_be_visible()
    expect(row(page, "2.1").get_by_role("link", name="Quyết định khen thưởng.pdf")).to_be_visible()
    expect(page.get_by_label("Ghi chú tiêu chí 2.1")).to_have_value("Đạt giải nhất Hội thi cải cách hành chính thành phố")
    shot(page, "1-self")
    page.get_by_role("button", name="Nộp phiếu tự chấm").click()
    expect(page.get_by_text("Đã nộp phiếu tự chấm.")).to_be_visible()
    assert dialogs[-1].startswith("Nộp phiếu tự chấm?")
    expect(page.get_by_role("button", name="Nộp phiếu tự chấm")).to_have_count(0)
    expect(row(page, "2.1")).to_contain_text("Ghi chú của đơn vị: Đạt giải nhất Hội thi")
    logout(page)
    entry = ScoreEntry.objects.get(sheet=a2_sheet, code="2.1")
    assert (entry.self_points, entry.self_comment) == (30, "Đạt giải nhất Hội thi cải cách hành chính thành phố")

    for unit in (world.a1, world.a3):
        full_marks(sheet_of(evaluation, unit))
        rounds.submit_self(sheet_of(evaluation, unit), None)

    # The leader assigns the scorers in turn.
    login(page, live_server.url, "officer", PASSWORD)
    page.goto(group_url)
    page.get_by_role("button", name="Phân công xoay vòng").click()
    expect(page.get_by_text("Đã lưu phân công chấm chéo.")).to_be_visible()
    assert dialogs[-1].startswith("Phân công xoay vòng: mỗi đơn vị")  # the button asks before replacing
    expect(page.get_by_label("Đơn vị chấm chéo cho Sở Tài chính")).to_have_value(str(world.a3.pk))
    logout(page)

    # Sở Xây dựng cross-scores Sở Tài chính, 6 points under its self-score on 2.1, and submits.
    login(page, live_server.url, "officer3", PASSWORD)
    page.goto(group_url)
    page.locator("#members tbody tr", has_text="Sở Tài chính").get_by_role("link", name="Chấm chéo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu chấm điểm: Sở Tài chính")
    expect(page.get_by_text("Bạn chấm chéo phiếu này.")).to_be_visible()
    expect(page.locator("#totals")).to_contain_text("Chưa chấm chéo")  # computed rows alone are no cross-score
    expect(row(page, "2.1")).to_contain_text("Ghi chú của đơn vị: Đạt giải nhất Hội thi")
    save_row(page, "2.1", "30,00", "24", comment="Chưa thấy quyết định công nhận giải")
    expect(row(page, "I").locator("td.num").nth(2)).to_have_text("0,00")  # computed rows count from the first row
    save_row(page, "2.2", "20,00", "20")
    save_row(page, "C1", "5,00", "5")
    save_row(page, "T1", "10,00", "0")
    expect(page.locator("#totals")).not_to_contain_text("Chưa chấm chéo")
    shot(page, "2-cross")
    page.get_by_role("button", name="Nộp phiếu chấm chéo").click()
    expect(page.get_by_text("Đã nộp phiếu chấm chéo.")).to_be_visible()
    logout(page)

    for unit in (world.a1, world.a3):
        full_marks(sheet_of(evaluation, unit), rounds.CROSS)
        rounds.submit_cross(sheet_of(evaluation, unit), None)

    # The leader sees 2.1 flagged and returns it with a reason.
    login(page, live_server.url, "officer", PASSWORD)
    page.goto(group_url)
    pending = page.locator("#pending")
    expect(pending.get_by_role("link", name="Sở Tài chính – tiêu chí 2.1")).to_be_visible()
    pending.get_by_role("link", name="Sở Tài chính – tiêu chí 2.1").click()
    expect(row(page, "2.1")).to_contain_text("Tự chấm và chấm chéo chênh lệch quá 10 % điểm chuẩn: cần thẩm định.")
    expect(row(page, "2.1")).to_contain_text("Nhận xét của đơn vị chấm chéo: Chưa thấy quyết định công nhận giải")
    row(page, "2.1").get_by_label("Lý do trả lại").fill(REASON)
    row(page, "2.1").get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại tiêu chí 2.1 cho đơn vị giải trình.")).to_be_visible()
    expect(row(page, "2.1")).to_contain_text("Chờ đơn vị giải trình.")
    logout(page)

    # Sở Tài chính reads the reason and the points it was given, and explains.
    login(page, live_server.url, "officer2", PASSWORD)
    page.goto(sheet_url)
    expect(page.locator("#awaiting-answer")).to_contain_text("tiêu chí 2.1")
    returned = row(page, "2.1")
    expect(returned).to_contain_text("Trả lại đơn vị giải trình")
    expect(returned).to_contain_text(f"Lý do trả lại: {REASON}")
    expect(returned.locator("td.num").nth(2)).to_have_text("24,00")
    shot(page, "3-returned")
    returned.get_by_label("Giải trình", exact=True).check()
    returned.get_by_label("Nội dung giải trình").fill(ANSWER)
    returned.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã gửi giải trình tiêu chí 2.1.")).to_be_visible()
    expect(row(page, "2.1")).to_contain_text(f"Giải trình của đơn vị: {ANSWER}")
    expect(page.locator("#awaiting-answer")).to_have_count(0)
    logout(page)

    # The leader records the agreed points.
    login(page, live_server.url, "officer", PASSWORD)
    page.goto(sheet_url)
    answered = row(page, "2.1")
    expect(answered).to_contain_text(f"Giải trình của đơn vị: {ANSWER}")
    shot(page, "4-answered")
    answered.get_by_label("Điểm thống nhất", exact=True).fill("28")
    answered.get_by_role("button", name="Ghi điểm thống nhất").click()
    expect(page.get_by_text("Đã ghi điểm thống nhất tiêu chí 2.1.")).to_be_visible()
    expect(row(page, "2.1")).to_contain_text("Đã thống nhất điểm")
    expect(row(page, "2.1").locator("td.num strong")).to_have_text("28,00")
    logout(page)

    # The city's staff publish; the results page shows Sở Tài chính's class and rank.
    login(page, live_server.url, "city", PASSWORD)
    page.goto(group_url)
    expect(page.locator("#pending")).to_contain_text("Không có tiêu chí nào chênh lệch quá ngưỡng cần thẩm định.")
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.get_by_text("Đã công bố kết quả chấm điểm.")).to_be_visible()
    assert dialogs[-1].startswith("Công bố kết quả?")
    page.get_by_role("link", name="Bảng kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả chấm điểm, xếp loại")
    expect(page.get_by_text(re.compile(r"đã công bố ngày \d\d/\d\d/\d{4}"))).to_be_visible()
    stc = page.locator(".eval-results tbody tr", has_text="Sở Tài chính")
    cells = stc.locator("td")
    # Sở Tài chính: 28 agreed + 20 + its reporting discipline + bonus 5, under 70 of 100; the others have 2 more.
    discipline = ScoreEntry.objects.get(sheet=a2_sheet, code="2.3").cross_points
    expect(cells.nth(0)).to_have_text("3")
    expect(stc).to_contain_text(points_text(53 + discipline))
    expect(stc).to_contain_text("Không hoàn thành")
    a2_sheet.refresh_from_db()
    assert (a2_sheet.final_rank, a2_sheet.final_total, a2_sheet.final_class) == (3, 53 + discipline, "kht")
