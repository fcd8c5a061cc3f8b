"""The demo's year-end evaluation of 2024: a published scoring table for blocs and one for clusters, the signed
bloc taken through every round to published results, and the officer's cluster mid-way.

What the demo shows, on purpose:
- "Khối các sở kinh tế": every member self-scored (Sở Tài nguyên và Môi trường late), cross-scored by round
  robin, one disagreement (Sở Công Thương, 2.1: 10 → 7) returned, explained and agreed at 9; Sở Du lịch reaches
  the HTXS total but its administrative-reform criterion (3.1) is under the HTXS floor: it is HTT, held back by 3.1;
  results published by the city office on 28/12/2024.
- "Cụm thi đua các quận ven biển": open, two of its four members have submitted their self-score.
The computed rows are computed on the day each unit submitted, as in real use.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from evaluation import rounds, services
from evaluation.models import Criterion, Evaluation, ScoreEntry, ScoreEvent, ScoreSheet, ScoringTable
from groups.models import Group, Membership

YEAR = 2024
BLOC_NAME = "Khối các sở kinh tế"
CLUSTER_NAME = "Cụm thi đua các quận ven biển"

# (code, parent, name, maximum, source, guide, evidence); bonus and penalty rows apart.
BLOC_ROWS = [
    ("I", None, "Thực hiện nhiệm vụ chính trị và các chỉ tiêu giao ước thi đua", 40, "manual", "", ""),
    ("1.1", "I", "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được UBND thành phố giao trong năm", 25, "manual",
     "Hoàn thành 100 % nhiệm vụ: 25 điểm; mỗi nhiệm vụ không hoàn thành trừ 2 điểm.",
     "Báo cáo tổng kết năm của đơn vị; văn bản đánh giá của UBND thành phố."),
    ("1.2", "I", "Thực hiện các nhiệm vụ đột xuất, trọng tâm được giao", 10, "manual",
     "Hoàn thành đúng hạn mọi nhiệm vụ đột xuất: 10 điểm.", "Danh mục nhiệm vụ và kết quả thực hiện."),
    ("1.3", "I", "Ký kết giao ước thi đua đúng thời hạn", 5, "pledge_on_time",
     "Tự tính: ký giao ước trước hạn của kế hoạch: 5 điểm; sau hạn: 0 điểm.", ""),
    ("II", None, "Công tác chỉ đạo, tổ chức phong trào thi đua, khen thưởng", 30, "manual", "", ""),
    ("2.1", "II", "Ban hành kế hoạch, hướng dẫn phát động phong trào thi đua của đơn vị", 10, "manual",
     "Ban hành trước 31/3: 10 điểm; chậm: 5 điểm.", "Kế hoạch, hướng dẫn đã ban hành."),
    ("2.2", "II", "Sơ kết, tổng kết; phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến", 10, "manual", "", ""),
    ("2.2.a", "2.2", "Tổ chức sơ kết 6 tháng, tổng kết năm đúng thời gian", 5, "manual", "",
     "Báo cáo sơ kết, tổng kết."),
    ("2.2.b", "2.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 5, "manual", "",
     "Danh sách điển hình, bài viết tuyên truyền."),
    ("2.3", "II", "Thực hiện chế độ thông tin, báo cáo", 10, "reporting",
     "Tự tính: trừ 2 điểm mỗi báo cáo tiến độ nộp trễ hoặc không nộp.", ""),
    ("III", None, "Cải cách hành chính, chuyển đổi số, xây dựng tổ chức vững mạnh", 30, "manual", "", ""),
    ("3.1", "III", "Chỉ số cải cách hành chính (PAR Index) của đơn vị", 15, "manual",
     "Theo kết quả công bố của UBND thành phố: nhóm A 15 điểm, nhóm B 12 điểm, nhóm C 9 điểm.",
     "Quyết định công bố Chỉ số cải cách hành chính."),
    ("3.2", "III", "Chuyển đổi số, cung cấp dịch vụ công trực tuyến toàn trình", 10, "manual", "",
     "Số liệu trên Cổng dịch vụ công thành phố."),
    ("3.3", "III", "Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh", 5, "manual", "",
     "Kết quả đánh giá, xếp loại tổ chức Đảng, đoàn thể."),
]
CLUSTER_ROWS = [
    ("I", None, "Thực hiện các chỉ tiêu kinh tế – xã hội và giao ước thi đua", 50, "manual", "", ""),
    ("1.1", "I", "Mức đạt các chỉ tiêu giao ước cả năm", 25, "attainment",
     "Tự tính từ báo cáo năm: điểm chuẩn × mức đạt trung bình (mỗi chỉ tiêu tính tối đa 100 %).", ""),
    ("1.2", "I", "Tỷ lệ chỉ tiêu giao ước đạt và vượt", 15, "targets_achieved",
     "Tự tính từ báo cáo năm: điểm chuẩn × số chỉ tiêu đạt / số chỉ tiêu cam kết.", ""),
    ("1.3", "I", "Ký kết giao ước thi đua đúng thời hạn", 5, "pledge_on_time", "", ""),
    ("1.4", "I", "Chế độ thông tin, báo cáo", 5, "reporting", "Tự tính: trừ 1 điểm mỗi báo cáo trễ hoặc thiếu.", ""),
    ("II", None, "Quốc phòng, an ninh, trật tự an toàn xã hội", 20, "manual", "", ""),
    ("2.1", "II", "Hoàn thành chỉ tiêu tuyển quân, xây dựng lực lượng dân quân tự vệ", 10, "manual", "",
     "Báo cáo của Ban Chỉ huy quân sự."),
    ("2.2", "II", "Giữ vững an ninh chính trị, giảm tai nạn giao thông, phạm pháp hình sự", 10, "manual", "",
     "Báo cáo của Công an quận."),
    ("III", None, "Xây dựng chính quyền, cải cách hành chính và tổ chức phong trào thi đua", 30, "manual", "", ""),
    ("3.1", "III", "Chỉ số cải cách hành chính và mức độ hài lòng của người dân", 15, "manual", "", ""),
    ("3.2", "III", "Tổ chức phong trào thi đua, nhân rộng điển hình tiên tiến", 15, "manual", "", ""),
]
BONUS_ROWS = [
    ("C1", "bonus", "Có mô hình, cách làm hay được UBND thành phố công nhận", 5),
    ("C2", "bonus", "Được Chính phủ, bộ, ngành Trung ương khen thưởng trong năm", 5),
    ("T1", "penalty", "Có cán bộ, công chức bị kỷ luật từ khiển trách trở lên", 10),
]

# The bloc's self-scores by unit code (manual rows); cross-scores are the same but for DISAGREEMENT.
BLOC_SELF = {
    "SKHDT": {"1.1": 25, "1.2": 10, "2.1": 10, "2.2.a": 5, "2.2.b": 5, "3.1": 15, "3.2": 10, "3.3": 5, "C1": 5},
    "STC": {"1.1": 24, "1.2": 10, "2.1": 10, "2.2.a": 5, "2.2.b": 4, "3.1": 15, "3.2": 9, "3.3": 5},
    "SCT": {"1.1": 23, "1.2": 9, "2.1": 10, "2.2.a": 5, "2.2.b": 4, "3.1": 12, "3.2": 8, "3.3": 5, "C1": 3},
    "SDL": {"1.1": 25, "1.2": 10, "2.1": 10, "2.2.a": 5, "2.2.b": 5, "3.1": 12, "3.2": 10, "3.3": 5, "C1": 5,
            "C2": 5},
    "SXD": {"1.1": 21, "1.2": 8, "2.1": 8, "2.2.a": 5, "2.2.b": 3, "3.1": 12, "3.2": 8, "3.3": 4},
    "SGTVT": {"1.1": 22, "1.2": 9, "2.1": 10, "2.2.a": 4, "2.2.b": 4, "3.1": 12, "3.2": 9, "3.3": 5},
    "STNMT": {"1.1": 20, "1.2": 8, "2.1": 8, "2.2.a": 4, "2.2.b": 3, "3.1": 9, "3.2": 7, "3.3": 4, "T1": 2},
    "SNNPTNT": {"1.1": 23, "1.2": 9, "2.1": 10, "2.2.a": 5, "2.2.b": 4, "3.1": 12, "3.2": 8, "3.3": 5},
}
DISAGREEMENT = ("SCT", "2.1", 7, 9)  # unit, row, cross points, agreed points
DISAGREEMENT_REASON = "Kế hoạch phát động ban hành ngày 15/4/2024, sau thời hạn 31/3; đề nghị giải trình."
DISAGREEMENT_ANSWER = ("Kế hoạch số 12/KH-SCT được trình ký ngày 29/3/2024, phát hành ngày 15/4 do chờ ý kiến "
                       "Ban Thường vụ; gửi kèm tờ trình.")
LATE_SELF = "STNMT"
CLUSTER_SUBMITTED = {"Q-ST": {"2.1": 10, "2.2": 9, "3.1": 13, "3.2": 14, "C1": 5},
                     "Q-NHS": {"2.1": 10, "2.2": 8, "3.1": 12, "3.2": 12}}
CLUSTER_DRAFT = {"Q-LC": {"2.1": 9, "2.2": 9}}

SELF_DEADLINE = datetime.date(YEAR, 12, 10)
CROSS_DEADLINE = datetime.date(YEAR, 12, 20)


def _at(day: datetime.date, hour=9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def build_table(campaign, kind, title, rows, user) -> ScoringTable:
    table = ScoringTable.objects.create(campaign=campaign, group_kind=kind, title=title, bonus_cap=Decimal(10))
    made = {}
    for position, (code, parent, name, maximum, source, guide, evidence) in enumerate(rows, start=1):
        made[code] = Criterion.objects.create(
            table=table, parent=made.get(parent), code=code, name=name, max_points=Decimal(maximum),
            position=position, source=source, guide=guide, evidence=evidence,
            points_per_report=Decimal(2 if kind == Group.Kind.BLOC else 1) if source == "reporting" else None)
    for position, (code, kind_, name, maximum) in enumerate(BONUS_ROWS, start=len(rows) + 1):
        Criterion.objects.create(table=table, code=code, kind=kind_, name=name, max_points=Decimal(maximum),
                                 position=position)
    table = services.publish(table, user)
    ScoringTable.objects.filter(pk=table.pk).update(published_at=_at(datetime.date(YEAR, 11, 5)))
    return table


def _score(sheet, points: dict, round_, user) -> None:
    for code, value in points.items():
        rounds.save_points(sheet, round_, code, Decimal(value), "", 0 if round_ == rounds.SELF else
                           ScoreEntry.objects.get(sheet=sheet, code=code).version, user)


def _sheet(evaluation, code) -> ScoreSheet:
    return ScoreSheet.objects.select_related("evaluation__group__campaign").get(evaluation=evaluation,
                                                                               unit__code=code)


def build(campaign, city, officers: dict) -> None:
    """``officers``: unit id → the demo login of that unit (who enters and submits its points)."""
    build_table(campaign, Group.Kind.BLOC, "Bảng chấm điểm thi đua các khối năm 2024", BLOC_ROWS, city)
    build_table(campaign, Group.Kind.CLUSTER, "Bảng chấm điểm thi đua các cụm năm 2024", CLUSTER_ROWS, city)
    _build_bloc(campaign.groups.get(name=BLOC_NAME), city, officers)
    _build_cluster(campaign.groups.get(name=CLUSTER_NAME), city, officers)


def _build_bloc(group, city, officers) -> None:
    evaluation = rounds.open_evaluation(group, city, SELF_DEADLINE, CROSS_DEADLINE)
    units = {m.unit.code: m.unit for m in Membership.objects.filter(group=group).select_related("unit")}
    leader = officers.get(Membership.objects.leader_unit_id(group.pk), city)
    for index, (code, points) in enumerate(BLOC_SELF.items()):
        sheet = _sheet(evaluation, code)
        user = officers.get(units[code].pk)
        _score(sheet, points | {c: 0 for c in ("C1", "C2", "T1") if c not in points}, rounds.SELF, user)
        day = SELF_DEADLINE + datetime.timedelta(days=2) if code == LATE_SELF else datetime.date(YEAR, 12, 2 + index)
        rounds.submit_self(sheet, user, today=day)
        ScoreSheet.objects.filter(pk=sheet.pk).update(self_submitted_at=_at(day))
    by_name = [m.unit_id for m in Membership.objects.filter(group=group).select_related("unit").order_by("unit__name")]
    rounds.assign_scorers(evaluation, rounds.round_robin(by_name), leader)
    unit_code, row, cross, agreed = DISAGREEMENT
    for index, (code, points) in enumerate(BLOC_SELF.items()):
        sheet = _sheet(evaluation, code)
        scorer = officers.get(sheet.scorer_id)
        given = points | {c: 0 for c in ("C1", "C2", "T1") if c not in points}
        if code == unit_code:
            given = given | {row: cross}
        _score(sheet, given, rounds.CROSS, scorer)
        rounds.submit_cross(sheet, scorer)
        ScoreSheet.objects.filter(pk=sheet.pk).update(cross_submitted_at=_at(datetime.date(YEAR, 12, 14 + index % 5)))
    sheet = _sheet(evaluation, unit_code)
    rounds.return_row(sheet, row, DISAGREEMENT_REASON, leader)
    rounds.answer_row(sheet, row, False, DISAGREEMENT_ANSWER, officers.get(units[unit_code].pk))
    rounds.record_agreed(sheet, row, Decimal(agreed), leader, "Thống nhất tại cuộc họp khối ngày 22/12/2024")
    rounds.publish_results(evaluation, city)
    Evaluation.objects.filter(pk=evaluation.pk).update(published_at=_at(datetime.date(YEAR, 12, 28), 15))
    # The history reads as the weeks of December 2024, not as the day the demo was built.
    _date_events(evaluation)


def _date_events(evaluation) -> None:
    """Events dated as the rounds were (a plain UPDATE: the workflow stamps the current time)."""
    evaluation.refresh_from_db()
    events = ScoreEvent.objects.filter(evaluation=evaluation)
    events.update(at=evaluation.published_at or _at(SELF_DEADLINE))
    for sheet in evaluation.sheets.all():
        if sheet.self_submitted_at:
            events.filter(sheet=sheet, action__in=["self_points", "self_submitted"]).update(at=sheet.self_submitted_at)
        if sheet.cross_submitted_at:
            events.filter(sheet=sheet, action__in=["cross_points", "cross_submitted"]).update(
                at=sheet.cross_submitted_at)
    events.filter(action="opened").update(at=_at(datetime.date(YEAR, 11, 20)))


def _build_cluster(group, city, officers) -> None:
    evaluation = rounds.open_evaluation(group, city, SELF_DEADLINE, CROSS_DEADLINE)
    for index, (code, points) in enumerate(CLUSTER_SUBMITTED.items()):
        sheet = _sheet(evaluation, code)
        user = officers.get(sheet.unit_id)
        _score(sheet, points | {c: 0 for c in ("C1", "C2", "T1") if c not in points}, rounds.SELF, user)
        day = datetime.date(YEAR, 12, 4 + index)
        rounds.submit_self(sheet, user, today=day)
        ScoreSheet.objects.filter(pk=sheet.pk).update(self_submitted_at=_at(day))
    for code, points in CLUSTER_DRAFT.items():
        sheet = _sheet(evaluation, code)
        _score(sheet, points, rounds.SELF, officers.get(sheet.unit_id))
    _date_events(evaluation)
