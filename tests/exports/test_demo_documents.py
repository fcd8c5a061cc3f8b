"""The demo year's documents as a city office would print, sign and seal them: the 2024 plan of Đà Nẵng, the
signed pledge of "Khối các sở kinh tế" and its half-year progress report, measured on the files."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from demo import seed_data
from exports import documents
from pledges.models import Pledge
from tests.pdf_boxes import assert_rule_ratio, broken_words, poppler_missing, subject_block, text_pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(poppler_missing(), reason="poppler-utils (pdftotext, pdffonts) is not installed"),
]

SIGNED_GROUP = "Khối các sở kinh tế"


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=StringIO())
    return Campaign.objects.get(year=seed_data.CAMPAIGN["year"])


def words_of(names: list[str]) -> list[str]:
    """The words of several syllables in the names, as keep_words holds them, in capitals."""
    return sorted({word.replace("\u00a0", " ").upper() for name in names
                   for word in documents.keep_words(name).split(" ") if "\u00a0" in word})


def test_the_demo_plan_can_be_signed_as_it_is(demo):
    data = documents.plan_pdf(demo)
    assert_rule_ratio(data, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"])
    assert_rule_ratio(data, ["Phát động phong trào thi đua năm 2024"])
    last = [line.text for line in text_pages(data)[-1].lines if line.x0 > 100]
    assert last[-4:] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", seed_data.CAMPAIGN["signer_name"]]


def test_the_demo_signed_pledge_and_its_report(demo):
    pledge = Pledge.objects.get(campaign=demo, group__name=SIGNED_GROUP)
    data = documents.pledge_pdf(pledge)
    pages = text_pages(data)
    first = " ".join(line.text for line in pages[0].lines)
    assert "Số: 01/GƯTĐ-KKT" in first and "DỰ THẢO" not in first
    assert_rule_ratio(data, ["KHỐI CÁC SỞ KINH TẾ"])
    assert_rule_ratio(data, subject_block(pages[0], "GIAO ƯỚC THI ĐUA NĂM 2024"))
    members = list(pledge.members.all())
    names = [member.unit_name for member in members]
    assert broken_words(pages, words_of([*names, SIGNED_GROUP])) == []
    text = " ".join(line.text for page in pages for line in page.lines)
    assert text.count("Đã ký ngày") == len(members)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Đã ký ngày" in text        # Sở Công Thương's deputy signs for the head

    period = demo.periods.get(name="6 tháng")
    report = documents.progress_pdf(pledge.group, period, today=datetime.date(2024, 7, 20))
    report_pages = text_pages(report)
    assert_rule_ratio(report, ["KHỐI CÁC SỞ KINH TẾ"])
    # Numbered by the office; the symbol is the group's own, from its pledge's (GƯTĐ-KKT).
    number = next(line for line in report_pages[0].lines if line.text == "Số:")
    symbol = next(line for line in report_pages[0].lines if line.text == "/BC-KKT")
    assert abs(symbol.y0 - number.y0) < 1 and symbol.x0 - number.x1 > 5       # on the line, room for the number
    leader_name, leader_position = seed_data.PLEDGE_SIGNERS["SKHDT"]
    text = " ".join(line.text for page in report_pages for line in page.lines)
    assert f"ĐƠN VỊ KHỐI TRƯỞNG SỞ KẾ HOẠCH VÀ ĐẦU TƯ {leader_position.upper()}" in text
    assert text.rstrip().split("Nơi nhận")[-1].count(leader_name) == 1
