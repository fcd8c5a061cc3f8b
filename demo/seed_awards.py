"""The demo's registrations of 2024 (đăng ký thi đua, issue 13 part 1), deadline 31/03/2024.

What the demo shows, on purpose:
- most units submitted between 04/03 and 29/03: on time;
- four submitted late (Sở Tài nguyên và Môi trường, Quận Ngũ Hành Sơn, Phường Xuân Hà, Hội Cựu chiến binh);
- three never registered (Sở Giao thông vận tải, Xã Hòa Phú, an unit of the mass-organisation bloc);
- the demo officer's unit (Quận Sơn Trà, leader of its cluster) has a draft it can still change and submit;
- Phường Hòa Khánh Bắc's registration was reopened by the city office to add a person, and sent again.
Every unit lists two to four people aiming for an individual title.
"""

import datetime

from django.utils import timezone

from awards import services
from awards.models import Registration, Title
from groups.models import Membership

from . import seed_data

LATE = {"STNMT": 4, "Q-NHS": 8, "P-XH": 2, "HCCB": 12}  # days after the deadline
MISSING = {"SGTVT", "X-HP", "AUTQ"}
DRAFT = {seed_data.OFFICER_UNIT}
REOPENED = "P-HKB"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Trương"]
MIDDLE_GIVEN = ["Thị Thu Hà", "Văn Hùng", "Thị Mỹ Linh", "Quang Vinh", "Thị Ngọc Ánh", "Minh Tuấn",
                "Thị Kim Oanh", "Đức Thắng", "Thị Phương Thảo", "Công Danh", "Thị Bích Ngọc", "Hữu Phước",
                "Thị Diễm Hương", "Xuân Trường", "Thị Hồng Nhung", "Bá Khánh Toàn"]
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng Tổ chức – Hành chính",
             "Phó Trưởng phòng Kế hoạch – Tài chính", "Chuyên viên chính", "Chuyên viên", "Kế toán trưởng",
             "Cán sự", "Chủ tịch Công đoàn cơ sở"]


def _at(day: datetime.date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


def _name(index: int, k: int) -> str:
    return f"{FAMILY[(index * 3 + k) % len(FAMILY)]} {MIDDLE_GIVEN[(index + k * 5) % len(MIDDLE_GIVEN)]}"


def build(campaign, city, officers: dict) -> dict:
    """``officers``: unit id → the demo login of that unit. Returns the counts of each state."""
    titles = {t.name: t for t in Title.objects.filter(campaign=campaign)}
    advanced, excellent = titles["Tập thể lao động tiên tiến"], titles["Tập thể lao động xuất sắc"]
    flag, merit = titles["Cờ thi đua của UBND thành phố"], titles["Bằng khen của Chủ tịch UBND thành phố"]
    worker, soldier = titles["Lao động tiên tiến"], titles["Chiến sĩ thi đua cơ sở"]
    deadline = campaign.registration_deadline
    memberships = sorted(Membership.objects.filter(campaign=campaign).select_related("unit"),
                         key=lambda m: m.unit.code)
    counts = {"on_time": 0, "late": 0, "draft": 0, "missing": 0}
    for index, membership in enumerate(memberships):
        unit = membership.unit
        if unit.code in MISSING:
            counts["missing"] += 1
            continue
        chosen = [excellent.pk] if index % 3 else [advanced.pk]
        if membership.role == Membership.Role.LEADER:
            chosen.append(flag.pk)
        if index % 5 == 0:
            chosen.append(merit.pk)
        people = [
            services.PersonRow(_name(index, k), POSITIONS[(index + k * 3) % len(POSITIONS)],
                               (soldier if k == 0 else worker).pk)
            for k in range(2 + index % 3)
        ]
        user = officers.get(unit.pk)
        registration = services.save_registration(campaign, unit, user, version=0, title_ids=chosen, people=people)
        if unit.code in DRAFT:
            counts["draft"] += 1
            continue
        late = LATE.get(unit.code)
        day = deadline + datetime.timedelta(days=late) if late else datetime.date(campaign.year, 3, 4 + index % 26)
        registration = services.submit(registration, user, version=registration.version)
        Registration.objects.filter(pk=registration.pk).update(submitted_at=_at(day), first_submitted_at=_at(day))
        if unit.code == REOPENED:
            registration = services.reopen(registration, city, "Đơn vị đề nghị bổ sung 01 cá nhân đăng ký danh "
                                                               "hiệu Lao động tiên tiến.")
            extra = services.PersonRow("Tôn Nữ Hoài Thương", "Cán sự", worker.pk)
            registration = services.save_registration(campaign, unit, user, version=registration.version,
                                                      title_ids=chosen, people=[*people, extra])
            registration = services.submit(registration, user, version=registration.version)
            Registration.objects.filter(pk=registration.pk).update(
                reopened_at=_at(day + datetime.timedelta(days=3), 14),
                submitted_at=_at(day + datetime.timedelta(days=4)))
        counts["late" if late else "on_time"] += 1
    return counts
