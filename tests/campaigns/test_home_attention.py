"""The home page of city staff and leaders shows what needs attention: pledges waiting, late reports, periods
to close; the pledge overview lets city staff start a group's pledge."""

import pytest
from django.urls import reverse

from pledges import services as pledge_services
from pledges.models import Pledge
from progress import services as progress_services
from tests.builders import FULL, fill_all, period_named, report_with, signed_pledge_of
from tests.factories import login, make_group, make_population, make_user

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def attention(page: str) -> str:
    assert 'id="attention"' in page
    return page.split('id="attention"')[1].split("</section>")[0]


def test_home_lists_pledges_waiting_and_not_started(world, city, city_client, viewer_client):
    pledge = pledge_services.create_pledge(world.cluster_a, city)
    fill_all(pledge, [world.a1, world.a2, world.a3])
    pledge_services.open_for_signing(pledge, city)
    pledge_services.sign(pledge, world.a1.pk, None, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    for client in [city_client, viewer_client]:
        section = attention(text(client.get(reverse("home"))))
        assert "Cụm thi đua các sở số 1" in section
        assert "Chờ ký: Sở Tài chính, Sở Xây dựng" in section
        assert "Cụm thi đua các quận" in section and "Chưa lập giao ước" in section


def test_home_lists_late_reports_and_periods_to_close(world, city, city_client, viewer_client):
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    year_end = period_named(world.c2024, "Năm")
    report_with(year_end, world.a2, values=FULL, submit=True)
    progress_services.close_period(period_named(world.c2024, "Quý I"), city)
    page = text(city_client.get(reverse("home")))
    section = attention(page)
    # The latest ended period of the year: two members of the signed cluster have not submitted.
    assert "Báo cáo trễ hạn kỳ Năm" in section
    assert "Sở Kế hoạch và Đầu tư" in section and "Sở Xây dựng" in section
    assert section.count("Sở Tài chính") == 0
    # Periods past their deadline and not closed; Quý I is closed already.
    assert "Kỳ báo cáo cần khóa sổ" in section
    assert "6 tháng" in section and "9 tháng" in section and "Quý I" not in section
    assert reverse("progress:period_close", args=[year_end.pk]) in section
    # Leaders read the same list but close nothing.
    viewer_section = attention(text(viewer_client.get(reverse("home"))))
    assert "6 tháng" in viewer_section
    assert reverse("progress:period_close", args=[year_end.pk]) not in viewer_section


def test_officers_home_has_no_city_attention_list(world, officer_client):
    assert 'id="attention"' not in text(officer_client.get(reverse("home")))


def test_nothing_to_do_says_so(world, city, city_client):
    for group in [world.cluster_a, world.cluster_b]:
        members = [m.unit for m in group.memberships.all()]
        signed_pledge_of(group, members)
        for period in world.c2024.periods.all():
            for unit in members:
                report_with(period, unit, values=FULL, submit=True)
    for period in world.c2024.periods.all():
        progress_services.close_period(period, city)
    section = attention(text(city_client.get(reverse("home"))))
    assert "Không có việc nào cần xử lý." in section


@pytest.mark.parametrize("size", [5, 40])
def test_home_query_count_is_flat(db, django_assert_max_num_queries, size):
    population = make_population(size, year=2025)  # a year whose periods have all ended
    staff = make_user("staff", "city_staff")
    for group in population.groups[::2]:
        pledge_services.create_pledge(group, staff)
    client = login(staff)
    with django_assert_max_num_queries(16):  # 15 + the latest period with reports (past years)
        response = client.get(reverse("home"))
    section = attention(text(response))
    assert section.count("Chưa lập giao ước") == len(population.groups) - len(population.groups[::2])


def test_overview_offers_city_staff_to_start_a_pledge(world, city_client, viewer_client):
    url = reverse("pledges:overview", args=[2024])
    create = reverse("pledges:create", args=[world.cluster_b.pk])
    page = text(city_client.get(url))
    assert f'action="{create}"' in page and "Lập dự thảo giao ước" in page
    assert create not in text(viewer_client.get(url))
    response = city_client.post(create)
    pledge = Pledge.objects.get(group=world.cluster_b)
    assert response["Location"] == reverse("pledges:detail", args=[pledge.pk])
    assert f'action="{create}"' not in text(city_client.get(url))


def test_overview_offers_nothing_for_a_draft_plan(world, city_client):
    make_group(world.c2025, "Cụm dự thảo", leader=world.loner)
    assert "Lập dự thảo giao ước" not in text(city_client.get(reverse("pledges:overview", args=[2025])))
