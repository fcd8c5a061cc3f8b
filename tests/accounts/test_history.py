"""Audit: the change history of plans, groups with their members, reports and users, for city staff only."""

import pytest
from django.urls import reverse

from accounts import urls as account_urls
from accounts.models import User
from campaigns.models import Campaign
from groups.models import Membership
from tests.factories import login, make_user
from tests.matrix import NOT_FOUND, OK, everyone, expect, matrix_tests, route

pytestmark = pytest.mark.django_db

CITY_ONLY_SEES = expect(city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                        no_unit=NOT_FOUND)

ROUTES = [
    route("user", "accounts:user_history", kwargs=lambda w: {"pk": make_user("someone").pk},
          **CITY_ONLY_SEES),
    route("user-missing", "accounts:user_history", kwargs=lambda w: {"pk": 999999}, **everyone(NOT_FOUND)),
]
test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "accounts", account_urls.urlpatterns
)


def text(response) -> str:
    return response.content.decode()


def test_user_history_shows_who_changed_what_but_never_the_password(world, city, city_client):
    account = User.objects.create_user("hoa", password="first-secret-1", first_name="Hoa", last_name="Lê Thị")
    account.role = User.Role.VIEWER
    account.unit = world.a1
    account.save()
    account.set_password("second-secret-2")
    account.save()
    # Signing in stamps last_login: no history row for that.
    rows = User.history.filter(id=account.pk).count()
    login(account)
    assert User.history.filter(id=account.pk).count() == rows
    client = login(account)
    client.get(reverse("home"))
    assert User.history.filter(id=account.pk).count() == rows

    assert "password" not in {f.name for f in User.history.model._meta.get_fields()}
    assert "last_login" not in {f.name for f in User.history.model._meta.get_fields()}
    page = text(city_client.get(reverse("accounts:user_history", args=[account.pk])))
    assert "Lịch sử thay đổi tài khoản" in page
    assert "Cán bộ đơn vị → Lãnh đạo (chỉ xem)" in page
    assert "— → Sở Kế hoạch và Đầu tư" in page
    account.refresh_from_db()
    assert account.password not in page and "pbkdf2" not in page


def test_user_changed_through_a_request_names_the_author(world, city, city_client):
    """The admin saves as its user; simple-history's middleware records who."""
    admin = make_user("boss", User.Role.CITY_STAFF, is_superuser=True, is_staff=True, first_name="Ba", last_name="Trần")
    target = make_user("khanh", unit=world.a2)
    login(admin).post(reverse("admin:accounts_user_change", args=[target.pk]), {
        "username": "khanh", "first_name": "Khánh", "last_name": "Võ", "email": "", "is_active": "on",
        "role": User.Role.UNIT_OFFICER, "unit": world.a3.pk, "position": "Chuyên viên",
        "date_joined_0": "01/01/2024", "date_joined_1": "08:00:00",
    })
    record = User.history.filter(id=target.pk).first()
    assert record.history_type == "~" and record.history_user == admin
    page = text(city_client.get(reverse("accounts:user_history", args=[target.pk])))
    assert "Trần Ba" in page and "Sở Tài chính → Sở Xây dựng" in page


def test_plan_history_records_status_changes_with_their_author(world, city, city_client):
    city_client.post(reverse("campaigns:status", args=[2024]), {"action": "close"})
    assert Campaign.objects.get(year=2024).status == Campaign.Status.CLOSED
    page = text(city_client.get(reverse("campaigns:history", args=[2024])))
    assert "Lịch sử thay đổi kế hoạch" in page
    assert "→ Đã kết thúc" in page  # the world issued it by a plain UPDATE, unrecorded
    assert "Nguyễn Lan" in page


def test_plan_page_links_its_history_for_city_staff_only(world, city_client, viewer_client):
    url = reverse("campaigns:history", args=[2024])
    assert url in text(city_client.get(reverse("campaigns:detail", args=[2024])))
    assert url not in text(viewer_client.get(reverse("campaigns:detail", args=[2024])))


def test_group_history_lists_members_joining_leaving_and_changing_role(world, city, city_client, viewer_client):
    data = {"name": "Cụm A mới", "kind": "cluster", "description": "", "members": [world.a1.pk, world.a2.pk,
            world.loner.pk], "leader": world.a2.pk, "deputy": world.a1.pk}
    assert city_client.post(reverse("groups:edit", args=[world.cluster_a.pk]), data).status_code == 302
    records = Membership.history.filter(group_id=world.cluster_a.pk)
    assert {(r.unit_id, r.history_type) for r in records.filter(history_user=city)} == {
        (world.a1.pk, "~"), (world.a2.pk, "~"), (world.a3.pk, "-"), (world.loner.pk, "+")}
    page = text(city_client.get(reverse("groups:history", args=[world.cluster_a.pk])))
    assert "Cụm thi đua các sở số 1 → Cụm A mới" in page
    assert "Thành đoàn" in page and "Sở Xây dựng" in page
    assert "Trưởng → Phó" in page and "Phó → Trưởng" in page
    detail = reverse("groups:detail", args=[world.cluster_a.pk])
    assert reverse("groups:history", args=[world.cluster_a.pk]) in text(city_client.get(detail))
    assert reverse("groups:history", args=[world.cluster_a.pk]) not in text(viewer_client.get(detail))


@pytest.mark.parametrize("size", [5, 40])
def test_history_pages_query_count_is_flat(world, city, city_client, django_assert_max_num_queries, size):
    for i in range(size):
        campaign = Campaign.objects.get(pk=world.c2024.pk)
        campaign.theme = f"Chủ đề {i}"
        campaign.save()
    with django_assert_max_num_queries(8):
        response = city_client.get(reverse("campaigns:history", args=[2024]))
    assert f"Chủ đề {size - 2} → Chủ đề {size - 1}" in text(response)


def test_admin_shows_a_users_history_without_the_password(world, city):
    admin = make_user("boss", User.Role.CITY_STAFF, is_superuser=True, is_staff=True)
    target = User.objects.create_user("lan", password="secret-pass-9", role=User.Role.VIEWER)
    target.role = User.Role.CITY_STAFF
    target.save()
    response = login(admin).get(reverse("admin:accounts_user_history", args=[target.pk]))
    assert response.status_code == 200
    assert "simple_history/object_history.html" in [t.name for t in response.templates]
    page = text(response)
    assert "lan" in page and target.password not in page
