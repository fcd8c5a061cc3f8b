"""The rounds of a group's evaluation, through the services as the pages will call them."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluation import rounds, scoring, services
from evaluation.facts import year_facts
from evaluation.models import Criterion, Evaluation, ScoreEntry, ScoreEvent, ScoreSheet, ScoringTable
from groups.models import Group
from pledges.models import Signature
from progress.models import ReportEvent
from tests.builders import FULL, period_named, report_with, signed_pledge_of
from tests.factories import make_group, make_unit

pytestmark = pytest.mark.django_db

SELF_DEADLINE, CROSS_DEADLINE = datetime.date(2024, 12, 10), datetime.date(2024, 12, 20)


def cluster_table(campaign, user, **fields) -> ScoringTable:
    """I (40): 1.1 attainment 20, 1.2 targets achieved 10, 1.3 pledge on time 10 — all computed;
    II (60): 2.1 30 and 2.2 20 scored by hand, 2.3 reporting discipline 10 (2 per report); bonus C1 5, penalty T1 10."""
    table = ScoringTable.objects.create(campaign=campaign, group_kind=Group.Kind.CLUSTER, title="Bảng chấm điểm cụm",
                                        bonus_cap=D(5), **fields)
    rows = [("I", None, 40, "manual"), ("1.1", "I", 20, "attainment"), ("1.2", "I", 10, "targets_achieved"),
            ("1.3", "I", 10, "pledge_on_time"), ("II", None, 60, "manual"), ("2.1", "II", 30, "manual"),
            ("2.2", "II", 20, "manual"), ("2.3", "II", 10, "reporting")]
    made = {}
    for position, (code, parent, maximum, source) in enumerate(rows, start=1):
        made[code] = Criterion.objects.create(
            table=table, code=code, parent=made.get(parent), name=f"Tiêu chí {code}", max_points=D(maximum),
            position=position, source=source, points_per_report=D(2) if source == "reporting" else None)
    Criterion.objects.create(table=table, code="C1", name="Điểm cộng", kind="bonus", max_points=D(5), position=20)
    Criterion.objects.create(table=table, code="T1", name="Điểm trừ", kind="penalty", max_points=D(10), position=21)
    return services.publish(table, user)


@pytest.fixture
def ev(world, city):
    """Cluster A (a1 leader, a2 deputy, a3) with a published table and an open evaluation."""
    cluster_table(world.c2024, city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    return evaluation


def sheet_of(evaluation, unit) -> ScoreSheet:
    return ScoreSheet.objects.select_related("evaluation__group__campaign").get(evaluation=evaluation, unit=unit)


def score(sheet, points: dict, user=None, round_=rounds.SELF):
    for code, value in points.items():
        entry = ScoreEntry.objects.filter(sheet=sheet, code=code).first()
        rounds.save_points(sheet, round_, code, D(value), "", entry.version if entry else 0, user)


def test_opening_needs_a_published_table_and_makes_one_sheet_per_member(world, city):
    with pytest.raises(ValidationError, match="Chưa có bảng chấm điểm"):
        rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    cluster_table(world.c2024, city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    assert set(evaluation.sheets.values_list("unit__code", flat=True)) == {"SKHDT", "STC", "SXD"}
    assert list(evaluation.events.values_list("action", flat=True)) == ["opened"]
    with pytest.raises(ValidationError, match="đã mở"):
        rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)


@pytest.mark.parametrize(("code", "value", "message"), [
    ("2.1", "-1", "Điểm không được âm."), ("2.1", "30.01", "Điểm vượt điểm chuẩn (30,00)."),
    ("1.1", "5", "được tính tự động"), ("II", "5", "không chấm trực tiếp"), ("9.9", "1", "không có trong bảng"),
])
def test_points_are_checked_and_nothing_is_saved_when_refused(ev, world, code, value, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        rounds.save_points(sheet_of(ev, world.a2), rounds.SELF, code, D(value), "", 0, None)
    assert not ScoreEntry.objects.exists() and not ScoreEvent.objects.exclude(action="opened").exists()


def test_two_people_saving_the_same_row_never_overwrite_each_other(ev, world, officer):
    sheet = sheet_of(ev, world.a1)
    first = rounds.save_points(sheet, rounds.SELF, "2.1", D(25), "", 0, officer).entry
    rounds.save_points(sheet, rounds.SELF, "2.1", D(27), "", first.version, officer)
    with pytest.raises(rounds.Conflict) as conflict:
        rounds.save_points(sheet, rounds.SELF, "2.1", D(20), "", first.version, officer)
    assert conflict.value.entry.self_points == D(27)
    assert ScoreEntry.objects.get(sheet=sheet, code="2.1").self_points == D(27)
    events = list(ScoreEvent.objects.filter(action="self_points").values_list("before", "after"))
    assert events == [("", "25,00"), ("25,00", "27,00")]


def test_submitting_needs_every_manual_row_and_an_all_zero_sheet_is_valid(ev, world):
    sheet = sheet_of(ev, world.a3)
    score(sheet, {"2.1": "0"})
    with pytest.raises(ValidationError, match=re.escape("Còn tiêu chí chưa chấm: 2.2, C1, T1.")):
        rounds.submit_self(sheet, None)
    score(sheet, {"2.2": "0", "C1": "0", "T1": "0"})
    submitted = rounds.submit_self(sheet, None, today=datetime.date(2025, 1, 5))
    assert submitted.self_submitted and submitted.self_submitted_at is not None
    with pytest.raises(ValidationError, match="đã nộp"):
        rounds.save_points(sheet, rounds.SELF, "2.1", D(1), "", 1, None)
    (result,) = [r for r in rounds.results(ev, "self") if r.sheet.unit_id == world.a3.pk]
    # No reports, no signature: the computed rows give 0; on 05/01/2025 three reports were due (the annual one
    # is due on 10/01), all missing: reporting keeps 10 − 3 × 2 = 4.
    assert result.totals.total == D(4) and result.classification.grade == scoring.KHT


def test_computed_rows_come_from_the_years_data_and_are_frozen_with_their_explanation(ev, world, city):
    pledge = signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    Signature.objects.filter(pledge=pledge, unit=world.a1).update(signed_at=datetime.datetime(
        2024, 3, 20, 9, tzinfo=datetime.UTC))
    for name in ("Quý I", "6 tháng", "9 tháng", "Năm"):
        period = period_named(world.c2024, name)
        values = {"KT01": "8.5", "XH01": "0", "CQ01": False} if name == "Năm" else FULL
        report_with(period, world.a1, city, values, submit=True)
        on_time = datetime.datetime.combine(period.deadline, datetime.time(8), tzinfo=datetime.UTC)
        late = on_time + datetime.timedelta(days=3)
        ReportEvent.objects.filter(report__unit=world.a1, report__period=period).update(
            at=late if name == "6 tháng" else on_time)
    facts = year_facts(world.cluster_a, [world.a1.pk], today=datetime.date(2025, 2, 1))[world.a1.pk]
    assert (facts.late, facts.missing, facts.signed_on) == (1, 0, datetime.date(2024, 3, 20))
    assert (facts.achieved, facts.committed) == (2, 3)  # KT01 and XH01 met; CQ01 not done

    sheet = sheet_of(ev, world.a1)
    score(sheet, {"2.1": "28", "2.2": "18", "C1": "3", "T1": "0"})
    rounds.submit_self(sheet, None, today=datetime.date(2025, 2, 1))
    entries = {e.code: e for e in sheet.entries.all()}
    assert entries["1.2"].self_points == D("6.67")
    assert entries["1.2"].computed_explanation == "2 chỉ tiêu đạt / 3 → 6,67 / 10,00 điểm"
    assert entries["1.3"].self_points == D(10) and "đúng hạn" in entries["1.3"].computed_explanation
    assert entries["2.3"].self_points == D(8)
    assert entries["2.3"].computed_explanation.startswith("1 báo cáo nộp trễ, 0 báo cáo không nộp")
    assert entries["1.1"].computed_explanation.startswith("Mức đạt chỉ tiêu cả năm ")
    assert entries["1.2"].cross_points == entries["1.2"].self_points  # cross-scorers do not re-score computed rows


def test_a_draft_sheet_follows_a_new_table_version_a_submitted_one_keeps_its_own(ev, world, city):
    a1, a2 = sheet_of(ev, world.a1), sheet_of(ev, world.a2)
    full_marks(a2)
    rounds.submit_self(a2, None)
    first = a2.table
    second = services.new_version(first, "Tăng điểm chuẩn tiêu chí 2.1, giảm 2.2")
    Criterion.objects.filter(table=second, code="2.1").update(max_points=D(35))
    Criterion.objects.filter(table=second, code="2.2").update(max_points=D(15))
    services.publish(second, city)
    rounds.save_points(a1, rounds.SELF, "2.1", D(34), "", 0, None)  # over the old maximum (30), within the new
    assert sheet_of(ev, world.a1).table == second and sheet_of(ev, world.a2).table == first
    with pytest.raises(ValidationError, match="vượt điểm chuẩn"):
        rounds.save_points(a1, rounds.SELF, "2.2", D(16), "", 0, None)


def full_marks(sheet, round_=rounds.SELF, **override):
    values = {"2.1": "30", "2.2": "20", "C1": "5", "T1": "0"} | override
    score(sheet, values, round_=round_)


def test_round_robin_never_lets_a_unit_score_itself(ev, world, officer):
    assignment = rounds.round_robin([world.a1.pk, world.a2.pk, world.a3.pk])
    assert all(unit != scorer for unit, scorer in assignment.items())
    assert sorted(assignment.values()) == sorted(assignment)  # everyone scores exactly one
    with pytest.raises(ValidationError, match="ít nhất hai"):
        rounds.round_robin([world.a1.pk])
    with pytest.raises(ValidationError, match="chính mình"):
        rounds.assign_scorers(ev, {world.a1.pk: world.a1.pk}, officer)
    with pytest.raises(ValidationError, match="thành viên"):
        rounds.assign_scorers(ev, {world.a1.pk: world.b1.pk}, officer)
    with pytest.raises(IntegrityError, match="score_sheet_never_scores_itself"), transaction.atomic():
        ScoreSheet.objects.filter(evaluation=ev, unit=world.a1).update(scorer=world.a1)
    rounds.assign_scorers(ev, assignment, officer)
    assert dict(ev.sheets.values_list("unit_id", "scorer_id")) == assignment
    assert ev.events.filter(action="scorer_assigned").count() == 3


def scored_both_rounds(ev, world, officer, cross_21="30"):
    """Every member self-scored full marks and submitted; a1 → a2 → a3 → a1 cross-scored, a2's 2.1 at ``cross_21``."""
    rounds.assign_scorers(ev, rounds.round_robin([world.a1.pk, world.a2.pk, world.a3.pk]), officer)
    for unit in (world.a1, world.a2, world.a3):
        sheet = sheet_of(ev, unit)
        full_marks(sheet)
        rounds.submit_self(sheet, None)
    for unit in (world.a1, world.a2, world.a3):
        sheet = sheet_of(ev, unit)
        full_marks(sheet, rounds.CROSS, **({"2.1": cross_21} if unit == world.a2 else {}))
        rounds.submit_cross(sheet, None)


def test_cross_scoring_waits_for_the_self_score_and_the_assignment(ev, world):
    sheet = sheet_of(ev, world.a2)
    with pytest.raises(ValidationError, match="chưa nộp phiếu tự chấm"):
        rounds.save_points(sheet, rounds.CROSS, "2.1", D(1), "", 0, None)
    full_marks(sheet)
    rounds.submit_self(sheet, None)
    with pytest.raises(ValidationError, match="chưa được phân công"):
        rounds.save_points(sheet, rounds.CROSS, "2.1", D(1), "", 1, None)


def test_a_disagreement_over_the_threshold_holds_publication_until_the_points_are_agreed(ev, world, officer, city):
    # a2's 2.1: self 30, cross 26 → 4 points apart, over 10 % of 30 (3 points).
    scored_both_rounds(ev, world, officer, cross_21="26")
    a2 = sheet_of(ev, world.a2)
    assert [(s.unit_id, e.code) for s, e in rounds.open_rows(ev)] == [(world.a2.pk, "2.1")]
    with pytest.raises(ValidationError, match="1 tiêu chí chênh lệch"):
        rounds.publish_results(ev, city)

    with pytest.raises(ValidationError, match="lý do"):
        rounds.return_row(a2, "2.1", " ", officer)
    rounds.return_row(a2, "2.1", "Minh chứng chưa đủ cho mức 30 điểm", officer)
    with pytest.raises(ValidationError, match="giải trình"):
        rounds.answer_row(a2, "2.1", False, "", None)
    rounds.answer_row(a2, "2.1", False, "Bổ sung Quyết định số 12/QĐ-STC", None)
    rounds.record_agreed(a2, "2.1", D(28), officer, "Thống nhất tại cuộc họp cụm")
    assert rounds.open_rows(ev) == []

    published = rounds.publish_results(ev, city)
    assert published.is_published
    finals = {s.unit.code: (s.final_total, s.final_class, s.final_rank) for s in ev.sheets.select_related("unit")}
    # No year data here: section I's computed rows give 0, reporting 10 − 2 × 4 missing reports = 2; by hand
    # 30 + 20, bonus 5: 57. a2 gets 28 for 2.1: 55. a1 and a3 tie on the total and on section I: by name.
    assert finals == {"SKHDT": (D(57), "kht", 1), "SXD": (D(57), "kht", 2), "STC": (D(55), "kht", 3)}
    actions = list(ev.events.values_list("action", flat=True))
    assert actions[-4:] == ["returned", "answered", "agreed", "published"]

    with pytest.raises(ValidationError, match="đã công bố"):
        rounds.record_agreed(a2, "2.1", D(29), officer)
    with pytest.raises(ValidationError, match="lý do"):
        rounds.reopen(ev, city, "")
    rounds.reopen(ev, city, "Đơn vị khiếu nại kết quả tiêu chí 2.1")
    assert Evaluation.objects.get(pk=ev.pk).is_open
    assert ev.events.filter(action="reopened").get().reason == "Đơn vị khiếu nại kết quả tiêu chí 2.1"


def test_a_difference_within_the_threshold_is_not_flagged(ev, world, officer, city):
    scored_both_rounds(ev, world, officer, cross_21="27")  # 3 points apart = 10 % of 30, not more
    assert rounds.open_rows(ev) == []
    rounds.publish_results(ev, city)
    assert sheet_of(ev, world.a2).entries.get(code="2.1").final_points == D(27)  # the cross-score counts


def test_publishing_waits_for_every_sheet(ev, world, city):
    with pytest.raises(ValidationError, match=re.escape("Chưa chấm xong: Sở Kế hoạch và Đầu tư, Sở Tài chính, Sở Xây dựng.")):
        rounds.publish_results(ev, city)


@pytest.mark.parametrize("size", [5, 30])
def test_results_take_the_same_queries_whatever_the_size(world, city, size, django_assert_max_num_queries):
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Khối", total_max=D(40))
    section = Criterion.objects.create(table=table, code="I", name="Nhóm", max_points=D(40))
    Criterion.objects.bulk_create(Criterion(table=table, parent=section, code=f"1.{i}", name=f"Tiêu chí {i}",
                                            max_points=D(1), position=i) for i in range(40))
    services.publish(table, city)
    units = [make_unit(f"B{size}{i:02d}", f"Sở thử {i:02d}") for i in range(size)]
    group = make_group(world.c2024, f"Khối thử {size}", Group.Kind.BLOC, leader=units[0], members=units[1:])
    evaluation = rounds.open_evaluation(group, city, SELF_DEADLINE, CROSS_DEADLINE)
    ScoreEntry.objects.bulk_create(ScoreEntry(sheet=sheet, code=f"1.{i}", self_points=D("0.5"))
                                   for sheet in evaluation.sheets.all() for i in range(40))
    with django_assert_max_num_queries(3):
        ranked = rounds.results(evaluation, "self")
    assert len(ranked) == size and all(r.totals.total == D(20) for r in ranked)
    assert [r.rank for r in ranked] == list(range(1, size + 1))
    with django_assert_max_num_queries(6):
        year_facts(group, [u.pk for u in units])
