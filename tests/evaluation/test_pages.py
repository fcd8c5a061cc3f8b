"""What the evaluation pages do: saving a row with htmx and without, conflicts and refusals, opening, assigning,
publishing; and that no officer reads another unit's unpublished points on any page."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation import display, rounds
from evaluation.models import Evaluation, ScoreEntry, ScoreEvidence
from tests.evaluation import states
from tests.evaluation.states import PDF, sheet
from tests.evaluation.test_rounds import cluster_table, score
from tests.factories import login, make_user

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def a2_sheet(world):
    return sheet(states.assigned(world), world.a2)


def row_url(sheet_, code="2.1"):
    return reverse("evaluation:row", args=[sheet_.pk, code])


# --- saving points ----------------------------------------------------------------------------------------------

def test_htmx_saves_one_row_and_returns_it(a2_sheet, officer2):
    response = login(officer2).post(row_url(a2_sheet), {"points-2.1": "25,5", "version-2.1": "0"},
                                    HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<tr id="row-2.1"') and "Đã lưu" in page and 'value="25,50"' in page
    assert 'name="version-2.1" value="1"' in page
    # Out of band: the section's sum and the totals follow the row.
    assert re.search(r'<template>\s*<tr id="row-II" hx-swap-oob="true"', page)
    assert re.search(r'<template>\s*<section class="card" id="totals" hx-swap-oob="true"', page)
    assert ScoreEntry.objects.get(sheet=a2_sheet, code="2.1").self_points == D("25.5")


def test_a_conflict_is_a_422_with_the_other_persons_value(a2_sheet, officer2):
    client = login(officer2)
    client.post(row_url(a2_sheet), {"points-2.1": "27", "version-2.1": "0"}, HTTP_HX_REQUEST="true")
    response = client.post(row_url(a2_sheet), {"points-2.1": "20", "version-2.1": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Người khác vừa lưu “27,00”" in text(response) and "“20”" in text(response)
    assert 'name="version-2.1" value="1"' in text(response)  # saving again replaces it on purpose
    assert ScoreEntry.objects.get(sheet=a2_sheet, code="2.1").self_points == D(27)


@pytest.mark.parametrize(("typed", "message"), [("31", "Điểm vượt điểm chuẩn (30,00)."), ("-1", "Điểm không được âm."),
                                                ("abc", "không phải là một số"), ("2,555", "hai chữ số thập phân")])
def test_a_refused_value_is_a_422_and_changes_nothing(a2_sheet, officer2, typed, message):
    response = login(officer2).post(row_url(a2_sheet), {"points-2.1": typed, "version-2.1": "0"},
                                    HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and message in text(response)
    assert f'value="{typed}"' in text(response)  # what was typed stays in the box
    assert not ScoreEntry.objects.exists()


def test_without_javascript_a_row_post_goes_back_to_the_sheet(a2_sheet, officer2):
    response = login(officer2).post(row_url(a2_sheet), {"points-2.1": "25", "version-2.1": "0"})
    assert response.status_code == 302 and response["Location"].endswith("#row-2.1")


def test_without_javascript_the_whole_form_saves_all_rows_or_none(a2_sheet, officer2):
    client = login(officer2)
    url = reverse("evaluation:sheet", args=[a2_sheet.pk])
    response = client.post(url, {"points-2.1": "25", "version-2.1": "0", "points-2.2": "21", "version-2.2": "0",
                                 "points-C1": "", "version-C1": "0"})
    assert response.status_code == 422
    assert "Chưa lưu: có 1 dòng cần xem lại." in text(response) and "Điểm vượt điểm chuẩn (20,00)." in text(response)
    assert not ScoreEntry.objects.exists()
    response = client.post(url, {"points-2.1": "25", "version-2.1": "0", "points-2.2": "0", "version-2.2": "0",
                                 "points-C1": "", "version-C1": "0"})
    assert response.status_code == 302
    assert dict(ScoreEntry.objects.values_list("code", "self_points")) == {"2.1": D(25), "2.2": D(0)}


# --- comments on a row ------------------------------------------------------------------------------------------

def test_htmx_saves_a_rows_comment_with_its_points(a2_sheet, officer2):
    client = login(officer2)
    page = text(client.get(reverse("evaluation:sheet", args=[a2_sheet.pk])))
    assert '<label for="comment-2.1" class="visually-hidden">Ghi chú tiêu chí 2.1</label>' in page
    assert 'name="comment-1.1"' not in page  # a computed row takes no input
    response = client.post(row_url(a2_sheet), {"points-2.1": "25", "version-2.1": "0",
                                               "comment-2.1": "Theo Quyết định 12/QĐ-STC"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Đã lưu" in text(response)
    assert ">Theo Quyết định 12/QĐ-STC</textarea>" in text(response)
    entry = ScoreEntry.objects.get(sheet=a2_sheet, code="2.1")
    assert (entry.self_points, entry.self_comment) == (D(25), "Theo Quyết định 12/QĐ-STC")
    # The comment alone changes: saved too, the points stay.
    response = client.post(row_url(a2_sheet), {"points-2.1": "25", "version-2.1": "1", "comment-2.1": "Bổ sung"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.self_points, entry.self_comment, entry.version) == (D(25), "Bổ sung", 2)


def test_without_javascript_the_whole_form_saves_the_comments(a2_sheet, officer2):
    response = login(officer2).post(reverse("evaluation:sheet", args=[a2_sheet.pk]), {
        "points-2.1": "25", "version-2.1": "0", "comment-2.1": "Có quyết định khen thưởng",
        "points-2.2": "", "version-2.2": "0", "comment-2.2": "Chờ số liệu quý IV",
        "points-C1": "", "version-C1": "0", "comment-C1": ""})
    assert response.status_code == 302
    assert {e.code: (e.self_points, e.self_comment) for e in ScoreEntry.objects.all()} == {
        "2.1": (D(25), "Có quyết định khen thưởng"), "2.2": (None, "Chờ số liệu quý IV")}
    page = text(login(officer2).get(reverse("evaluation:sheet", args=[a2_sheet.pk])))
    assert ">Chờ số liệu quý IV</textarea>" in page


def test_a_conflict_keeps_the_other_persons_comment_and_says_so(a2_sheet, officer2):
    client = login(officer2)
    client.post(row_url(a2_sheet), {"points-2.1": "27", "version-2.1": "0", "comment-2.1": "Đủ minh chứng"},
                HTTP_HX_REQUEST="true")
    response = client.post(row_url(a2_sheet), {"points-2.1": "27", "version-2.1": "0",
                                               "comment-2.1": "Thiếu một quyết định"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    page = text(response)
    assert "Người khác vừa lưu “27,00” cho dòng này." in page and "Ghi chú họ đã lưu: “Đủ minh chứng”." in page
    assert ">Thiếu một quyết định</textarea>" in page  # what was typed stays in the box
    assert ScoreEntry.objects.get(sheet=a2_sheet, code="2.1").self_comment == "Đủ minh chứng"


def test_the_scorer_comments_its_cross_score_and_reads_the_units_note(world, officer2):
    evaluation = states.assigned(world)
    a1 = sheet(evaluation, world.a1)  # scored by a2 (officer2)
    score(a1, {"2.1": "30", "2.2": "20", "C1": "5", "T1": "0"})
    ScoreEntry.objects.filter(sheet=a1, code="2.1").update(self_comment="Đạt giải nhất toàn quốc")
    rounds.submit_self(a1, None)
    client = login(officer2)
    page = text(client.get(reverse("evaluation:sheet", args=[a1.pk])))
    assert "Ghi chú của đơn vị: Đạt giải nhất toàn quốc" in page and 'name="comment-2.1"' in page
    entry = ScoreEntry.objects.get(sheet=a1, code="2.1")
    response = client.post(row_url(a1), {"points-2.1": "24", "version-2.1": str(entry.version),
                                         "comment-2.1": "Minh chứng chưa rõ"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.cross_points, entry.cross_comment, entry.self_comment) == (
        D(24), "Minh chứng chưa rõ", "Đạt giải nhất toàn quốc")


# --- the cross column before cross-scoring ----------------------------------------------------------------------

def totals_row(page, label) -> str:
    match = re.search(r'<section class="card" id="totals".*?</section>', page, re.S)
    row = re.search(rf"<tr>\s*<th scope=\"row\">{label}</th>(.*?)</tr>", match.group(), re.S)
    return row.group(1)


def test_the_cross_column_is_empty_until_the_scorer_gives_points(world, officer, officer2):
    """Computed rows get cross points when the self-score is submitted: the leader's own sheet (it sees every
    round) must not show their sum as a cross-score, nor the self-score as the agreed total."""
    evaluation = states.self_done(world)
    a1 = sheet(evaluation, world.a1)
    assert ScoreEntry.objects.filter(sheet=a1, code="2.3", cross_points__isnull=False).exists()
    page = text(login(officer).get(reverse("evaluation:sheet", args=[a1.pk])))
    assert "Chưa chấm chéo" in totals_row(page, "Cụm/khối chấm")
    assert "Chưa có (chờ nộp phiếu chấm chéo)" in totals_row(page, "Điểm thống nhất")
    for code in ("I", "2.3", "II"):
        cells = re.search(rf'<tr id="row-{re.escape(code)}".*?</tr>', page, re.S).group()
        assert re.findall(r'<td class="num">([^<]*)</td>', cells)[2:] == ["", ""], code  # cross, agreed: empty
    view = display.sheet_view(a1, officer)
    assert not view.by_code["2.3"].cross_shown and view.by_code["I"].cross_points is None
    # The scorer's first manual row (htmx): the computed rows' cross points now count, and come along out of
    # band with the section sums, since the page loaded them empty.
    response = login(officer2).post(row_url(a1), {"points-2.1": "24", "version-2.1": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    for code in ("I", "1.1", "2.3", "II"):
        assert re.search(rf'<template>\s*<tr id="row-{re.escape(code)}" hx-swap-oob="true"', page), code
    assert not re.search(r'<template>\s*<tr id="row-2.2"', page)  # another input row keeps what is typed in it
    assert "Chưa chấm chéo" not in totals_row(page, "Cụm/khối chấm")
    view = display.sheet_view(sheet(evaluation, world.a1), officer2)
    assert view.by_code["2.3"].cross_shown and view.by_code["I"].cross_points is not None


def test_the_scorers_group_page_has_no_cross_total_before_it_scores(world, officer2):
    evaluation = states.self_done(world)
    a1 = sheet(evaluation, world.a1)  # scored by a2 (officer2)

    def a1_cross_total():
        states_ = display.member_states(world.cluster_a, evaluation, officer2, world.a1.pk)
        return next(s for s in states_ if s.membership.unit_id == world.a1.pk).cross_total

    assert a1_cross_total() is None  # computed rows only
    score(a1, {"2.1": "24"}, officer2, rounds.CROSS)
    assert a1_cross_total() is not None


def test_the_results_page_has_no_cross_score_for_a_sheet_not_cross_scored(world, officer2):
    evaluation = states.self_done(world)
    score(sheet(evaluation, world.a1), {"2.1": "24"}, officer2, rounds.CROSS)
    rows = {r.sheet.unit_id: r for r in display.results_table(evaluation)["result_rows"]}
    assert rows[world.a1.pk].cross_total is not None and rows[world.a1.pk].sections[1][1] is not None
    assert rows[world.a2.pk].cross_total is None  # its computed rows alone
    assert [cross for _self, cross, _final in rows[world.a2.pk].sections] == [None, None]


def test_the_unit_is_told_which_rows_wait_for_its_answer(world, officer, officer2):
    evaluation = states.returned(world)
    url = reverse("evaluation:sheet", args=[sheet(evaluation, world.a2).pk])
    page = text(login(officer2).get(url))
    assert re.search(r'id="awaiting-answer">[^<]*giải trình hoặc chấp nhận điểm chấm chéo:\s*'
                     r'<a href="#row-2.1">tiêu chí 2.1</a>', page)
    assert 'id="awaiting-answer"' not in text(login(officer).get(url))  # the leader does not answer
    rounds.answer_row(sheet(evaluation, world.a2), "2.1", True, "", None)
    assert 'id="awaiting-answer"' not in text(login(officer2).get(url))


def test_a_get_writes_nothing_and_the_sheet_shows_the_tree_and_guides(a2_sheet, officer2):
    page = text(login(officer2).get(reverse("evaluation:sheet", args=[a2_sheet.pk])))
    assert not ScoreEntry.objects.exists()
    for words in ("STT", "Tiêu chí", "Điểm chuẩn", "Tự chấm", "Cụm/khối chấm", "Điểm thống nhất", "Minh chứng",
                  "Tự tính từ số liệu trong năm", "Nộp phiếu tự chấm", 'hx-post="' + row_url(a2_sheet) + '"'):
        assert words in page


def test_submitting_an_incomplete_sheet_says_what_is_missing(a2_sheet, officer2):
    response = login(officer2).post(reverse("evaluation:submit_self", args=[a2_sheet.pk]), follow=True)
    assert "Còn tiêu chí chưa chấm: 2.1, 2.2, C1, T1." in text(response)
    assert not sheet(a2_sheet.evaluation, a2_sheet.unit).self_submitted


def test_evidence_is_checked_and_served_to_who_sees_the_sheet(a2_sheet, officer2, officer, outsider):
    url = reverse("evaluation:evidence_upload", args=[a2_sheet.pk])
    fake = SimpleUploadedFile("minh-chung.pdf", b"not a pdf")
    response = login(officer2).post(url, {"code": "2.1", "file": fake})
    assert response.status_code == 422 and "chỉ nhận tệp PDF, JPG hoặc PNG" in text(response)
    assert not ScoreEvidence.objects.exists()
    login(officer2).post(url, {"code": "2.1", "file": SimpleUploadedFile("minh-chung.pdf", PDF)})
    evidence = ScoreEvidence.objects.get()
    download = reverse("evaluation:evidence_download", args=[a2_sheet.pk, evidence.pk])
    assert download in text(login(officer2).get(reverse("evaluation:sheet", args=[a2_sheet.pk])))
    response = login(officer).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert login(outsider).get(download).status_code == 404


# --- the group page ---------------------------------------------------------------------------------------------

def test_the_leader_opens_the_evaluation_with_dates_typed_dd_mm_yyyy(world, officer):
    states.with_table(world)
    client = login(officer)
    url = reverse("evaluation:group", args=[world.cluster_a.pk])
    assert "Mở chấm điểm" in text(client.get(url))
    open_url = reverse("evaluation:open", args=[world.cluster_a.pk])
    response = client.post(open_url, {"self_deadline": "20/12/2024", "cross_deadline": "10/12/2024"})
    assert response.status_code == 422 and "Hạn chấm chéo không được trước hạn tự chấm." in text(response)
    assert not Evaluation.objects.exists()
    client.post(open_url, {"self_deadline": "10/12/2024", "cross_deadline": "20/12/2024"})
    evaluation = Evaluation.objects.get()
    assert (evaluation.self_deadline.day, evaluation.cross_deadline.day) == (10, 20)
    page = text(client.get(url))
    assert "10/12/2024" in page and "Phân công xoay vòng" in page


def test_without_a_published_table_the_page_says_what_to_do(world, officer):
    page = text(login(officer).get(reverse("evaluation:group", args=[world.cluster_a.pk])))
    assert "Chưa có bảng chấm điểm đã ban hành" in page and 'action="/evaluation/group/' not in page


def test_round_robin_follows_the_vietnamese_order_of_names(world, officer):
    evaluation = states.opened(world)
    login(officer).post(reverse("evaluation:assign", args=[world.cluster_a.pk]), {"action": "round_robin"})
    # Sở Kế hoạch và Đầu tư → scored by Sở Tài chính → by Sở Xây dựng → by Sở Kế hoạch và Đầu tư.
    assert dict(evaluation.sheets.values_list("unit__code", "scorer__code")) == {
        "SKHDT": "STC", "STC": "SXD", "SXD": "SKHDT"}


def test_a_scorer_chosen_per_member_and_a_refusal_in_words(world, officer):
    evaluation = states.opened(world)
    client = login(officer)
    url = reverse("evaluation:assign", args=[world.cluster_a.pk])
    response = client.post(url, {f"scorer-{world.a1.pk}": str(world.a1.pk)}, follow=True)
    assert "Một đơn vị không chấm chéo cho chính mình." in text(response)
    client.post(url, {f"scorer-{world.a1.pk}": str(world.a3.pk)})
    assert sheet(evaluation, world.a1).scorer_id == world.a3.pk


def test_publishing_refusals_are_shown_and_reopening_needs_a_reason(world, city):
    states.both_rounds(world)
    client = login(city)
    response = client.post(reverse("evaluation:publish", args=[world.cluster_a.pk]), follow=True)
    assert "Còn 1 tiêu chí chênh lệch chưa thống nhất điểm." in text(response)
    assert Evaluation.objects.get().is_open
    evaluation = Evaluation.objects.get()
    rounds.return_row(sheet(evaluation, world.a2), "2.1", "Thiếu", None)
    rounds.answer_row(sheet(evaluation, world.a2), "2.1", True, "", None)
    page = text(client.get(reverse("evaluation:sheet", args=[sheet(evaluation, world.a2).pk])))
    assert "Ghi điểm thống nhất" in page
    client.post(reverse("evaluation:agree_row", args=[sheet(evaluation, world.a2).pk, "2.1"]), {"points": "26"})
    client.post(reverse("evaluation:publish", args=[world.cluster_a.pk]))
    assert Evaluation.objects.get().is_published
    response = client.post(reverse("evaluation:reopen", args=[world.cluster_a.pk]), {"reason": " "})
    assert response.status_code == 422 and "Hãy ghi lý do." in text(response)
    assert Evaluation.objects.get().is_published


def test_the_results_say_the_tie_break_rule(world, city):
    states.published(world)
    page = text(login(city).get(reverse("evaluation:results", args=[world.cluster_a.pk])))
    assert "Bằng điểm: xếp theo điểm nhóm tiêu chí thứ nhất, rồi theo tên đơn vị" in page


def test_the_results_name_the_criterion_that_held_a_unit_back_beside_its_class(world, city):
    """HT from 50 points: every member's total reaches it, but its computed rows (no annual report: 0 points) are
    under the 70 % floor, so each is held back — and its class cell says by which criterion, in the words of
    :func:`evaluation.display.held_back_text`."""
    cluster_table(world.c2024, None, ht_total=50)
    evaluation = states.published(world)
    rows = display.results_table(evaluation)["result_rows"]
    page = text(login(city).get(reverse("evaluation:results", args=[world.cluster_a.pk])))
    for row in rows:
        assert row.grade == "kht" and row.held_back_by is not None
        cell = re.search(r'<td class="eval-class">(.*?)</td>', page[page.index(row.sheet.unit.name):], re.S).group(1)
        words = display.held_back_text(row.held_back_by)
        assert words.startswith(f"Bị hạ loại do tiêu chí {row.held_back_by.code} – ") and words in cell


def test_the_group_page_links_to_the_evaluation(world, officer):
    states.opened(world)
    page = text(login(officer).get(reverse("groups:detail", args=[world.cluster_a.pk])))
    assert reverse("evaluation:group", args=[world.cluster_a.pk]) in page


# --- nobody reads another unit's unpublished points -------------------------------------------------------------

def test_no_officer_reads_another_units_unpublished_points_on_any_page(world, officer2):
    """a1 self 21,11 · a2 self 22,22 · a3 self 23,33; cross: a2 gives a1 24,44, a3 gives a2 25,55, a1 gives a3
    26,66 (row 2.1, everything else full marks). officer2 (a2) scores a1; officer3 (a3) scores a2."""
    officer3 = make_user("officer3", unit=world.a3)
    evaluation = states.assigned(world)
    own = {world.a1: "21.11", world.a2: "22.22", world.a3: "23.33"}
    cross = {world.a1: "24.44", world.a2: "25.55", world.a3: "26.66"}
    for unit in own:
        score(sheet(evaluation, unit), {"2.1": own[unit], "2.2": "20", "C1": "5", "T1": "0"})
        rounds.submit_self(sheet(evaluation, unit), None)
    for unit in cross:
        score(sheet(evaluation, unit), {"2.1": cross[unit], "2.2": "20", "C1": "5", "T1": "0"}, round_=rounds.CROSS)
    rounds.submit_cross(sheet(evaluation, world.a3), None)
    totals = {(r.sheet.unit_id, key): r.totals.total for key in ("self", "cross", "final")
              for r in rounds.results(evaluation, key)}

    def words(value):
        return rounds.scoring.points_text(D(value))

    forbidden = {
        # officer2 sees its own self-score and a1's sheet (it scores it), never a3's self nor the cross-scores
        # given to others, nor (before the leader returns a row) the cross-score a3 gave it.
        officer2: [own[world.a3], cross[world.a2], cross[world.a3]],
        officer3: [own[world.a1], cross[world.a1], cross[world.a3]],
    }
    forbidden_totals = {
        officer2: [(world.a3.pk, "self"), (world.a2.pk, "cross"), (world.a3.pk, "cross"), (world.a2.pk, "final")],
        officer3: [(world.a1.pk, "self"), (world.a1.pk, "cross"), (world.a3.pk, "cross"), (world.a3.pk, "final")],
    }
    pages = [reverse("evaluation:group", args=[world.cluster_a.pk]),
             reverse("evaluation:results", args=[world.cluster_a.pk]),
             reverse("evaluation:overview", args=[2024]), reverse("groups:detail", args=[world.cluster_a.pk]),
             *[reverse("evaluation:sheet", args=[sheet(evaluation, unit).pk]) for unit in own]]
    for user, values in forbidden.items():
        client = login(user)
        seen = "".join(text(client.get(url)) for url in pages)
        assert words(own[user.unit]) in seen  # its own self-score is there: the pages did render
        for value in values:
            assert words(value) not in seen, (user.username, value)
        for key in forbidden_totals[user]:
            assert words(totals[key]) not in seen, (user.username, key)


def test_late_sheets_are_marked_after_their_deadline(world, officer):
    evaluation = states.opened(world)
    url = reverse("evaluation:group", args=[world.cluster_a.pk])
    assert "trễ hạn" in text(login(officer).get(url))  # deadlines of 2024, nothing submitted
    Evaluation.objects.filter(pk=evaluation.pk).update(self_deadline="2999-12-10", cross_deadline="2999-12-20")
    assert "trễ hạn" not in text(login(officer).get(url))
