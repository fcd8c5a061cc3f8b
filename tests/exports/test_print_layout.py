"""The printed documents measured on the file, as an office would check them before signing and sealing: the
rules under the issuer and the subject, the margins of the landscape annexes, the signature grid of a pledge,
names never broken inside a word, the number and symbol, the signature block, and the font subsets of the
all-pledges PDF (``pdffonts``). Word boxes come from poppler's ``pdftotext -bbox-layout``, rules from the
drawing operators (:mod:`tests.pdf_boxes`)."""

import datetime

import pytest

from campaigns.models import Campaign
from exports import documents, registry
from groups.models import Group
from pledges import services as pledge_services
from pledges.models import Pledge
from tests.builders import fill_all
from tests.downloads import open_pdf
from tests.factories import make_group, make_unit
from tests.pdf_boxes import (
    assert_rule_ratio,
    broken_words,
    font_names,
    poppler_missing,
    rules,
    subject_block,
    text_pages,
    text_sizes,
)
from units.models import Unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(poppler_missing(), reason="poppler-utils (pdftotext, pdffonts) is not installed"),
]

# Words of two syllables in the names below: each must print whole on one line.
COMPOUNDS = ["KẾ HOẠCH", "ĐẦU TƯ", "HẢI CHÂU", "CẨM LỆ", "NÔNG NGHIỆP", "PHÁT TRIỂN", "NÔNG THÔN", "THI ĐUA",
             "NGŨ HÀNH SƠN", "LAO ĐỘNG", "THƯƠNG BINH", "XÃ HỘI", "VĂN HÓA", "ỦY BAN", "NHÂN DÂN"]
LONG_NAMES = [
    ("SKHDT", "Sở Kế hoạch và Đầu tư", Unit.Kind.DEPARTMENT),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", Unit.Kind.DEPARTMENT),
    ("QHC", "Ủy ban nhân dân quận Hải Châu", Unit.Kind.DISTRICT),
    ("QCL", "Ủy ban nhân dân quận Cẩm Lệ", Unit.Kind.DISTRICT),
    ("QNHS", "Ủy ban nhân dân quận Ngũ Hành Sơn", Unit.Kind.DISTRICT),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", Unit.Kind.DEPARTMENT),
    ("SVHTT", "Sở Văn hóa và Thể thao", Unit.Kind.DEPARTMENT),
]
LONG_GROUP = "Cụm thi đua quận Hải Châu, quận Cẩm Lệ, quận Ngũ Hành Sơn và các sở văn hóa – xã hội"


@pytest.fixture
def plan_2024(world):
    Campaign.objects.filter(pk=world.c2024.pk).update(
        issuing_authority="ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", issue_place="Đà Nẵng")
    world.c2024.refresh_from_db()
    return world.c2024


@pytest.fixture
def long_pledge(plan_2024):
    """A signed pledge of seven units with long names in a group with a long name; the second signs as a
    deputy for its head."""
    units = [make_unit(f"L-{code}", name, kind) for code, name, kind in LONG_NAMES]
    group = make_group(plan_2024, LONG_GROUP, Group.Kind.CLUSTER, leader=units[0], deputy=units[1], members=units[2:])
    pledge = pledge_services.create_pledge(group, None)
    Pledge.objects.filter(pk=pledge.pk).update(document_number="01", document_symbol="GƯTĐ-CTĐ")
    fill_all(pledge, units)
    pledge_services.open_for_signing(pledge, None)
    for index, unit in enumerate(units):
        pledge_services.sign(pledge, unit.pk, None, signer_name=f"Nguyễn Văn Thành {index}",
                             signer_position="Phó Giám đốc" if index == 1 else "Giám đốc",
                             signer_capacity="KT. Giám đốc" if index == 1 else "")
    pledge.refresh_from_db()
    return pledge, units


# --- rules under the issuer and the subject --------------------------------------------------------------


def test_the_plan_rules_are_a_third_to_a_half_of_their_line(plan_2024):
    data = documents.plan_pdf(plan_2024)
    assert_rule_ratio(data, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"])
    assert_rule_ratio(data, ["Phát động phong trào thi đua năm 2024"])


def test_a_pledge_and_a_report_rule_their_lines_the_same_way(long_pledge, exports_world):
    pledge, _units = long_pledge
    data = documents.pledge_pdf(pledge)
    page = text_pages(data)[0]
    # The group's name wraps in the header's column: the rule is measured on its widest line.
    header = [line for line in page.lines if line.x1 < 95 and line.y0 < 45 and "UBND" not in line.text]
    assert len(header) >= 2
    assert_rule_ratio(data, [line.text for line in header])
    assert_rule_ratio(data, subject_block(page, "GIAO ƯỚC THI ĐUA NĂM 2024"))
    w = exports_world
    report = documents.progress_pdf(w.cluster_a, w.half_year, today=datetime.date(2024, 7, 20))
    assert_rule_ratio(report, ["CỤM THI ĐUA CÁC SỞ SỐ 1"])
    assert_rule_ratio(report, ["Tiến độ thực hiện giao ước thi đua – 6 tháng năm 2024"])


# --- names never broken inside a word ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "words"), [
    ("Sở Kế hoạch và Đầu tư", ["Sở", "Kế hoạch", "và", "Đầu tư"]),
    ("Quận Hải Châu", ["Quận", "Hải Châu"]),
    ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở", "Nông nghiệp", "và", "Phát triển", "nông thôn"]),
    ("Cụm thi đua các quận ven biển", ["Cụm", "thi đua", "các", "quận", "ven biển"]),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Đà Nẵng",
     ["Đoàn", "Thanh niên", "Cộng sản", "Hồ Chí Minh", "thành phố", "Đà Nẵng"]),
    # Typed in capitals: the listed words, and the city's name (THIDUA_CITY_NAME) in any case.
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", ["ỦY BAN", "NHÂN DÂN", "THÀNH PHỐ", "ĐÀ NẴNG"]),
    ("CỤM THI ĐUA CÁC PHƯỜNG HÒA KHÁNH", ["CỤM", "THI ĐUA", "CÁC", "PHƯỜNG", "HÒA", "KHÁNH"]),
])
def test_words_of_a_name_are_held_together(name, words, settings):
    """Lines may break at the spaces between these words only (no-break spaces inside them)."""
    settings.THIDUA_CITY_NAME = "Đà Nẵng"
    assert documents.keep_words(name).split(" ") == [word.replace(" ", "\u00a0") for word in words]



def test_unit_and_group_names_break_between_words_only(long_pledge):
    pledge, _units = long_pledge
    pages = text_pages(documents.pledge_pdf(pledge))
    text = " ".join(line.text for page in pages for line in page.lines)
    for compound in ["ĐẦU TƯ", "HẢI CHÂU", "NÔNG THÔN", "NGŨ HÀNH SƠN", "THƯƠNG BINH"]:
        assert compound in text, compound          # the names are there, so the check below checks something
    assert broken_words(pages, COMPOUNDS) == []
    # The long names do wrap (between words): the grid and the header are no wider than their columns.
    assert any(line.text.startswith("SỞ NÔNG NGHIỆP") and not line.text.endswith("THÔN")
               for page in pages for line in page.lines)


# --- the signature grid -----------------------------------------------------------------------------------


def signature_cells(pages):
    """(page index, unit name line, position line, "Đã ký ngày" line, name line) of every signed cell."""
    cells = []
    for index, page in enumerate(pages):
        names = [line for line in page.lines if line.text.startswith("Nguyễn Văn Thành")]
        for name in names:
            column = [line for line in page.lines if abs((line.x0 + line.x1) / 2 - (name.x0 + name.x1) / 2) < 15
                      and line.y1 <= name.y0 + 0.1]
            signed = max((line for line in column if line.text.startswith("Đã ký ngày")), key=lambda line: line.y0)
            position = max((line for line in column if "GIÁM ĐỐC" in line.text and line.y1 < signed.y0),
                           key=lambda line: line.y0)
            cells.append((index, position, signed, name))
    return cells


def test_the_signature_grid_is_fit_for_ink_and_seal(long_pledge):
    pledge, units = long_pledge
    data = documents.pledge_pdf(pledge)
    pages = text_pages(data)
    cells = signature_cells(pages)
    assert len(cells) == len(units)
    # Two cells a row: two columns, left and right of the page's middle.
    middles = sorted({round((name.x0 + name.x1) / 2) for _page, _pos, _signed, name in cells})
    assert len(middles) == 2 and middles[0] < 105 < middles[1], middles
    for _page, position, signed, name in cells:
        # At least 30 mm clear between the position and "Đã ký ngày …" (then the name): room for a signature
        # and a seal.
        assert signed.y0 - position.y1 >= 30, (position.text, round(signed.y0 - position.y1, 1))
        assert position.y1 < signed.y0 < signed.y1 <= name.y0
    text = " ".join(line.text for page in pages for line in page.lines)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    # A row is never split: the two cells of a row are on one page, side by side.
    rows = {}
    for page, _position, _signed, name in sorted(cells, key=lambda c: (c[0], c[3].y0)):
        rows.setdefault((page, round(name.y0)), []).append(name)
    assert sorted(len(row) for row in rows.values()) == [1] + [2] * 3


# --- the landscape annex ----------------------------------------------------------------------------------


def test_landscape_annexes_keep_the_binding_margin_and_a_14_pt_title(long_pledge):
    pledge, _units = long_pledge
    data = documents.pledge_pdf(pledge)
    pages = text_pages(data)
    annexes = [i for i, page in enumerate(pages) if page.width > page.height]
    assert annexes
    for index in annexes:
        page = pages[index]
        # The page number sits in the top margin; everything else stays 30 mm from the top (the binding edge
        # of a page turned across) and 20 mm from the bottom.
        body = [line for line in page.lines if not line.text.isdigit()]
        painted_rules = rules(data, index)
        assert min(line.y0 for line in body) >= 30
        assert max(line.y1 for line in body) <= page.height - 20
        assert min(box.y0 for box in painted_rules) >= 30
        assert max(box.y1 for box in painted_rules) <= page.height - 20
    sizes = dict(text_sizes(data, annexes[0]))
    assert sizes["PHỤ LỤC"] == 14


# --- number and symbol, signer ---------------------------------------------------------------------------


def test_numbers_keep_their_symbol(world, long_pledge):
    draft_plan = " ".join(" ".join(line.text for line in text_pages(documents.plan_pdf(world.c2025))[0].lines).split())
    assert "Số: /KH-UBND" in draft_plan           # room for the number, the symbol printed
    pledge, _units = long_pledge
    first = " ".join(line.text for line in text_pages(documents.pledge_pdf(pledge))[0].lines)
    assert "Số: 01/GƯTĐ-CTĐ" in first


def test_a_plan_signed_by_the_chairman_himself(plan_2024):
    Campaign.objects.filter(pk=plan_2024.pk).update(
        signer_authority="TM. ỦY BAN NHÂN DÂN", signer_capacity="", signer_position="Chủ tịch",
        signer_name="Lê Trung Chinh")
    plan_2024.refresh_from_db()
    data = documents.plan_pdf(plan_2024)
    last = text_pages(data)[-1]
    block = [line.text for line in last.lines if line.x0 > 100]
    assert block[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Trung Chinh"], block
    assert not any("KT." in line for line in block)
    # The name is printed 30 mm or more below the position: room for the signature and the seal.
    position, name = last.find("CHỦ TỊCH")[0], last.find("Lê Trung Chinh")[0]
    assert name.y0 - position.y1 >= 28


def test_the_group_report_is_signed_by_the_leader_units_head(exports_world):
    w = exports_world
    data = documents.progress_pdf(w.cluster_a, w.half_year, today=datetime.date(2024, 7, 20))
    text = " ".join(line.text for page in text_pages(data) for line in page.lines)
    # The leader (a1) signed the pledge as "Nguyễn Văn A", "Giám đốc" (tests.builders.sign_all).
    assert "ĐƠN VỊ CỤM TRƯỞNG SỞ KẾ HOẠCH VÀ ĐẦU TƯ GIÁM ĐỐC" in text
    assert "Nguyễn Văn A" in text and "……" not in text.split("Nơi nhận")[-1]


# --- the all-pledges PDF: one subset per font ----------------------------------------------------------------


def test_all_pledges_embed_each_font_once(exports_world, long_pledge):
    pledges = list(Pledge.objects.current().select_related("group", "campaign").order_by("group__name"))
    assert len(pledges) >= 3
    data = registry.concatenate_pledges(pledges, lambda percent: None)
    names = font_names(data)
    assert len(names) == len(set(names)), names      # no two subsets under one name
    assert {name.split("+")[-1] for name in names} >= {"TeX-Gyre-Termes", "TeX-Gyre-Termes-Bold"}
    # One document per pledge, each with its own first page (no number) and its group's bookmark.
    top = [item.title for item in open_pdf(data).outline if not isinstance(item, list)]
    assert top == [p.group.name for p in pledges]
