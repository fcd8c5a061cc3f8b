"""The rules of the year-end meeting (awards.meetings), case by case as its docstring's table states them."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from awards import meetings
from awards.meetings import Conflict, Quorum, count_ballot
from awards.models import (
    Attendance,
    AwardSettings,
    Ballot,
    Candidate,
    Meeting,
    MeetingReopening,
    Proposal,
    Title,
)
from tests.factories import make_group, make_unit

from . import meeting_states as ms

pytestmark = pytest.mark.django_db

# --- quorum -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "present", "met", "missing"), [
    (6, 4, True, 0), (6, 3, False, 1), (8, 6, True, 0), (8, 5, False, 1), (8, 4, False, 2), (3, 2, True, 0),
    (3, 1, False, 1), (0, 0, False, 0),
])
def test_quorum_is_two_thirds_in_integers(members, present, met, missing):
    quorum = Quorum(members, present, 2, 3)
    assert quorum.met is met
    assert quorum.missing == missing


def test_quorum_words():
    assert Quorum(8, 7, 2, 3).text() == "Có mặt 7/8 đơn vị, đủ 2/3 theo quy định"
    assert Quorum(8, 4, 2, 3).missing_text().startswith("Cần thêm 2 đơn vị có mặt để đủ 2/3 số thành viên (6/8)")


# --- one ballot ---------------------------------------------------------------------------------------------

UNITS = [SimpleNamespace(pk=i, name=f"Đơn vị {chr(64 + i)}") for i in range(1, 9)]


def counted(question="leader", seats=1, counts=(8, 8, 8), votes=(), *, members=8, present=8,
            base=AwardSettings.ElectedBase.MEMBERS, classes=None, registered=frozenset()):
    return count_ballot(question, seats, *counts, [(UNITS[i], v, "") for i, v in enumerate(votes)],
                        quorum=Quorum(members, present, 2, 3), settings=AwardSettings(elected_base=base),
                        classes=classes or {}, registered=set(registered), published=True)


def elected(result):
    return [c.unit.name for c in result.elected]


@pytest.mark.parametrize(("counts", "message"), [
    ((7, 7, 8), "Số phiếu hợp lệ (8) không được lớn hơn số phiếu thu về (7)."),
    ((6, 7, 5), "Số phiếu thu về (7) không được lớn hơn số phiếu phát ra (6)."),
    ((8, 8, 8), "Số phiếu phát ra (8) không được lớn hơn số đơn vị có mặt (7)."),
])
def test_counts_that_do_not_nest_are_refused(counts, message):
    result = counted(counts=counts, votes=(3,), present=7)
    assert message in result.errors
    assert result.elected == []


def test_votes_above_the_valid_ballots_are_refused():
    result = counted(counts=(7, 7, 6), votes=(7,), present=7)
    assert "Đơn vị A được 7 phiếu, nhiều hơn số phiếu hợp lệ (6)." in result.errors


def test_more_votes_than_the_ballots_could_hold_are_refused():
    result = counted(counts=(8, 8, 5), votes=(5, 5))
    assert any("vượt số phiếu hợp lệ nhân số đơn vị được chọn" in e for e in result.errors)


def test_exactly_half_is_not_elected_and_the_rule_is_said():
    assert elected(counted(votes=(4,))) == []
    assert elected(counted(votes=(5,))) == ["Đơn vị A"]
    assert counted(votes=(5,)).rule == "Trúng cử khi được quá nửa tổng số thành viên của cụm, khối (≥ 5/8 phiếu)"


def test_the_base_may_be_the_units_present_or_the_valid_ballots():
    assert elected(counted(counts=(6, 6, 6), votes=(4,), present=6, base="present")) == ["Đơn vị A"]
    assert elected(counted(counts=(6, 6, 6), votes=(4,), present=6, base="members")) == []
    assert elected(counted(counts=(6, 6, 5), votes=(3,), present=6, base="valid")) == ["Đơn vị A"]


def test_single_seat_the_highest_above_the_bar():
    assert elected(counted(votes=(3, 5))) == ["Đơn vị B"]
    # Under "more than half" two units cannot both pass one seat's bar: a tie there is below it, nobody is in.
    below = counted(votes=(4, 4))
    assert elected(below) == [] and not below.revote


def test_a_tie_at_the_cut_elects_neither_and_asks_for_a_revote():
    result = counted("merit", 2, votes=(6, 5, 5))
    assert elected(result) == ["Đơn vị A"] and result.revote
    assert "cần bỏ phiếu lại" in result.elected_text()
    assert [c.tied for c in result.candidates] == [False, True, True]


def test_n_seats_top_n_above_the_bar():
    assert elected(counted("merit", 2, votes=(7, 5, 3, 1))) == ["Đơn vị A", "Đơn vị B"]
    assert elected(counted("merit", 3, votes=(8, 6, 4))) == ["Đơn vị A", "Đơn vị B"]


def test_only_htxs_units_are_flag_candidates():
    result = counted("city_flag", votes=(6, 1), classes={1: "htxs", 2: "htt"})
    assert result.errors == ["Đơn vị B không đạt xếp loại Hoàn thành xuất sắc trong kết quả chấm điểm đã công bố: "
                             "không đề nghị Cờ thi đua được."]


def test_an_unregistered_candidate_is_flagged_and_needs_a_reason():
    result = counted("merit", 2, votes=(6, 5), registered={(1, "merit")})
    a, b = result.candidates
    assert not a.unregistered and b.unregistered and b.needs_reason


# --- the meeting in the database ----------------------------------------------------------------------------


def test_no_ballot_without_quorum(world, officer):
    ms.recorded(world.cluster_a, officer, present=[world.a1])
    with pytest.raises(ValidationError, match="Cần thêm 1 đơn vị có mặt để đủ 2/3"):
        ms.ballot(world.cluster_a, "leader", (1, 1, 1), [(world.a2, 1)], officer)
    assert not Ballot.objects.exists()


def test_eight_members_need_six_present(world, officer):
    units = [make_unit(f"K{i}", f"Sở thử {i}") for i in range(8)]
    group = make_group(world.c2024, "Khối các sở kinh tế", leader=units[0], members=units[1:])
    ms.recorded(group, officer, present=units[:5])
    assert meetings.load(group).quorum.missing == 1
    ms.recorded(group, officer, present=units[:6])
    assert meetings.load(group).quorum.met


def test_a_wrong_ballot_stores_nothing(world, officer):
    ms.recorded(world.cluster_a, officer)
    with pytest.raises(ValidationError) as caught:
        ms.ballot(world.cluster_a, "merit", (3, 2, 3), [(world.a2, 4)], officer)
    assert "Số phiếu hợp lệ (3) không được lớn hơn số phiếu thu về (2)." in caught.value.messages
    assert not Ballot.objects.exists()


def test_flag_needs_a_published_evaluation(world, officer):
    ms.recorded(world.cluster_a, officer)
    with pytest.raises(ValidationError, match="chưa công bố kết quả chấm điểm"):
        ms.ballot(world.cluster_a, "city_flag", (3, 3, 3), [(world.a1, 3)], officer)


def test_finalise_creates_the_proposals(world, officer):
    meeting = ms.finalised(world, officer)
    assert meeting.is_final and meeting.finalised_by == officer and meeting.finalised_at
    rows = {(p.unit_id, p.title.code): p for p in Proposal.objects.select_related("title")}
    assert set(rows) == {(world.a1.pk, "city_flag"), (world.a2.pk, "merit"), (world.a3.pk, "merit")}
    flag = rows[(world.a1.pk, "city_flag")]
    assert (flag.votes, flag.valid_ballots, flag.meeting, flag.group, flag.created_by) == (
        3, 3, meeting, world.cluster_a, officer)
    assert flag.title == Title.objects.get(campaign=world.c2024, code="city_flag")
    assert set(Candidate.objects.filter(elected=True).values_list("unit_id", "ballot__question")) == {
        (world.a1.pk, "city_flag"), (world.a2.pk, "merit"), (world.a3.pk, "merit"), (world.a2.pk, "leader"),
        (world.a3.pk, "deputy")}


def test_an_unregistered_candidate_needs_a_reason_before_finalising(world, officer):
    group = ms.all_ballots(world, officer)
    ms.register(group, world.a3, titles=("Cờ thi đua của UBND thành phố",))  # a3 no longer registers Bằng khen
    with pytest.raises(ValidationError) as caught:
        meetings.finalise(group, officer, version=ms.version(group))
    assert ("Đề nghị tặng Bằng khen – Sở Xây dựng: Đơn vị chưa đăng ký danh hiệu này: cần nêu lý do."
            in caught.value.messages)
    assert not Proposal.objects.exists() and not Meeting.objects.get().is_final
    ms.ballot(group, "merit", (3, 3, 3), [(world.a2, 3), (world.a3, 2, "Thành tích đột xuất")], officer)
    meetings.finalise(group, officer, version=ms.version(group))
    assert Proposal.objects.get(unit=world.a3).reason == "Thành tích đột xuất"


def test_one_unit_cannot_be_elected_leader_and_deputy(world, officer):
    group = ms.all_ballots(world, officer)
    ms.ballot(group, "deputy", (3, 3, 3), [(world.a2, 3)], officer)
    with pytest.raises(ValidationError, match="không thể vừa trúng cử đơn vị trưởng vừa trúng cử đơn vị phó"):
        meetings.finalise(group, officer, version=ms.version(group))


def test_a_tie_waits_for_the_revote(world, officer):
    group = ms.all_ballots(world, officer)
    ms.ballot(group, "merit", (3, 3, 3), [(world.a1, 2), (world.a2, 2), (world.a3, 2)], officer)
    with pytest.raises(ValidationError, match="cần bỏ phiếu lại"):
        meetings.finalise(group, officer, version=ms.version(group))


# --- the lock -----------------------------------------------------------------------------------------------


def test_finalised_minutes_refuse_every_save_and_delete(world, officer):
    meeting = ms.finalised(world, officer)
    rows = [meeting, Attendance.objects.first(), Ballot.objects.first(), Candidate.objects.first()]
    for row in rows:
        with pytest.raises(ValidationError, match="Biên bản đã chốt"):
            row.save()
        with pytest.raises(ValidationError, match="Biên bản đã chốt"):
            row.delete()
    with pytest.raises(ValidationError, match="Biên bản đã chốt"):
        Attendance(meeting=meeting, unit=world.loner, present=True).save()
    with pytest.raises(ValidationError, match="Biên bản đã chốt"):
        ms.recorded(world.cluster_a, officer)
    with pytest.raises(ValidationError, match="Biên bản đã chốt"):
        ms.ballot(world.cluster_a, "leader", (3, 3, 3), [(world.a1, 3)], officer)
    assert Attendance.objects.count() == 3 and Candidate.objects.count() == 6


def test_reopening_needs_a_reason_and_removes_the_pending_proposals(world, officer, city):
    ms.finalised(world, officer)
    with pytest.raises(ValidationError, match="Cần nêu lý do"):
        meetings.reopen(world.cluster_a, city, "  ")
    meeting = meetings.reopen(world.cluster_a, city, "Sai số phiếu Bằng khen")
    assert not meeting.is_final and meeting.finalised_at is None
    assert not Proposal.objects.exists()
    assert MeetingReopening.objects.get().reason == "Sai số phiếu Bằng khen"
    meetings.finalise(world.cluster_a, officer, version=meeting.version)
    assert Proposal.objects.count() == 3  # finalising again makes them anew


def test_reopening_is_refused_once_the_council_decided(world, officer, city):
    ms.finalised(world, officer)
    Proposal.objects.filter(unit=world.a1).update(decision="approved", decision_number="123/QĐ-UBND",
                                                  decision_date="2025-01-20", decided_at="2025-01-20T10:00Z")
    with pytest.raises(ValidationError, match="đã xét đề nghị"):
        meetings.reopen(world.cluster_a, city, "Sửa")
    assert Meeting.objects.get().is_final and Proposal.objects.count() == 3


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, officer, officer2, city):
    meeting = ms.recorded(world.cluster_a, city)
    stale = meeting.version
    ms.recorded(world.cluster_a, officer)
    with pytest.raises(Conflict) as caught:
        meetings.save_meeting(world.cluster_a, city, version=stale, details={"place": "Nơi khác"}, attendance={})
    assert caught.value.current.updated_by == officer
    assert Meeting.objects.get().place == ms.DETAILS["place"] and Attendance.objects.count() == 3
