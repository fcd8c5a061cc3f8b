"""The demo's year-end meetings of 2024, proposals and award register (issue 13, parts 2–3).

What the demo shows, on purpose:
- "Khối các sở kinh tế" (results published 28/12/2024) met on 08/01/2025: 7 of its 8 members present (Sở Tài
  nguyên và Môi trường absent), quorum met; the secret ballots propose Sở Kế hoạch và Đầu tư (its only HTXS
  unit) for the city flag, Sở Tài chính and Sở Công Thương for Bằng khen, and elect Sở Công Thương leader and
  Sở Tài chính deputy for 2025; the rotating flag is handed to Sở Kế hoạch và Đầu tư; the minutes are final.
- "Cụm thi đua các quận ven biển" (the demo officer's cluster) is recording its meeting: 2 of its 4 members are
  marked present, so no vote can be recorded yet (one more is needed for two thirds).
- The award register holds 2023's titles for a few units (back-filled by the city office), so Sở Kế hoạch và
  Đầu tư's city flag of 2023 makes it eligible for the Government flag the city office proposes in 2024.
- The city office also proposes Sở Du lịch for Bằng khen: the bloc then has three Bằng khen proposals, one over
  its quota (30 % of 8 members), which the city list flags.
"""

import datetime

from django.utils import timezone

from awards import meetings, proposals
from awards.models import AwardRecord, Meeting, Proposal, Registration, Title

BLOC_NAME = "Khối các sở kinh tế"
CLUSTER_NAME = "Cụm thi đua các quận ven biển"
MEETING_DAY = datetime.date(2025, 1, 8)

REPRESENTATIVES = {
    "SKHDT": ("Trần Phước Sơn", "Giám đốc"),
    "SCT": ("Lê Thị Kim Phương", "Giám đốc"),
    "STC": ("Nguyễn Hữu Thế", "Phó Giám đốc"),
    "SDL": ("Trương Thị Hồng Hạnh", "Giám đốc"),
    "SNNPTNT": ("Huỳnh Văn Thanh", "Phó Giám đốc"),
    "SGTVT": ("Lê Minh Thành", "Phó Giám đốc"),
    "SXD": ("Phạm Thanh Hà", "Chánh Văn phòng"),
}
ABSENT = {"STNMT"}

# question → (seats, issued, returned, valid, [(unit code, votes)])
BALLOTS = {
    "city_flag": (1, 7, 7, 6, [("SKHDT", 6)]),
    "merit": (2, 7, 7, 7, [("STC", 6), ("SCT", 5), ("SDL", 3)]),
    "leader": (1, 7, 7, 7, [("SCT", 6), ("SDL", 1)]),
    "deputy": (1, 7, 7, 7, [("STC", 5), ("SNNPTNT", 2)]),
}
TITLE_CODE = {"city_flag": "city_flag", "merit": "merit"}
UNREGISTERED_REASON = ("Đơn vị hoàn thành xuất sắc nhiệm vụ được giao trong năm, được Khối thống nhất đề nghị dù chưa "
                       "đăng ký danh hiệu từ đầu năm.")

GOVERNMENT_FLAG_REASON = ("Đơn vị dẫn đầu Khối các sở kinh tế, hai năm liền được tặng Cờ thi đua của UBND thành "
                          "phố (2023, 2024).")
EXTRA_MERIT_REASON = ("Đề nghị bổ sung của Ban Thi đua – Khen thưởng: đơn vị có tổng điểm cao nhất Khối, bị hạ "
                      "loại do một tiêu chí.")

REGISTER_2023 = [
    ("SKHDT", "Cờ thi đua của UBND thành phố", "city_flag", "612/QĐ-UBND", datetime.date(2024, 2, 26)),
    ("SDL", "Bằng khen của Chủ tịch UBND thành phố", "merit", "612/QĐ-UBND", datetime.date(2024, 2, 26)),
    ("SCT", "Tập thể lao động xuất sắc", "excellent", "598/QĐ-UBND", datetime.date(2024, 2, 22)),
    ("Q-ST", "Cờ thi đua của UBND thành phố", "city_flag", "612/QĐ-UBND", datetime.date(2024, 2, 26)),
    ("P-HKB", "Tập thể lao động tiên tiến", "advanced", "598/QĐ-UBND", datetime.date(2024, 2, 22)),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(campaign, city, officers: dict) -> dict:
    groups = {g.name: g for g in campaign.groups.all()}
    bloc, cluster = groups[BLOC_NAME], groups[CLUSTER_NAME]
    _backfill_register(campaign, city)
    _bloc_meeting(bloc, officers)
    _cluster_meeting(cluster, officers)
    _city_proposals(campaign, bloc, city)
    return {"meetings": 2}


def _units(group) -> dict:
    return {m.unit.code: m.unit for m in group.memberships.select_related("unit")}


def _leader(group, officers, city):
    from groups.models import Membership

    return officers.get(Membership.objects.leader_unit_id(group.pk), city)


def _registered(campaign, unit, code) -> bool:
    return Registration.objects.filter(campaign=campaign, unit=unit, registered_titles__title__code=code).exists()


def _bloc_meeting(group, officers) -> None:
    units = _units(group)
    leader = officers.get(units["SKHDT"].pk) or _leader(group, officers, None)
    attendance = {
        unit.pk: meetings.Presence(code not in ABSENT, *REPRESENTATIVES.get(code, ("", "")))
        for code, unit in units.items()
    }
    details = {
        "held_at": _at(MEETING_DAY, 8, 0),
        "place": "Hội trường tầng 3, Sở Kế hoạch và Đầu tư, 24 Trần Phú, quận Hải Châu, thành phố Đà Nẵng",
        "chair_name": "Trần Phước Sơn", "chair_position": "Giám đốc Sở Kế hoạch và Đầu tư, Trưởng Khối",
        "secretary_name": "Nguyễn Thị Thu Hằng", "secretary_position": "Chuyên viên Văn phòng Sở Kế hoạch và Đầu tư",
        "agenda": ("1. Thông qua kết quả chấm điểm, xếp loại thi đua năm 2024 của các đơn vị trong Khối.\n"
                   "2. Bình xét, bỏ phiếu suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND thành phố và Bằng khen.\n"
                   "3. Bầu đơn vị Trưởng khối, Phó khối năm 2025.\n"
                   "4. Bàn giao cờ luân lưu."),
        "rotating_flag_to_id": units["SKHDT"].pk,
        "rotating_flag_note": "Sở Công Thương bàn giao cờ luân lưu của Khối cho Sở Kế hoạch và Đầu tư.",
    }
    meeting = meetings.save_meeting(group, leader, version=0, details=details, attendance=attendance)
    for question, (seats, issued, returned, valid, votes) in BALLOTS.items():
        candidates = []
        for code, count in votes:
            title = TITLE_CODE.get(question)
            reason = "" if title is None or _registered(group.campaign, units[code], title) else UNREGISTERED_REASON
            candidates.append((units[code].pk, count, reason))
        meetings.save_ballot(group, leader, version=meeting.version, question=question, seats=seats, issued=issued,
                             returned=returned, valid=valid, candidates=candidates)
        meeting.refresh_from_db()
    meeting = meetings.finalise(group, leader, version=meeting.version)
    # Dated as the day of the meeting, not the day the demo was built (a plain UPDATE: finalising stamps now).
    Meeting.objects.filter(pk=meeting.pk).update(finalised_at=_at(MEETING_DAY, 11, 30))
    Proposal.objects.filter(meeting=meeting).update(created_at=_at(MEETING_DAY, 11, 30))


def _city_proposals(campaign, bloc, city) -> None:
    """The city office's own proposals: the Government flag for the bloc's flag unit (eligible through its city
    flag of 2023), and a third Bằng khen in the bloc, over the bloc's quota of two."""
    units = _units(bloc)
    titles = {t.code: t for t in Title.objects.filter(campaign=campaign, code__in=["government_flag", "merit"])}
    proposals.add_proposal(campaign, titles["government_flag"], units["SKHDT"].pk, GOVERNMENT_FLAG_REASON, city)
    proposals.add_proposal(campaign, titles["merit"], units["SDL"].pk, EXTRA_MERIT_REASON, city)
    Proposal.objects.filter(campaign=campaign, meeting=None).update(created_at=_at(datetime.date(2025, 1, 15), 9))


def _cluster_meeting(group, officers) -> None:
    units = _units(group)
    present = {"Q-ST", "Q-NHS"}
    leader = officers.get(units["Q-ST"].pk) or _leader(group, officers, None)
    attendance = {unit.pk: meetings.Presence(code in present, *(("Đại diện lãnh đạo", "Phó Chủ tịch UBND quận")
                                                                 if code in present else ("", "")))
                  for code, unit in units.items()}
    meetings.save_meeting(group, leader, version=0, details={
        "held_at": _at(datetime.date(2025, 1, 10), 14, 0),
        "place": "Hội trường UBND quận Sơn Trà",
        "chair_name": "", "chair_position": "", "secretary_name": "", "secretary_position": "", "agenda": "",
    }, attendance=attendance)


def _backfill_register(campaign, city) -> None:
    """The city office's back-filled 2023 rows (kept by a rebuild of the demo year: they belong to no plan)."""
    from units.models import Unit

    units = {u.code: u for u in Unit.objects.filter(code__in={row[0] for row in REGISTER_2023})}
    for code, name, title_code, number, day in REGISTER_2023:
        AwardRecord.objects.update_or_create(
            unit=units[code], year=campaign.year - 1, title_name=name,
            defaults={"title_code": title_code, "decision_number": number, "decision_date": day, "created_by": city,
                      "note": "Nhập bổ sung từ sổ theo dõi khen thưởng năm 2023"})
