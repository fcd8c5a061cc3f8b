"""Demo data: the 2024 emulation campaign of Đà Nẵng, drawn from the city's announcement (shared/plan-2024-announcement.txt)."""
from datetime import date
from decimal import Decimal

# ---------------------------------------------------------------------------
# The plan (Kế hoạch phát động phong trào thi đua năm 2024)
# ---------------------------------------------------------------------------
CAMPAIGN = {
    "year": 2024,
    "title": "Kế hoạch phát động phong trào thi đua năm 2024",
    "theme": (
        "Năm đẩy mạnh cải cách hành chính, tăng cường kỷ luật, kỷ cương, tiếp tục khơi thông "
        "các nguồn lực đầu tư, thúc đẩy tăng trưởng kinh tế và đảm bảo an sinh xã hội"
    ),
    "document_number": "45/KH-UBND",  # plausible, not the real number
    "governing_body": "",  # empty: the issuer is the city People's Committee itself
    "issuing_authority": "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
    "issue_place": "Đà Nẵng",
    "issue_date": date(2024, 2, 5),
    # Who signs the plan (fictitious name, the usual block): a vice-chairman for the chairman, on behalf of the
    # committee.
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_capacity": "KT. CHỦ TỊCH",
    "signer_position": "PHÓ CHỦ TỊCH",
    "signer_name": "Lê Minh Trung",
    "purpose": (
        "Phát động phong trào thi đua sâu rộng trong các cơ quan, đơn vị, địa phương, doanh nghiệp "
        "và các tầng lớp Nhân dân nhằm thực hiện thắng lợi chủ đề năm 2024 của thành phố \u201cNăm đẩy "
        "mạnh cải cách hành chính, tăng cường kỷ luật, kỷ cương, tiếp tục khơi thông các nguồn lực đầu "
        "tư, thúc đẩy tăng trưởng kinh tế và đảm bảo an sinh xã hội\u201d, Nghị quyết số 114/NQ-HĐND của "
        "Hội đồng nhân dân thành phố về kế hoạch phát triển kinh tế - xã hội năm 2024 và các chỉ tiêu "
        "chủ yếu về nhiệm vụ chính trị, phát triển kinh tế - xã hội, quốc phòng - an ninh của thành phố."
        "\n\n"
        "Thông qua phong trào thi đua, quán triệt và triển khai thực hiện có hiệu quả Chỉ thị số "
        "34-CT/TU của Ban Thường vụ Thành ủy; tăng cường kỷ luật, kỷ cương, khắc phục tình trạng né "
        "tránh, đùn đẩy, không làm đúng, đầy đủ chức trách, nhiệm vụ, quyền hạn của một bộ phận cán bộ, "
        "đảng viên, công chức, viên chức; xây dựng đội ngũ cán bộ, công chức, viên chức chuyên nghiệp, "
        "năng động, sáng tạo, khát vọng; đề cao trách nhiệm của người đứng đầu; khuyến khích, tạo điều "
        "kiện và bảo vệ những cán bộ dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung."
        "\n\n"
        "Việc tổ chức phong trào thi đua phải bám sát nhiệm vụ chính trị của từng cơ quan, đơn vị, địa "
        "phương; nội dung, chỉ tiêu thi đua cụ thể, thiết thực, khả thi, được cụ thể hóa trong giao ước "
        "thi đua của các cụm, khối thi đua; công tác sơ kết, tổng kết, bình xét khen thưởng bảo đảm "
        "chính xác, công khai, minh bạch, kịp thời, đúng quy định của Luật Thi đua, khen thưởng; kịp "
        "thời phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến."
    ),
    "registration_deadline": date(2024, 3, 31),
    "pledge_deadline": date(2024, 3, 31),
    "mid_year_review_date": date(2024, 7, 15),
    "year_end_review_date": date(2024, 12, 20),
}

# Printed after "Căn cứ" in the plan. Only documents in force on the issue date (05/02/2024).
LEGAL_BASES = [
    "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;",
    "Chỉ thị số 34-CT/TU của Ban Thường vụ Thành ủy Đà Nẵng về tiếp tục đẩy mạnh cải cách hành chính, "
    "tăng cường kỷ luật, kỷ cương, khắc phục tình trạng né tránh, đùn đẩy, không làm đúng, đầy đủ chức "
    "trách, nhiệm vụ, quyền hạn của một bộ phận cán bộ, đảng viên, công chức, viên chức;",
    "Nghị quyết số 114/NQ-HĐND của Hội đồng nhân dân thành phố Đà Nẵng về kế hoạch phát triển kinh tế - "
    "xã hội năm 2024;",
]

# ---------------------------------------------------------------------------
# The ten content items (Nội dung thi đua), in the order of the announcement
# ---------------------------------------------------------------------------
CONTENT_ITEMS = [
    {  # 1
        "title": "Đẩy mạnh cải cách hành chính, thực hiện hiệu quả Chỉ thị số 34-CT/TU của Ban Thường vụ Thành ủy",
        "description": (
            "Quán triệt, triển khai thực hiện có hiệu quả Chỉ thị số 34-CT/TU về tiếp tục đẩy mạnh cải cách "
            "hành chính; đơn giản hóa thủ tục, nâng cao chất lượng giải quyết hồ sơ cho người dân, doanh nghiệp."
        ),
    },
    {  # 2
        "title": "Tăng cường kỷ luật, kỷ cương hành chính; khắc phục tình trạng né tránh, đùn đẩy trách nhiệm",
        "description": (
            "Khắc phục tình trạng né tránh, đùn đẩy, không làm đúng, đầy đủ chức trách, nhiệm vụ, quyền hạn "
            "của một bộ phận cán bộ, đảng viên, công chức, viên chức; tăng cường kiểm tra công vụ."
        ),
    },
    {  # 3
        "title": "Xây dựng đội ngũ cán bộ, công chức, viên chức chuyên nghiệp; đề cao trách nhiệm của người đứng đầu",
        "description": (
            "Xây dựng đội ngũ cán bộ, công chức, viên chức chuyên nghiệp, năng động, sáng tạo, khát vọng; "
            "người đứng đầu chịu trách nhiệm về kết quả thực hiện nhiệm vụ của cơ quan, đơn vị, địa phương."
        ),
    },
    {  # 4
        "title": "Khuyến khích, bảo vệ cán bộ dám nghĩ, dám làm, dám đổi mới, sáng tạo, dám chịu trách nhiệm",
        "description": (
            "Khuyến khích, tạo điều kiện và bảo vệ những cán bộ dám đổi mới, sáng tạo, dám nghĩ, dám làm, "
            "dám chịu trách nhiệm vì lợi ích chung; kịp thời biểu dương, khen thưởng những cách làm hay."
        ),
    },
    {  # 5
        "title": "Khơi thông các nguồn lực đầu tư",
        "description": (
            "Đề ra các giải pháp hiệu quả để khơi thông các nguồn lực đầu tư; đẩy nhanh giải ngân vốn đầu tư "
            "công, tăng cường xúc tiến đầu tư và cải thiện môi trường kinh doanh."
        ),
    },
    {  # 6
        "title": "Hoàn thành giải phóng mặt bằng, đẩy nhanh đầu tư xây dựng các công trình trọng điểm",
        "description": (
            "Hoàn thành giải phóng mặt bằng tại các dự án; tập trung nguồn lực đầu tư xây dựng các công trình "
            "trọng điểm của thành phố đúng tiến độ, bảo đảm chất lượng."
        ),
    },
    {  # 7
        "title": "Thúc đẩy tăng trưởng kinh tế, hoàn thành các chỉ tiêu được giao",
        "description": (
            "Bám sát các chỉ tiêu chủ yếu của Nghị quyết số 114/NQ-HĐND về kế hoạch phát triển kinh tế - xã hội "
            "năm 2024; tập trung các nguồn lực để phát triển kinh tế của thành phố."
        ),
    },
    {  # 8
        "title": "Bảo đảm an sinh xã hội, giảm nghèo bền vững, nâng cao đời sống Nhân dân",
        "description": (
            "Thực hiện đầy đủ, kịp thời các chính sách an sinh xã hội; chú trọng giảm nghèo bền vững, giải quyết "
            "việc làm và nâng cao đời sống vật chất, tinh thần của Nhân dân."
        ),
    },
    {  # 9
        "title": "Ký kết giao ước thi đua trong các cụm, khối thi đua; ban hành kế hoạch thi đua chi tiết",
        "description": (
            "Các cơ quan, địa phương, cụm, khối thi đua ký kết giao ước thi đua trên cơ sở cụ thể hóa các chỉ tiêu "
            "của thành phố thuộc lĩnh vực, phạm vi quản lý; ban hành kế hoạch thi đua chi tiết, phù hợp thực tiễn."
        ),
    },
    {  # 10
        "title": "Đẩy mạnh chuyển đổi số; xây dựng Đảng, chính quyền trong sạch, vững mạnh; nhân rộng điển hình tiên tiến",
        "description": (
            "Đẩy mạnh chuyển đổi số, phát triển chính quyền số, nâng cao tỷ lệ dịch vụ công trực tuyến; xây dựng "
            "tổ chức đảng, chính quyền, đoàn thể trong sạch, vững mạnh; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến."
        ),
    },
]

# ---------------------------------------------------------------------------
# Main targets (Chỉ tiêu chủ yếu). Values marked (NQ 114) follow the 2024 targets reported from the
# city's socio-economic plan (Nghị quyết 114/NQ-HĐND, HĐND session of December 2023); the others are
# plausible demo values.
# ---------------------------------------------------------------------------
INDICATORS = [
    {"code": "CT01", "name": "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP, giá so sánh 2010)",
     "measure_unit": "%", "city_value": Decimal("8.5"),  # NQ 114: 8–8,5%
     "direction": "higher", "area": "economy", "content_item": 7},
    {"code": "CT02", "name": "Tổng thu ngân sách nhà nước trên địa bàn",
     "measure_unit": "tỷ đồng", "city_value": Decimal("19269"),  # ≈ dự toán HĐND thành phố giao
     "direction": "higher", "area": "economy", "content_item": 7},
    {"code": "CT03", "name": "Kim ngạch xuất khẩu hàng hóa",
     "measure_unit": "triệu USD", "city_value": Decimal("1950"),  # NQ 114: tăng 5–6%
     "direction": "higher", "area": "economy", "content_item": 7},
    {"code": "CT04", "name": "Tổng lượt khách do các cơ sở lưu trú phục vụ",
     "measure_unit": "triệu lượt", "city_value": Decimal("9.0"),
     "direction": "higher", "area": "economy", "content_item": 5},
    {"code": "CT05", "name": "Hoàn thành giải phóng mặt bằng các dự án trọng điểm của thành phố",
     "measure_unit": "", "city_value": None,
     "direction": "done", "area": "economy", "content_item": 6},
    {"code": "CT06", "name": "Tỷ lệ hộ nghèo đa chiều còn sức lao động cuối năm (chuẩn thành phố)",
     "measure_unit": "%", "city_value": Decimal("0.62"),  # NQ 114
     "direction": "lower", "area": "society", "content_item": 8},
    {"code": "CT07", "name": "Tỷ lệ dân số tham gia bảo hiểm y tế",
     "measure_unit": "%", "city_value": Decimal("95.15"),  # NQ 114
     "direction": "higher", "area": "society", "content_item": 8},
    {"code": "CT08", "name": "Số lao động được giải quyết việc làm",
     "measure_unit": "người", "city_value": Decimal("35000"),
     "direction": "higher", "area": "society", "content_item": 8},
    {"code": "CT09", "name": "Tỷ lệ thất nghiệp của lực lượng lao động trong độ tuổi",
     "measure_unit": "%", "city_value": Decimal("3.2"),  # NQ 114
     "direction": "lower", "area": "society", "content_item": 8},
    {"code": "CT10", "name": "Số vụ tai nạn giao thông (giảm so với năm 2023)",
     "measure_unit": "vụ", "city_value": Decimal("150"),
     "direction": "lower", "area": "defence", "content_item": None},
    {"code": "CT11", "name": "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn",
     "measure_unit": "%", "city_value": Decimal("98"),
     "direction": "higher", "area": "party_government", "content_item": 1},
    {"code": "CT12", "name": "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến",
     "measure_unit": "%", "city_value": Decimal("60"),
     "direction": "higher", "area": "party_government", "content_item": 10},
]

# ---------------------------------------------------------------------------
# Participating units of 2024 (before the 2025 reorganisation: districts still exist)
# ---------------------------------------------------------------------------
UNITS = [
    # Departments and agencies (sở, ban, ngành)
    {"code": "SKHDT", "name": "Sở Kế hoạch và Đầu tư", "short_name": "Sở KH&ĐT", "kind": "department"},
    {"code": "STC", "name": "Sở Tài chính", "short_name": "Sở Tài chính", "kind": "department"},
    {"code": "SCT", "name": "Sở Công Thương", "short_name": "Sở Công Thương", "kind": "department"},
    {"code": "SDL", "name": "Sở Du lịch", "short_name": "Sở Du lịch", "kind": "department"},
    {"code": "SXD", "name": "Sở Xây dựng", "short_name": "Sở Xây dựng", "kind": "department"},
    {"code": "SGTVT", "name": "Sở Giao thông vận tải", "short_name": "Sở GTVT", "kind": "department"},
    {"code": "STNMT", "name": "Sở Tài nguyên và Môi trường", "short_name": "Sở TN&MT", "kind": "department"},
    {"code": "SNNPTNT", "name": "Sở Nông nghiệp và Phát triển nông thôn", "short_name": "Sở NN&PTNT",
     "kind": "department"},
    {"code": "SGDDT", "name": "Sở Giáo dục và Đào tạo", "short_name": "Sở GD&ĐT", "kind": "department"},
    {"code": "SYT", "name": "Sở Y tế", "short_name": "Sở Y tế", "kind": "department"},
    {"code": "SLDTBXH", "name": "Sở Lao động - Thương binh và Xã hội", "short_name": "Sở LĐ-TB&XH",
     "kind": "department"},
    {"code": "SVHTT", "name": "Sở Văn hóa và Thể thao", "short_name": "Sở VH&TT", "kind": "department"},
    {"code": "STTTT", "name": "Sở Thông tin và Truyền thông", "short_name": "Sở TT&TT", "kind": "department"},
    {"code": "SNV", "name": "Sở Nội vụ", "short_name": "Sở Nội vụ", "kind": "department"},
    {"code": "TTTP", "name": "Thanh tra thành phố", "short_name": "Thanh tra TP", "kind": "department"},
    {"code": "VPUBND", "name": "Văn phòng Ủy ban nhân dân thành phố", "short_name": "Văn phòng UBND TP",
     "kind": "department"},
    # Mass organisations (đoàn thể)
    {"code": "LDLD", "name": "Liên đoàn Lao động thành phố", "short_name": "LĐLĐ thành phố", "kind": "mass_org"},
    {"code": "HLHPN", "name": "Hội Liên hiệp Phụ nữ thành phố", "short_name": "Hội LHPN thành phố",
     "kind": "mass_org"},
    {"code": "TDOAN", "name": "Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Đà Nẵng",
     "short_name": "Thành đoàn Đà Nẵng", "kind": "mass_org"},
    {"code": "HND", "name": "Hội Nông dân thành phố", "short_name": "Hội Nông dân TP", "kind": "mass_org"},
    {"code": "HCCB", "name": "Hội Cựu chiến binh thành phố", "short_name": "Hội CCB TP", "kind": "mass_org"},
    # State-owned / state-held enterprises (DAWACO has been a joint-stock company since its equitisation)
    {"code": "CNDN", "name": "Công ty Cổ phần Cấp nước Đà Nẵng", "short_name": "DAWACO", "kind": "enterprise"},
    {"code": "TNDN", "name": "Công ty TNHH MTV Thoát nước và Xử lý nước thải Đà Nẵng",
     "short_name": "Thoát nước Đà Nẵng", "kind": "enterprise"},
    # Public service unit, listed under the name of the facility it runs (Ban Quản lý Âu thuyền và
    # Cảng cá Thọ Quang) so that a name starting with "Â" shows Vietnamese collation.
    {"code": "AUTQ", "name": "Âu thuyền và Cảng cá Thọ Quang", "short_name": "Cảng cá Thọ Quang",
     "kind": "other"},
    # Districts (quận, huyện) of 2024
    {"code": "Q-HC", "name": "Quận Hải Châu", "short_name": "Hải Châu", "kind": "district"},
    {"code": "Q-TK", "name": "Quận Thanh Khê", "short_name": "Thanh Khê", "kind": "district"},
    {"code": "Q-ST", "name": "Quận Sơn Trà", "short_name": "Sơn Trà", "kind": "district"},
    {"code": "Q-NHS", "name": "Quận Ngũ Hành Sơn", "short_name": "Ngũ Hành Sơn", "kind": "district"},
    {"code": "Q-LC", "name": "Quận Liên Chiểu", "short_name": "Liên Chiểu", "kind": "district"},
    {"code": "Q-CL", "name": "Quận Cẩm Lệ", "short_name": "Cẩm Lệ", "kind": "district"},
    {"code": "H-HV", "name": "Huyện Hòa Vang", "short_name": "Hòa Vang", "kind": "district"},
    {"code": "H-HS", "name": "Huyện Hoàng Sa", "short_name": "Hoàng Sa", "kind": "district"},
    # Wards and communes (phường, xã)
    {"code": "P-TT", "name": "Phường Thạch Thang", "short_name": "Thạch Thang", "kind": "ward"},
    {"code": "P-TP", "name": "Phường Thuận Phước", "short_name": "Thuận Phước", "kind": "ward"},
    {"code": "P-XH", "name": "Phường Xuân Hà", "short_name": "Xuân Hà", "kind": "ward"},
    {"code": "P-MT", "name": "Phường Mân Thái", "short_name": "Mân Thái", "kind": "ward"},
    {"code": "P-MA", "name": "Phường Mỹ An", "short_name": "Mỹ An", "kind": "ward"},
    {"code": "P-KM", "name": "Phường Khuê Mỹ", "short_name": "Khuê Mỹ", "kind": "ward"},
    {"code": "P-HKB", "name": "Phường Hòa Khánh Bắc", "short_name": "Hòa Khánh Bắc", "kind": "ward"},
    {"code": "P-HHB", "name": "Phường Hòa Hiệp Bắc", "short_name": "Hòa Hiệp Bắc", "kind": "ward"},
    {"code": "P-HTT", "name": "Phường Hòa Thọ Tây", "short_name": "Hòa Thọ Tây", "kind": "ward"},
    {"code": "X-HB", "name": "Xã Hòa Bắc", "short_name": "Hòa Bắc", "kind": "ward"},
    {"code": "X-HN", "name": "Xã Hòa Ninh", "short_name": "Hòa Ninh", "kind": "ward"},
    {"code": "X-HP", "name": "Xã Hòa Phú", "short_name": "Hòa Phú", "kind": "ward"},
    # Retired unit, to show retirement history (in no group). Illustrative: phường Tam Thuận was in
    # fact merged into phường Xuân Hà on 01/01/2025; the date is moved back so the 2024 demo shows it.
    {"code": "P-TTH", "name": "Phường Tam Thuận", "short_name": "Tam Thuận", "kind": "ward",
     "retired": {
         "on": date(2023, 12, 31),
         "reason": "Sáp nhập toàn bộ diện tích tự nhiên và quy mô dân số vào phường Xuân Hà, quận Thanh Khê",
         "merged_into": "P-XH",
     }},
]

# ---------------------------------------------------------------------------
# Clusters and blocs of 2024 (each non-retired unit in exactly one group).
# The first cluster is the demo cluster.
# ---------------------------------------------------------------------------
GROUPS = [
    {"name": "Cụm thi đua các quận ven biển", "kind": "cluster",
     "leader": "Q-ST", "deputy": "Q-NHS",
     "members": ["Q-ST", "Q-NHS", "Q-LC", "Q-TK"]},
    {"name": "Cụm thi đua quận Hải Châu, quận Cẩm Lệ và các huyện", "kind": "cluster",
     "leader": "Q-HC", "deputy": "H-HV",
     "members": ["Q-HC", "Q-CL", "H-HV", "H-HS"]},
    {"name": "Cụm thi đua các phường trung tâm", "kind": "cluster",
     "leader": "P-TT", "deputy": "P-XH",
     "members": ["P-TT", "P-TP", "P-XH"]},
    {"name": "Cụm thi đua các phường ven biển", "kind": "cluster",
     "leader": "P-MA", "deputy": "P-MT",
     "members": ["P-MA", "P-MT", "P-KM"]},
    {"name": "Cụm thi đua các phường có khu công nghiệp", "kind": "cluster",
     "leader": "P-HKB", "deputy": "P-HTT",
     "members": ["P-HKB", "P-HHB", "P-HTT"]},
    {"name": "Cụm thi đua các xã miền núi huyện Hòa Vang", "kind": "cluster",
     "leader": "X-HN", "deputy": None,
     "members": ["X-HN", "X-HB", "X-HP"]},
    {"name": "Khối các sở kinh tế", "kind": "bloc",
     "leader": "SKHDT", "deputy": "SCT",
     "members": ["SKHDT", "STC", "SCT", "SDL", "SXD", "SGTVT", "STNMT", "SNNPTNT"]},
    {"name": "Khối các sở văn hóa – xã hội và tổng hợp", "kind": "bloc",
     "leader": "SGDDT", "deputy": "SNV",
     "members": ["SGDDT", "SYT", "SLDTBXH", "SVHTT", "STTTT", "SNV", "TTTP", "VPUBND"]},
    {"name": "Khối đoàn thể, doanh nghiệp và đơn vị sự nghiệp", "kind": "bloc",
     "leader": "LDLD", "deputy": "TDOAN",
     "members": ["LDLD", "HLHPN", "TDOAN", "HND", "HCCB", "CNDN", "TNDN", "AUTQ"]},
]

DEMO_CLUSTER_NAME = "Cụm thi đua các quận ven biển"
OFFICER_UNIT = "Q-ST"    # leader of the demo cluster
OFFICER2_UNIT = "Q-LC"   # ordinary (non-deputy) member of the demo cluster
OFFICER3_UNIT = "SKHDT"  # leader of the signed bloc "Khối các sở kinh tế": reports and returns them
OFFICER4_UNIT = "Q-NHS"  # deputy of the demo cluster
OFFICER5_UNIT = "Q-TK"   # ordinary member of the demo cluster: with officer…officer5 every member can sign

# ---------------------------------------------------------------------------
# Pledges (giao ước thi đua) of 2024, one in each state, so that the demo shows the whole signing flow.
# The other groups have none yet ("Chưa lập" in the overview).
# ---------------------------------------------------------------------------
PLEDGES = [
    # Every member filled in and signed: the pledge is signed (read-only).
    {"group": "Khối các sở kinh tế", "state": "signed", "number": ("01", "GƯTĐ-KKT")},
    # Every member filled in, the pledge opened; the two members below have not signed yet.
    {"group": "Cụm thi đua quận Hải Châu, quận Cẩm Lệ và các huyện", "state": "open",
     "unsigned": ["H-HV", "H-HS"], "number": ("", "GƯTĐ-CTĐ")},
    # The officer's cluster: a draft where the leader (Q-ST, user ``officer``) still has two numeric values to
    # fill in before it can open the pledge for signing.
    {"group": DEMO_CLUSTER_NAME, "state": "draft", "left_empty": {"Q-ST": ["CT02", "CT08"]}},
]

# How a member's committed value departs from the plan. Rates (measure unit "%") vary around the city's value
# by the indicator's step (never above 100%); absolute quantities (tỷ đồng, người, vụ…) are the member's share
# of the city's value (the city value divided among the group's members), varied by 6% a step. Members take
# the steps in turn; an indicator where lower is better only takes steps downwards, so every member commits
# to at most the city's value.
PLEDGE_VARIATION_STEPS = [0, 1, -1, 2, 1, -2, 3, -1]
PLEDGE_RATE_STEPS = {
    "CT01": Decimal("0.2"),   # GRDP growth, %
    "CT06": Decimal("0.04"),  # multidimensional poverty, %
    "CT07": Decimal("0.2"),   # health insurance coverage, %
    "CT09": Decimal("0.1"),   # unemployment, %
    "CT11": Decimal("0.5"),   # procedures settled on time, %
    "CT12": Decimal("2"),     # procedures handled online, %
}
PLEDGE_SHARE_STEP = Decimal("0.06")

# Values typed as they are in a cell ("-": not applicable). Huyện Hoàng Sa (an island district whose
# People's Committee works from Đà Nẵng) has no poor households, no unemployed and no traffic accident to
# count, and no budget revenue, export, tourism, land clearance or job figure of its own.
PLEDGE_VALUES = {
    ("H-HS", "CT01"): "-",
    ("H-HS", "CT02"): "-",
    ("H-HS", "CT03"): "-",
    ("H-HS", "CT04"): "-",
    ("H-HS", "CT05"): "-",
    ("H-HS", "CT06"): Decimal("0"),
    ("H-HS", "CT08"): "-",
    ("H-HS", "CT09"): Decimal("0"),
    ("H-HS", "CT10"): Decimal("0"),
}

# Who signs for each member unit (fictitious heads): name, position.
PLEDGE_SIGNERS = {
    "SKHDT": ("Trần Văn Phước", "Giám đốc"),
    "STC": ("Nguyễn Thị Bích Ngọc", "Giám đốc"),
    "SCT": ("Lê Quang Hưng", "Phó Giám đốc"),
    "SDL": ("Phạm Thị Hồng Nhung", "Giám đốc"),
    "SXD": ("Võ Minh Tuấn", "Giám đốc"),
    "SGTVT": ("Huỳnh Văn Lợi", "Phó Giám đốc phụ trách"),
    "STNMT": ("Đặng Thị Thanh Thủy", "Giám đốc"),
    "SNNPTNT": ("Ngô Văn Sáu", "Giám đốc"),
    "Q-HC": ("Nguyễn Văn Thành", "Chủ tịch Ủy ban nhân dân quận"),
    "Q-CL": ("Lê Thị Kim Oanh", "Chủ tịch Ủy ban nhân dân quận"),
    "H-HV": ("Trương Công Đức", "Chủ tịch Ủy ban nhân dân huyện"),
    "H-HS": ("Hồ Văn Quang", "Chủ tịch Ủy ban nhân dân huyện"),
    "Q-ST": ("Phan Thanh Long", "Chủ tịch Ủy ban nhân dân quận"),
    "Q-NHS": ("Bùi Thị Lan Anh", "Chủ tịch Ủy ban nhân dân quận"),
    "Q-LC": ("Đỗ Văn Hiếu", "Phó Chủ tịch Ủy ban nhân dân quận phụ trách"),
    "Q-TK": ("Nguyễn Hữu Tâm", "Chủ tịch Ủy ban nhân dân quận"),
}

# Where a deputy signs for the head ("KT." ký thay), the capacity line above the position.
PLEDGE_SIGNER_CAPACITIES = {
    "SCT": "KT. GIÁM ĐỐC",
}


# Progress reports of the signed bloc, period by period: the state of each member's report in display order
# (leader, deputy, then the others); a missing entry is a report never started, late after the deadline.
REPORTS_GROUP = "Khối các sở kinh tế"
REPORTS = {
    "Quý I": ["submitted"] * 8,
    "6 tháng": ["submitted", "submitted", "submitted", "submitted", "submitted", "returned", "draft"],
    "9 tháng": ["submitted", "submitted", "submitted"],
}
# How far each member got, relative to its commitment (levels) or to the share of the year elapsed (amounts).
REPORT_FACTORS = [Decimal("1.04"), Decimal("0.97"), Decimal("1.0"), Decimal("0.9"), Decimal("1.1"),
                  Decimal("0.62"), Decimal("0.95"), Decimal("0.8")]
REPORT_NOTES = {
    "CT02": "Số liệu của Kho bạc Nhà nước thành phố đến cuối kỳ.",
    "CT05": "Đã bàn giao mặt bằng 3/5 dự án trọng điểm.",
}
RETURN_COMMENT = "Số thu ngân sách chưa khớp với số liệu của Kho bạc; đề nghị kiểm tra và bổ sung minh chứng."
