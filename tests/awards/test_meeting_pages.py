"""The meeting pages: a GET stores nothing, bad input is refused with its reason and changes nothing, a stale
form is a conflict naming who saved, finalised minutes refuse every view and the admin, the minutes PDF says
what the page says (in numbers and words), and the query counts do not grow with the group."""

import unicodedata

import pytest
from django.urls import reverse

from awards import meetings
from awards.models import Ballot, Meeting
from tests.downloads import download_url, pdf_text
from tests.factories import login, make_group, make_unit, make_user

from . import meeting_states as ms

pytestmark = pytest.mark.django_db


def page_url(group):
    return reverse("awards:meeting", args=[group.pk])


def details_post(group, **changes):
    data = {"version": ms.version(group), "held_on": "20/12/2024", "held_time": "08:30", "place": "Hội trường",
            "chair_name": "Nguyễn Văn Minh", "secretary_name": "Lê Thị Hoa"}
    for unit in ms.units_of(group):
        data[f"att-{unit.pk}-present"] = "on"
        data[f"att-{unit.pk}-representative_name"] = f"Đại diện {unit.code}"
    return {**data, **changes}


def test_a_get_stores_nothing(world, officer):
    response = login(officer).get(page_url(world.cluster_a))
    assert response.status_code == 200
    assert "Cần thêm 2 đơn vị có mặt để đủ 2/3 số thành viên (2/3)" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_leader_saves_the_meeting_and_who_attended(world, officer):
    response = login(officer).post(page_url(world.cluster_a), details_post(world.cluster_a))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.place, meeting.chair_name, meeting.updated_by) == ("Hội trường", "Nguyễn Văn Minh", officer)
    assert meeting.attendances.filter(present=True).count() == 3


def test_a_time_without_a_day_is_refused_and_nothing_changes(world, officer):
    response = login(officer).post(page_url(world.cluster_a), details_post(world.cluster_a, held_on=""))
    assert response.status_code == 422
    assert "Cần nhập ngày họp." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_ballot_that_does_not_add_up_is_refused_with_its_reason(world, officer):
    ms.recorded(world.cluster_a)
    response = login(officer).post(reverse("awards:meeting_ballot", args=[world.cluster_a.pk, "leader"]), {
        "leader-version": ms.version(world.cluster_a), "leader-issued": 3, "leader-returned": 3, "leader-valid": 2,
        f"leader-{world.a2.pk}-chosen": "on", f"leader-{world.a2.pk}-votes": 3})
    assert response.status_code == 422
    assert "Sở Tài chính được 3 phiếu, nhiều hơn số phiếu hợp lệ (2)." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_candidate_without_votes_is_refused(world, officer):
    ms.recorded(world.cluster_a)
    response = login(officer).post(reverse("awards:meeting_ballot", args=[world.cluster_a.pk, "leader"]), {
        "leader-version": ms.version(world.cluster_a), "leader-issued": 3, "leader-returned": 3, "leader-valid": 3,
        f"leader-{world.a2.pk}-chosen": "on"})
    assert response.status_code == 422
    assert "Cần nhập số phiếu của đơn vị được bầu chọn." in response.content.decode()


def test_a_stale_form_is_a_conflict_naming_who_saved(world, officer, city):
    ms.recorded(world.cluster_a, city)
    stale = details_post(world.cluster_a, place="Nơi khác")
    ms.recorded(world.cluster_a, city)
    response = login(officer).post(page_url(world.cluster_a), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Biên bản vừa được người khác lưu" in html and f"Người lưu: {city}" in html
    assert 'value="Nơi khác"' in html  # what the officer typed is kept to save again knowingly
    assert Meeting.objects.get().place == ms.DETAILS["place"]


def test_finalised_minutes_refuse_every_view_with_a_message(world, officer):
    ms.finalised(world, officer)
    client = login(officer)
    before = Meeting.objects.values().get()
    for url, data in [
        (page_url(world.cluster_a), details_post(world.cluster_a)),
        (reverse("awards:meeting_ballot", args=[world.cluster_a.pk, "leader"]), {"leader-version": 1}),
        (reverse("awards:meeting_finalise", args=[world.cluster_a.pk]), {"version": ms.version(world.cluster_a)}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 403
        assert "Biên bản đã chốt, không thể thay đổi" in response.content.decode()
    assert Meeting.objects.values().get() == before
    page = client.get(page_url(world.cluster_a)).content.decode()
    assert "Mở lại biên bản" in page and "Lưu thông tin và điểm danh" not in page


def test_the_admin_shows_the_minutes_read_only(world, officer):
    meeting = ms.finalised(world, officer)
    admin = make_user("root", is_superuser=True, is_staff=True)
    client = login(admin)
    url = reverse("admin:awards_meeting_change", args=[meeting.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"place": "Khác"}).status_code == 403
    assert client.post(reverse("admin:awards_meeting_delete", args=[meeting.pk]), {"post": "yes"}).status_code == 403
    assert Meeting.objects.get().place == ms.DETAILS["place"]


def test_reopening_through_the_page_needs_a_reason(world, officer):
    ms.finalised(world, officer)
    client = login(officer)
    url = reverse("awards:meeting_reopen", args=[world.cluster_a.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Cần nêu lý do mở lại biên bản." in response.content.decode()
    assert Meeting.objects.get().is_final
    response = client.post(url, {"reason": "Sai số phiếu"}, follow=True)
    assert "Đã mở lại biên bản" in response.content.decode() and not Meeting.objects.get().is_final
    assert "Sai số phiếu" in response.content.decode()


# --- the minutes PDF ----------------------------------------------------------------------------------------


def eight_member_bloc(world):
    """Khối các sở kinh tế: 8 members, 7 present; the flag to its first unit (7 votes of 7)."""
    units = [make_unit(f"K{i}", name) for i, name in enumerate([
        "Sở Công Thương", "Sở Du lịch", "Sở Giao thông vận tải", "Sở Nông nghiệp", "Sở Tài nguyên và Môi trường",
        "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Lao động"])]
    group = make_group(world.c2024, "Khối các sở kinh tế", kind="bloc", leader=units[0], deputy=units[1],
                       members=units[2:])
    ms.publish(group, dict.fromkeys(units, "htxs"))
    for unit in units:
        ms.register(group, unit)
    ms.recorded(group, present=units[:7], flag_to=units[1])
    ms.ballot(group, "city_flag", (7, 7, 7), [(units[0], 7)])
    ms.ballot(group, "merit", (7, 7, 6), [(units[1], 6), (units[2], 5), (units[3], 1)])
    ms.ballot(group, "leader", (7, 7, 7), [(units[1], 6), (units[2], 1)])
    ms.ballot(group, "deputy", (7, 7, 7), [(units[2], 7)])
    return group, units


def minutes_text(client, group) -> str:
    response = client.get(download_url("minutes_pdf", group=group.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return unicodedata.normalize("NFC", pdf_text(response.content))


def test_the_minutes_say_the_meeting_in_numbers_and_words(world, city):
    group, units = eight_member_bloc(world)
    client = login(city)
    draft = minutes_text(client, group)
    assert "DỰ THẢO" in draft
    meetings.finalise(group, city, version=ms.version(group))
    text = minutes_text(client, group)
    flat = " ".join(text.split())
    assert "DỰ THẢO" not in text
    assert "KHỐI CÁC SỞ KINH TẾ" in flat and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "BIÊN BẢN" in text and "Hội nghị tổng kết công tác thi đua năm 2024 của Khối các sở kinh tế" in flat
    assert "Có mặt 7/8 đơn vị, đủ 2/3 theo quy định" in flat
    assert "Số phiếu phát ra: 7 (bảy) phiếu" in flat and "số phiếu hợp lệ: 6 (sáu) phiếu" in flat
    assert "Sở Công Thương 7 (bảy) phiếu 100,0 % Trúng cử" in flat
    assert "Sở Giao thông vận tải 5 (năm) phiếu 83,3 % Trúng cử" in flat
    assert "Trúng cử khi được quá nửa tổng số thành viên của cụm, khối (≥ 5/8 phiếu)" in flat
    assert "Hội nghị bàn giao cờ luân lưu cho Sở Du lịch" in flat
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text and "Nguyễn Văn Minh" in text and "Lê Thị Hoa" in text
    assert flat.index("THƯ KÝ") < flat.index("CHỦ TRÌ")


# --- query counts -------------------------------------------------------------------------------------------


def group_of(world, size):
    units = [make_unit(f"Q{size}-{i}", f"Đơn vị {i:02d}") for i in range(size)]
    group = make_group(world.c2024, f"Cụm {size}", leader=units[0], members=units[1:])
    ms.publish(group, dict.fromkeys(units, "htxs"))
    for unit in units[::2]:
        ms.register(group, unit)
    ms.recorded(group)
    for question in ("city_flag", "merit", "leader", "deputy"):
        ms.ballot(group, question, (size, size, size), [(u, 1) for u in units[: 1 if question != "merit" else size]],
                  seats=2 if question == "merit" else None)
    return group, make_user(f"lead{size}", unit=units[0])


MEETING_PAGE_QUERIES = 17  # measured on SQLite: 17 at 5 and at 30 members (session, user, group, campaign,
# memberships, meeting, attendance, ballots, candidates, units, sheets, registrations, settings, proposals, …)
MEETINGS_LIST_QUERIES = 8  # measured: 8 at 1 and at 6 groups (the states of every group: one more)


@pytest.mark.parametrize("size", [5, 30])
def test_meeting_page_queries_do_not_grow(world, django_assert_max_num_queries, size):
    group, leader = group_of(world, size)
    client = login(leader)
    with django_assert_max_num_queries(MEETING_PAGE_QUERIES):
        assert client.get(page_url(group)).status_code == 200


@pytest.mark.parametrize("size", [5, 30])
def test_meetings_list_queries_do_not_grow(world, city, django_assert_max_num_queries, size):
    for n in range(size // 5):
        group_of(world, 5 + n)
    client = login(city)
    with django_assert_max_num_queries(MEETINGS_LIST_QUERIES):
        assert client.get(reverse("awards:meetings", args=[2024])).status_code == 200


# --- the list of meetings -----------------------------------------------------------------------------------


def test_the_list_says_each_groups_state_and_links_what_the_user_reads(world, officer2, outsider, city):
    ms.recorded(world.cluster_a)
    html = login(city).get(reverse("awards:meetings", args=[2024])).content.decode()
    assert "Đang ghi biên bản" in html and "Chưa họp" in html and page_url(world.cluster_b) in html
    # The deputy's officer reads its group's entry, without a link to the draft it may not open.
    html = login(officer2).get(reverse("awards:meetings", args=[2024])).content.decode()
    assert world.cluster_a.name in html and world.cluster_b.name not in html
    assert page_url(world.cluster_a) not in html
    html = login(outsider).get(reverse("awards:meetings", args=[2024])).content.decode()
    assert world.cluster_a.name not in html and page_url(world.cluster_b) in html


def test_the_list_shows_twenty_groups_a_page_and_counts_them_all(world, city):
    """With cluster A (a draft) and B, 30 more clusters: two pages; the counts cover the 32 groups."""
    from awards.meeting_views import MEETINGS_PAGE_SIZE

    ms.recorded(world.cluster_a)
    for g in range(30):
        make_group(world.c2024, f"Cụm thử {g:02d}", leader=make_unit(f"M{g:02d}", f"Phường thử {g:02d}"))
    client = login(city)
    url = reverse("awards:meetings", args=[2024])
    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()
    rows = [html.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") for html in (first, second)]
    assert rows == [MEETINGS_PAGE_SIZE, 32 - MEETINGS_PAGE_SIZE]
    assert "Cụm thử 00" in first and "Cụm thử 00" not in second and "Cụm thử 29" in second
    for html in (first, second):
        assert '<dd>31<small class="muted">/32</small>' in html  # chưa họp: 31 of 32, on either page
    assert 'href="?page=2"' in first and 'href="?page=1"' in second and "Trang 2/2" in second


def test_the_list_names_the_flag_unit_once_final(world, officer2):
    ms.finalised(world)
    html = login(officer2).get(reverse("awards:meetings", args=[2024])).content.decode()
    assert "Đã chốt biên bản" in html and page_url(world.cluster_a) in html
    assert '<td class="flag-unit">Sở Kế hoạch và Đầu tư</td>' in html


def test_the_flag_has_one_seat_whatever_the_form_posts(world, officer):
    ms.all_ballots(world)
    ballot = ms.ballot(world.cluster_a, "city_flag", (3, 3, 3), [(world.a1, 2), (world.a3, 1)], seats=3)
    assert ballot.seats == 1
