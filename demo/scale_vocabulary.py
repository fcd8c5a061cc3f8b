"""Vocabulary of ``generate_scale_data``: Vietnamese-looking names of units and people, the indicator templates
of a city plan and the texts of its document. Pure data and small pure functions of a ``random.Random``, so
the same seed always gives the same city.
"""

import random
from dataclasses import dataclass
from decimal import Decimal

# Syllables of Sino-Vietnamese place names (Hòa Khánh, Thạch Thang, Mỹ An…).
PLACE_SYLLABLES = [
    "An", "Bình", "Châu", "Cường", "Đông", "Hải", "Hiệp", "Hòa", "Hưng", "Khánh", "Khê", "Lạc", "Long", "Lộc",
    "Mỹ", "Minh", "Nghĩa", "Ninh", "Phong", "Phú", "Phước", "Quang", "Sơn", "Tân", "Thạch", "Thạnh", "Thanh",
    "Thành", "Thọ", "Thuận", "Tiến", "Trung", "Vinh", "Xuân", "Yên", "Đức", "Gia", "Hội", "Kim", "Lợi",
    "Mân", "Nhơn", "Quý", "Thái", "Tường",
]
DIRECTION_SUFFIXES = ["", " Bắc", " Nam", " Đông", " Tây"]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                "Ngô", "Dương", "Lý", "Đoàn", "Trương"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân", "Công", "Kim", "Anh"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
               "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng",
               "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến"]

# Famous people schools are named after.
SCHOOL_PATRONS = ["Phan Châu Trinh", "Trần Phú", "Nguyễn Trãi", "Lê Quý Đôn", "Nguyễn Du", "Hoàng Hoa Thám",
                  "Thái Phiên", "Nguyễn Hiền", "Trần Cao Vân", "Ngũ Hành Sơn", "Nguyễn Thượng Hiền", "Tôn Thất Tùng",
                  "Phạm Phú Thứ", "Hòa Vang", "Nguyễn Khuyến", "Lê Thánh Tông", "Quang Trung", "Võ Chí Công"]

DEPARTMENTS = [
    "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương", "Sở Du lịch", "Sở Xây dựng", "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao", "Sở Thông tin và Truyền thông", "Sở Nội vụ",
    "Sở Tư pháp", "Sở Khoa học và Công nghệ", "Sở Ngoại vụ", "Thanh tra thành phố",
    "Văn phòng Ủy ban nhân dân thành phố", "Ban Dân tộc thành phố",
    "Ban Quản lý các khu công nghiệp và khu chế xuất", "Ban Quản lý Khu công nghệ cao",
    "Cục Thuế thành phố", "Kho bạc Nhà nước thành phố", "Cục Hải quan thành phố", "Cục Thống kê thành phố",
    "Bảo hiểm xã hội thành phố", "Công an thành phố", "Bộ Chỉ huy Quân sự thành phố",
    "Bộ Chỉ huy Bộ đội Biên phòng thành phố",
]
DEPARTMENT_UNITS = ["Chi cục Kiểm lâm", "Chi cục Thủy sản", "Chi cục Bảo vệ môi trường", "Chi cục Văn thư - Lưu trữ",
                    "Chi cục Quản lý thị trường", "Chi cục Dân số - Kế hoạch hóa gia đình", "Ban Quản lý dự án",
                    "Trung tâm Xúc tiến đầu tư", "Trung tâm Dịch vụ việc làm", "Trung tâm Phát triển quỹ đất"]

MASS_ORGS = ["Ủy ban Mặt trận Tổ quốc Việt Nam", "Liên đoàn Lao động", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
             "Hội Nông dân", "Hội Cựu chiến binh", "Hội Chữ thập đỏ", "Hội Người cao tuổi"]

ENTERPRISE_FORMS = ["Công ty TNHH MTV", "Công ty Cổ phần"]
ENTERPRISE_TRADES = ["Cấp nước", "Môi trường đô thị", "Công viên cây xanh", "Xổ số kiến thiết", "Vận tải công cộng",
                     "Quản lý và Khai thác chợ", "Điện chiếu sáng đô thị", "Phát triển hạ tầng", "Thoát nước",
                     "Du lịch", "Cảng cá", "Xây dựng và Phát triển nhà", "Khai thác thủy lợi", "Sách và Thiết bị"]

OTHER_UNITS = [
    ("Trường THPT", "patron"), ("Trường THCS", "patron"), ("Trường Cao đẳng", "place"), ("Bệnh viện", "place"),
    ("Trung tâm Y tế", "place"), ("Ban Quản lý", "place"), ("Trung tâm Văn hóa - Thể thao", "place"),
    ("Nhà Thiếu nhi", "place"),
]

# Share of each unit kind in a city of any size (largest remainder; every kind gets at least one unit when the
# city has six or more). Wards and districts are grouped into clusters, the others into blocs.
KIND_SHARES = [("department", 6), ("district", 2), ("ward", 58), ("mass_org", 6), ("enterprise", 10), ("other", 18)]
KIND_CODE_PREFIX = {"department": "SN", "district": "QH", "ward": "PX", "mass_org": "DT", "enterprise": "DN",
                    "other": "DV"}
TERRITORIAL_KINDS = {"district", "ward"}
SIGNER_POSITIONS = {
    "department": "Giám đốc", "district": "Chủ tịch Ủy ban nhân dân", "ward": "Chủ tịch Ủy ban nhân dân",
    "mass_org": "Chủ tịch", "enterprise": "Tổng Giám đốc", "other": "Thủ trưởng đơn vị",
}
# The awards: positions of the people a unit registers, the reason given for a title a unit did not register for,
# the year-end meeting's officers and agenda.
PERSON_POSITIONS = ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Cán bộ", "Kế toán", "Văn thư"]
UNREGISTERED_REASONS = [
    "Đơn vị có thành tích đột xuất trong năm, được cụm, khối thống nhất đề nghị.",
    "Đơn vị đăng ký bổ sung sau hạn, được Hội đồng chấp thuận.",
]
CHAIR_POSITION = "Trưởng cụm, khối"
SECRETARY_POSITION = "Thư ký hội nghị"
MEETING_AGENDA = ("Tổng kết phong trào thi đua năm {year}, bình xét khen thưởng, bầu trưởng, phó cụm, khối năm "
                  "sau.")
BACKFILL_NOTE = "Nhập bổ sung từ sổ khen thưởng"
BLOC_NAMES = {
    "department": "Khối các sở, ban, ngành", "mass_org": "Khối các tổ chức chính trị - xã hội",
    "enterprise": "Khối doanh nghiệp nhà nước", "other": "Khối các đơn vị sự nghiệp",
}
CLUSTER_NAMES = {"district": "Cụm thi đua các quận, huyện", "ward": "Cụm thi đua các phường, xã"}

CONTENT_ITEMS = [
    ("Đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân, doanh nghiệp", "party_government"),
    ("Tăng cường kỷ luật, kỷ cương hành chính; đề cao trách nhiệm người đứng đầu", "party_government"),
    ("Thúc đẩy tăng trưởng kinh tế, khơi thông các nguồn lực đầu tư", "economy"),
    ("Phát triển du lịch, thương mại, dịch vụ và xuất khẩu", "economy"),
    ("Đảm bảo an sinh xã hội, giảm nghèo bền vững, giải quyết việc làm", "society"),
    ("Phát triển giáo dục, y tế, văn hóa, thể thao", "society"),
    ("Giữ vững quốc phòng, an ninh, trật tự an toàn xã hội", "defence"),
    ("Đẩy mạnh chuyển đổi số, xây dựng chính quyền số", "party_government"),
]
LEGAL_BASES = [
    "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
    "Nghị quyết của Hội đồng nhân dân thành phố về kế hoạch phát triển kinh tế - xã hội năm {year};",
]
PURPOSE = ("Phát động phong trào thi đua sâu rộng trong các cơ quan, đơn vị, địa phương, doanh nghiệp nhằm thực "
           "hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm {year} của thành phố.")
RETURN_COMMENTS = ["Số liệu chỉ tiêu thu ngân sách chưa khớp với báo cáo của Cục Thuế, đề nghị rà soát lại.",
                   "Thiếu minh chứng cho chỉ tiêu đã hoàn thành, đề nghị bổ sung.",
                   "Số liệu lũy kế thấp hơn kỳ trước, đề nghị kiểm tra lại."]
VALUE_NOTES = ["Do ảnh hưởng của mưa bão kéo dài.", "Một số dự án chậm giải phóng mặt bằng.",
               "Đang chờ số liệu chính thức từ Cục Thống kê.", "Nguồn vốn được giao chậm so với kế hoạch."]


@dataclass(frozen=True)
class IndicatorTemplate:
    """One kind of main target of a plan and how its values behave.

    ``model``: ``amount`` — cumulative over the year, the unit's share of the city value; ``rate`` — a level
    (percentage, ratio) around the city value; ``lower_rate`` and ``lower_count`` — lower is better, a level;
    ``done`` — done / not done.
    """

    name: str
    measure_unit: str
    area: str
    model: str
    city_value: Decimal | None = None
    decimals: int = 2
    allows_negative: bool = False
    cap: Decimal | None = None

    @property
    def direction(self) -> str:
        return {"lower_rate": "lower", "lower_count": "lower", "done": "done"}.get(self.model, "higher")


def _t(name, measure_unit, area, model, city_value=None, decimals=2, allows_negative=False, cap=None):
    return IndicatorTemplate(name, measure_unit, area, model, None if city_value is None else Decimal(city_value),
                             decimals, allows_negative, None if cap is None else Decimal(cap))


# Ordered so that any first three cover higher, lower and done.
INDICATORS = [
    _t("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "%", "economy", "rate", "8.5", allows_negative=True),
    _t("Tỷ lệ hộ nghèo đa chiều cuối năm", "%", "society", "lower_rate", "0.62"),
    _t("Hoàn thành giải phóng mặt bằng các dự án trọng điểm", "", "economy", "done"),
    _t("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "%", "party_government", "rate", "98", 1, cap=100),
    _t("Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "economy", "amount", "19269"),
    _t("Số vụ tai nạn giao thông", "vụ", "defence", "lower_count", "150", 0),
    _t("Số doanh nghiệp thành lập mới", "doanh nghiệp", "economy", "amount", "3500", 0),
    _t("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "society", "rate", "95.15", cap=100),
    _t("Hoàn thành kế hoạch chuyển đổi số năm", "", "party_government", "done"),
    _t("Kim ngạch xuất khẩu hàng hóa", "triệu USD", "economy", "amount", "1950"),
    _t("Tỷ lệ thất nghiệp của lực lượng lao động trong độ tuổi", "%", "society", "lower_rate", "3.2"),
    _t("Số lao động được giải quyết việc làm", "người", "society", "amount", "35000", 0),
    _t("Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến", "%", "party_government", "rate", "60", 1, cap=100),
    _t("Tổng vốn đầu tư phát triển toàn xã hội", "tỷ đồng", "economy", "amount", "42000"),
    _t("Số vụ cháy, nổ", "vụ", "defence", "lower_count", "40", 0),
    _t("Hoàn thành chỉ tiêu tuyển chọn, gọi công dân nhập ngũ", "", "defence", "done"),
    _t("Tỷ lệ giải ngân vốn đầu tư công", "%", "economy", "rate", "95", 1, cap=100),
    _t("Tổng lượt khách du lịch", "nghìn lượt", "economy", "amount", "10000", 1),
    _t("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", "society", "lower_rate", "6.5"),
    _t("Chỉ số hài lòng của người dân về sự phục vụ của cơ quan hành chính", "%", "party_government", "rate", "85",
       1, cap=100),
    _t("Số trường đạt chuẩn quốc gia mới", "trường", "society", "amount", "20", 0),
    _t("Số văn bản quá hạn xử lý", "văn bản", "party_government", "lower_count", "0", 0),
    _t("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", "economy", "rate", "98", 1, cap=100),
    _t("Hoàn thành xây dựng nhà tình nghĩa, nhà đại đoàn kết theo kế hoạch", "", "society", "done"),
    _t("Tỷ lệ gia đình đạt danh hiệu Gia đình văn hóa", "%", "society", "rate", "92", 1, cap=100),
    _t("Số người chết do tai nạn giao thông", "người", "defence", "lower_count", "90", 0),
    _t("Tỷ lệ điều tra, khám phá án hình sự", "%", "defence", "rate", "85", 1, cap=100),
    _t("Tỷ lệ văn bản trao đổi dưới dạng điện tử", "%", "party_government", "rate", "95", 1, cap=100),
    _t("Hoàn thành kế hoạch kiểm tra công vụ", "", "party_government", "done"),
    _t("Số cán bộ, công chức bị kỷ luật", "người", "party_government", "lower_count", "0", 0),
    _t("Tỷ lệ cán bộ, công chức được bồi dưỡng, tập huấn", "%", "party_government", "rate", "90", 1, cap=100),
    _t("Số giường bệnh trên vạn dân", "giường", "society", "rate", "48", 1),
]


def allocate(total: int, shares: list[int], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``shares`` (largest remainder), each part at least ``minimum`` when
    the total allows it."""
    if total >= minimum * len(shares):
        base = [minimum] * len(shares)
        rest = total - minimum * len(shares)
    else:
        base, rest = [0] * len(shares), total
    weight = sum(shares)
    exact = [rest * share / weight for share in shares]
    parts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


class Namer:
    """Unique names drawn from combinations, so a city of 10,000 units has no two wards of the same name."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self._places = [f"{a} {b}" for a in PLACE_SYLLABLES for b in PLACE_SYLLABLES if a != b]
        rng.shuffle(self._places)
        self._place_index = 0

    def place(self) -> str:
        """A two-syllable place name; after every combination is used, with a direction (Hòa Khánh Bắc)."""
        n = len(self._places)
        index = self._place_index
        self._place_index += 1
        suffix = DIRECTION_SUFFIXES[(index // n) % len(DIRECTION_SUFFIXES)]
        round_ = index // (n * len(DIRECTION_SUFFIXES))
        return self._places[index % n] + suffix + (f" {round_ + 1}" if round_ else "")

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name} số {n}"
        self.used.add(candidate)
        return candidate

    def person(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"

    def unit(self, kind: str, index: int) -> tuple[str, str]:
        """(name, short name) of the ``index``-th unit of ``kind``."""
        rng = self.rng
        if kind == "ward":
            place = self.place()
            return self.unique(f"{'Xã' if rng.random() < 0.25 else 'Phường'} {place}"), place
        if kind == "district":
            place = self.place()
            return self.unique(f"{'Huyện' if rng.random() < 0.2 else 'Quận'} {place}"), place
        if kind == "department":
            if index < len(DEPARTMENTS):
                return self.unique(DEPARTMENTS[index]), ""
            return self.unique(f"{rng.choice(DEPARTMENT_UNITS)} {self.place()}"), ""
        if kind == "mass_org":
            org = MASS_ORGS[index % len(MASS_ORGS)]
            if index < len(MASS_ORGS):
                return self.unique(f"{org} thành phố"), ""
            return self.unique(f"{org} {'quận' if rng.random() < 0.5 else 'phường'} {self.place()}"), ""
        if kind == "enterprise":
            trade, place = rng.choice(ENTERPRISE_TRADES), self.place()
            return self.unique(f"{rng.choice(ENTERPRISE_FORMS)} {trade} {place}"), f"{trade} {place}"
        prefix, by = rng.choice(OTHER_UNITS)
        return self.unique(f"{prefix} {rng.choice(SCHOOL_PATRONS) if by == 'patron' else self.place()}"), ""
