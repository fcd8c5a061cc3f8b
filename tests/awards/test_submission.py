"""The submission (tờ trình) of a group's proposals to the board, as a PDF: the Decree 30 header of the group,
the addressee and subject, the elected units with their score, class, rank and votes, the attached list, the
leader unit's signature; DỰ THẢO while the minutes are a draft. Who may download it:
tests/awards/test_submission_permissions.py."""

import datetime
import re
import unicodedata
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.models import Ballot, Title
from awards.submission import proposed_units, votes_text
from evaluation.models import Evaluation, ScoreSheet
from exports import documents
from tests import downloads
from tests.downloads import download_url
from tests.evaluation.test_rounds import cluster_table

from .meetings import meeting_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(unicodedata.normalize("NFC", downloads.pdf_text(content)).split())


def published_results(w, results):
    """Cluster A's evaluation published with ``results``: unit → (total, class, rank)."""
    table = cluster_table(w.c2024, None)
    evaluation = Evaluation.objects.create(group=w.cluster_a, self_deadline=datetime.date(2024, 12, 1),
                                           cross_deadline=datetime.date(2024, 12, 10), status="published",
                                           published_at=timezone.now())
    ScoreSheet.objects.bulk_create(
        ScoreSheet(evaluation=evaluation, unit=unit, table=table, final_total=Decimal(total), final_class=grade,
                   final_rank=rank) for unit, (total, grade, rank) in results.items())
    return evaluation


def proposing_meeting(w, *, final=True):
    """Cluster A's meeting: a1 for the city flag (3/3), a1 and a2 for Bằng khen (3/3, 2/3; a3 not elected with
    1/3), a3 elected next year's leader (not a proposal)."""
    published_results(w, {w.a1: ("95.5", "htxs", 1), w.a2: ("88.25", "htt", 2), w.a3: ("71", "ht", 3)})
    return meeting_of(w.cluster_a, final=final, ballots=[
        (Ballot.Question.CITY_FLAG, 3, [(w.a1, 3, True)]),
        (Ballot.Question.MERIT, 3, [(w.a2, 2, True), (w.a1, 3, True), (w.a3, 1, False)]),
        (Ballot.Question.LEADER, 3, [(w.a3, 3, True)]),
    ])


def test_votes_are_worded_once():
    assert votes_text(2, 3) == "2/3"
    assert votes_text(None, 3) == ""


def test_the_proposals_read_the_elected_units_in_ranking_order(world):
    meeting = proposing_meeting(world)
    titles = proposed_units(meeting)
    assert [t.title for t in titles] == ["Cờ thi đua của UBND thành phố", "Bằng khen của Chủ tịch UBND thành phố"]
    assert [(u.unit.code, u.votes_text, u.rank) for u in titles[1].units] == [("SKHDT", "3/3", 1), ("STC", "2/3", 2)]


def test_the_plan_names_its_titles(world):
    Title.objects.filter(campaign=world.c2024, code="merit").update(name="Bằng khen của UBND thành phố")
    meeting = proposing_meeting(world)
    assert proposed_units(meeting)[1].title == "Bằng khen của UBND thành phố"


def test_the_submission_pdf(world, client_as):
    proposing_meeting(world)
    response = client_as("officer").get(download_url("submission_pdf", group=world.cluster_a.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "to-trinh-khen-thuong-cum-thi-dua-cac-so-so-1-2024.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "DỰ THẢO" not in text
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỤM THI ĐUA CÁC SỞ SỐ 1", "TỜ TRÌNH",
                     "Về việc đề nghị khen thưởng năm 2024", "Kính gửi: Ban Thi đua - Khen thưởng thành phố",
                     "/TTr-SKHDT", "Căn cứ Kế hoạch số 45/KH-UBND ngày 05/02/2024",
                     "Biên bản hội nghị tổng kết công tác thi đua năm 2024 của Cụm thi đua các sở số 1 ngày 20/12/2024",
                     "1. Cờ thi đua của UBND thành phố: 01 tập thể", "2. Bằng khen của Chủ tịch UBND thành phố: 02 tập thể",
                     "Sở Kế hoạch và Đầu tư: tổng điểm 95,50, xếp loại Hoàn thành xuất sắc, xếp hạng 1/3",
                     "Sở Tài chính: tổng điểm 88,25, xếp loại Hoàn thành tốt, xếp hạng 2/3; được 2/3 phiếu",
                     "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Nơi nhận:", "Như trên;",
                     "DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024"]:
        assert expected in text, expected
    # The attached list: STT, unit, score, class, rank, votes/valid, title; three rows (a1 twice, a2).
    assert re.search(r"1 Sở Kế hoạch và Đầu tư 95,50 Hoàn thành xuất sắc 1 3/3 Cờ thi đua", text), text
    assert re.search(r"3 Sở Tài chính 88,25 Hoàn thành tốt 2 2/3 Bằng khen", text), text
    assert "Sở Xây dựng" not in text  # not elected for a title (elected leader, which the submission omits)


def test_a_draft_meeting_prints_as_a_draft(world, client_as):
    proposing_meeting(world, final=False)
    text = pdf_text(client_as("city").get(download_url("submission_pdf", group=world.cluster_a.pk)).content)
    assert "DỰ THẢO" in text and "TỜ TRÌNH" in text


def test_a_meeting_that_proposes_nobody(world):
    meeting = meeting_of(world.cluster_a, ballots=[(Ballot.Question.LEADER, 3, [(world.a3, 3, True)])])
    meeting.group = world.cluster_a
    context = documents.submission_context(meeting, datetime.date(2024, 12, 21))
    assert context["titles"] == [] and context["rows"] == []
    text = pdf_text(documents.submission_pdf(meeting, datetime.date(2024, 12, 21)))
    assert "không đề nghị khen thưởng tập thể nào" in text
    assert "ngày 21 tháng 12 năm 2024" in text


@pytest.mark.parametrize("members", [5, 30])
def test_the_context_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries, members):
    from groups.access import get_group_for_user
    from tests.factories import make_group, make_unit, make_user

    units = [make_unit(f"M{i:02d}", f"Đơn vị {i:02d}") for i in range(members)]
    group = make_group(world.c2024, "Khối đông", "bloc", leader=units[0], deputy=units[1], members=units[2:])
    meeting_of(group, ballots=[(Ballot.Question.MERIT, members, [(u, members, True) for u in units])])
    user = make_user("staff_q", "city_staff")
    from awards.access import get_meeting_for_submission

    # Group, members, meeting, pledge, titles, elected candidates, score sheets (+1 for the leader's signature).
    with django_assert_max_num_queries(7):
        meeting = get_meeting_for_submission(user, group.pk)
        context = documents.submission_context(meeting, datetime.date(2024, 12, 21))
    assert len(context["rows"]) == members
    assert get_group_for_user(user, group.pk).memberships.count() == members


def test_a_draft_without_a_date_or_a_leader_leaves_room_to_write(world):
    from groups.models import Membership

    Membership.objects.filter(group=world.cluster_a, role="leader").update(role="member")
    meeting = meeting_of(world.cluster_a, final=False, held_at=None,
                         ballots=[(Ballot.Question.MERIT, 3, [(world.a2, 2, True)])])
    meeting.group = world.cluster_a
    context = documents.submission_context(meeting, datetime.date(2024, 12, 21))
    assert context["draft"]
    assert context["header"].number.endswith("/TTr")
    assert context["bases"][-1].endswith("ngày …………,")
    assert context["signer"].lines == ["TM. CỤM THI ĐUA", "CỤM TRƯỞNG"]
    assert [row["total"] for row in context["rows"]] == [""]  # no results published: no score
    text = pdf_text(documents.submission_pdf(meeting, datetime.date(2024, 12, 21)))
    assert "DỰ THẢO" in text and "Sở Tài chính" in text
