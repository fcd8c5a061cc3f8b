"""Each unit's award register across years: rows from the council's decisions, and the years before the app
back-filled by city staff (added, edited, deleted; the decision rows change only through the decision)."""

import datetime

import pytest
from django.urls import reverse

from awards import proposals as rules
from awards.models import AwardRecord

from .states import approved, code_title, proposed, published_results, registered
from .test_proposals import CITY_FLAG, rows_of, text

pytestmark = pytest.mark.django_db


def register_url(unit):
    return reverse("awards:register", args=[unit.pk])


def backfill(year="2023", title_name=CITY_FLAG, title_code="city_flag", number="45/QĐ-UBND", date="15/01/2024",
             note=""):
    return {"year": year, "title_name": title_name, "title_code": title_code, "decision_number": number,
            "decision_date": date, "note": note}


def test_the_register_lists_decided_and_back_filled_awards_by_year(world, city_client):
    proposal = proposed(world.c2024, "city_flag", world.a1)
    approved(proposal)
    AwardRecord.objects.create(unit=world.a1, year=2022, title_name="Bằng khen của Thủ tướng Chính phủ",
                               decision_number="99/QĐ-TTg", decision_date=datetime.date(2023, 2, 1))
    response = city_client.get(register_url(world.a1))
    page = text(response)
    assert page.index("2024") < page.index("2022")
    for words in (f"2024 {CITY_FLAG} 12/QĐ-UBND 20/01/2025", "Theo kết quả xét trên hệ thống",
                  "2022 Bằng khen của Thủ tướng Chính phủ 99/QĐ-TTg 01/02/2023", "Ghi bổ sung"):
        assert words in page, words
    html = response.content.decode()
    decided = AwardRecord.objects.get(proposal=proposal)
    assert reverse("awards:register_edit", args=[world.a1.pk, decided.pk]) not in html
    backfilled = AwardRecord.objects.get(year=2022)
    assert reverse("awards:register_edit", args=[world.a1.pk, backfilled.pk]) in html


def test_an_officer_reads_its_own_units_register_without_the_forms(world, officer_client):
    AwardRecord.objects.create(unit=world.a1, year=2022, title_name=CITY_FLAG)
    response = officer_client.get(register_url(world.a1))
    assert response.status_code == 200 and CITY_FLAG in text(response)
    assert "Ghi bổ sung khen thưởng các năm trước" not in text(response)
    assert officer_client.get(register_url(world.a2)).status_code == 404


def test_city_staff_back_fill_a_past_year_and_it_counts_as_the_earlier_title(world, city, city_client):
    published_results(world.c2024, world.cluster_a, [(world.a1, "96", "htxs", 1)])
    registered(world.c2024, world.a1, "government_flag")
    proposed(world.c2024, "government_flag", world.a1, reason="Dẫn đầu")
    rows, _ = rows_of(world.c2024, "government_flag")
    assert rows["SKHDT"].problems == ["Chưa nhận Cờ thi đua của UBND thành phố năm 2023."]
    response = city_client.post(register_url(world.a1), backfill())
    assert response.status_code == 302
    record = AwardRecord.objects.get(unit=world.a1)
    assert (record.year, record.title_code, record.decision_date, record.proposal, record.created_by) == (
        2023, "city_flag", datetime.date(2024, 1, 15), None, city)
    rows, _ = rows_of(world.c2024, "government_flag")
    assert rows["SKHDT"].problems == []


@pytest.mark.parametrize(("data", "message"), [
    (backfill(year="1900"), "Năm phải từ 1975 đến"),
    (backfill(title_name="  "), "Trường này là bắt buộc."),
    (backfill(date="2024-13-01"), "Nhập ngày theo dạng ngày/tháng/năm"),
    (backfill(title_name=CITY_FLAG.upper()), "Sổ khen thưởng đã có"),
])
def test_a_wrong_back_filled_row_is_refused_and_nothing_is_added(world, city_client, data, message):
    AwardRecord.objects.create(unit=world.a1, year=2023, title_name=CITY_FLAG)
    response = city_client.post(register_url(world.a1), data)
    assert response.status_code == 422
    assert message in text(response)
    assert AwardRecord.objects.count() == 1


def test_a_back_filled_row_is_edited_and_deleted(world, city_client):
    record = AwardRecord.objects.create(unit=world.a1, year=2022, title_name="Giấy khen")
    url = reverse("awards:register_edit", args=[world.a1.pk, record.pk])
    assert city_client.get(url).status_code == 200
    response = city_client.post(url, backfill(year="2021", title_name="Bằng khen", title_code="merit",
                                              note="Theo hồ sơ lưu trữ"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.year, record.title_name, record.title_code, record.note) == (
        2021, "Bằng khen", "merit", "Theo hồ sơ lưu trữ")
    response = city_client.post(reverse("awards:register_delete", args=[world.a1.pk, record.pk]), follow=True)
    assert "Đã xóa “Bằng khen” năm 2021 khỏi sổ khen thưởng." in text(response)
    assert not AwardRecord.objects.exists()


def test_a_row_from_a_decision_changes_only_through_the_decision(world, city_client):
    approved(proposed(world.c2024, "city_flag", world.a1))
    record = AwardRecord.objects.get()
    assert city_client.get(reverse("awards:register_edit", args=[world.a1.pk, record.pk])).status_code == 403
    assert city_client.post(reverse("awards:register_delete", args=[world.a1.pk, record.pk])).status_code == 403
    assert AwardRecord.objects.filter(pk=record.pk).exists()
    with pytest.raises(Exception, match="quyết định khen thưởng"):
        rules.delete_backfilled(record)


def test_another_units_record_is_not_found_under_this_unit(world, city_client):
    record = AwardRecord.objects.create(unit=world.a2, year=2022, title_name="Giấy khen")
    assert city_client.get(reverse("awards:register_edit", args=[world.a1.pk, record.pk])).status_code == 404


def test_the_title_names_of_the_plans_are_offered_when_back_filling(world, city_client):
    html = city_client.get(register_url(world.a1)).content.decode()
    assert f'<option value="{code_title(world.c2024, "merit").name}">' in html
    assert 'list="title-names"' in html


def test_the_years_register_lists_every_units_awards_by_title(world, city_client, officer_client):
    approved(proposed(world.c2024, "city_flag", world.a1))
    AwardRecord.objects.create(unit=world.b1, year=2024, title_name=CITY_FLAG, decision_number="13")
    AwardRecord.objects.create(unit=world.a2, year=2023, title_name="Giấy khen")
    page = text(city_client.get(reverse("awards:register_year", args=[2024])))
    assert f"{CITY_FLAG} 2" in page
    assert page.index("Quận Hải Châu") < page.index("Sở Kế hoạch và Đầu tư")
    assert "Giấy khen" not in page
    assert "Sổ khen thưởng chưa có dòng nào của năm 2020." in text(
        city_client.get(reverse("awards:register_year", args=[2020])))
    assert officer_client.get(reverse("awards:register_year", args=[2024])).status_code == 404


def test_the_years_register_shows_25_rows_a_page_numbered_across_pages(world, city_client):
    """60 back-filled Giấy khen and 2 city flags: the flags and 23 Giấy khen on page 1, 25 on page 2, the last 12
    on page 3, numbered 49–60; each title's badge counts all of its rows."""
    from awards.proposal_views import REGISTER_PAGE_SIZE
    from tests.factories import make_unit

    for i in range(60):
        AwardRecord.objects.create(unit=make_unit(f"GK{i:02d}", f"Phường giấy khen {i:02d}"), year=2024,
                                   title_name="Giấy khen")
    AwardRecord.objects.create(unit=world.a1, year=2024, title_name=CITY_FLAG)
    AwardRecord.objects.create(unit=world.b1, year=2024, title_name=CITY_FLAG)
    url = reverse("awards:register_year", args=[2024])
    first, second, third = (city_client.get(url, {"page": n}).content.decode() for n in (1, 2, 3))
    assert [page.count('<td class="unit-name">') for page in (first, second, third)] == [
        REGISTER_PAGE_SIZE, REGISTER_PAGE_SIZE, 12]
    assert CITY_FLAG in first and CITY_FLAG not in second
    assert "Phường giấy khen 47" in second and "Phường giấy khen 48" in third
    assert all('Giấy khen <span class="badge">60</span>' in page for page in (first, second, third))
    assert '<td class="num">49</td>' in third and '<td class="num">60</td>' in third
    assert 'href="?page=2"' in first and 'href="?page=2"' in third and "Trang 3/3" in third
