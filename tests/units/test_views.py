"""Unit register: permissions by role, filters and pagination, create, edit, retire, query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import make_campaign, make_group, make_unit, retire
from tests.matrix import (
    CITY_ONLY,
    CITY_ONLY_POST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    SEEN_BY_GROUP,
    everyone,
    matrix_tests,
    route,
)
from tests.pages import assert_vietnamese_dates
from units import urls as unit_urls
from units.models import Unit

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


# The routes, with the status each persona gets (``tests.matrix.route``).
ROUTES = [
    route("list", "units:list",
          city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    route("create", "units:create", **CITY_ONLY),
    route("create-post", "units:create", method="post", data={"code": "MOI", "name": "Mới", "kind": "other"},
          **CITY_ONLY_POST),
    route("detail-own", "units:detail", kwargs=lambda w: {"pk": w.a1.pk}, **SEEN_BY_GROUP),
    route("detail-mate", "units:detail", kwargs=lambda w: {"pk": w.a3.pk}, **SEEN_BY_GROUP),
    route("detail-other", "units:detail", kwargs=lambda w: {"pk": w.b2.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("detail-loner", "units:detail", kwargs=lambda w: {"pk": w.loner.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("detail-missing", "units:detail", kwargs=lambda w: {"pk": 999999}, **everyone(NOT_FOUND)),
    route("edit-own", "units:edit", kwargs=lambda w: {"pk": w.a1.pk}, **CITY_ONLY),
    route("edit-post", "units:edit", method="post", kwargs=lambda w: {"pk": w.a1.pk},
          data={"code": "SKHDT", "name": "Sở KH&ĐT", "kind": "department"},
          **CITY_ONLY_POST),
    route("edit-other", "units:edit", kwargs=lambda w: {"pk": w.b2.pk}, **CITY_ONLY),
]
test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "units", unit_urls.urlpatterns
)


def test_forbidden_list_explains(world, officer_client):
    response = officer_client.get(reverse("units:list"))
    assert "Trang này chỉ dành cho Ban Thi đua – Khen thưởng và lãnh đạo." in text(response)


def test_officer_cannot_see_units_grouped_with_theirs_only_in_a_draft_plan(world, officer_client):
    """Draft groups are hidden from officers (Group.visible_to), so their composition must not leak via units."""
    make_group(world.c2025, "Cụm dự thảo", leader=world.a1, members=[world.loner])
    assert officer_client.get(reverse("units:detail", args=[world.loner.pk])).status_code == 404


def test_navigation_links_by_role(world, city_client, officer_client, client_as):
    list_link = f'href="{reverse("units:list")}"'
    assert list_link in text(city_client.get(reverse("home")))
    officer_home = text(officer_client.get(reverse("home")))
    assert list_link not in officer_home
    assert reverse("units:detail", args=[world.a1.pk]) in officer_home
    no_unit_home = text(client_as("no_unit").get(reverse("home")))
    assert "/units/" not in no_unit_home


# --- list: filters and pagination ------------------------------------------------------------------------


def names_listed(response) -> list[str]:
    return [unit.name for unit in response.context["page"].object_list]


@pytest.fixture
def gone(world):
    return retire(make_unit("SBC", "Sở Bưu chính"), on=datetime.date(2023, 6, 30), merged_into=world.a1)


def test_list_in_vietnamese_order(world, gone, city_client):
    response = city_client.get(reverse("units:list"))
    assert names_listed(response) == [
        "Quận Hải Châu", "Quận Sơn Trà", "Sở Bưu chính", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng",
        "Thành đoàn",
    ]
    assert "7 đơn vị" in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=h%E1%BA%A3i", ["Quận Hải Châu"]),  # "hải", any case
        ("q=SKHDT", ["Sở Kế hoạch và Đầu tư"]),  # by code
        ("q=skhdt", ["Sở Kế hoạch và Đầu tư"]),
        ("q=H%E1%BA%A3i+Ch%C3%A2u", ["Quận Hải Châu"]),
        ("kind=district", ["Quận Hải Châu", "Quận Sơn Trà"]),
        ("kind=mass_org", ["Thành đoàn"]),
        ("status=retired", ["Sở Bưu chính"]),
        ("status=active&kind=department", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng"]),
        ("q=S%E1%BB%9F&status=retired", ["Sở Bưu chính"]),
        ("q=kh%C3%B4ng-c%C3%B3", []),
    ],
)
def test_list_filters(world, gone, city_client, query, expected):
    response = city_client.get(reverse("units:list") + "?" + query)
    assert response.status_code == 200
    assert names_listed(response) == expected


def test_list_filter_by_short_name(world, city_client):
    Unit.objects.filter(pk=world.b2.pk).update(short_name="ST")
    assert names_listed(city_client.get(reverse("units:list") + "?q=ST")) == ["Quận Sơn Trà", "Sở Tài chính"]


def test_list_with_no_match_offers_to_clear_the_filter(world, city_client):
    page = text(city_client.get(reverse("units:list") + "?q=zzz"))
    assert "Không có đơn vị nào khớp với điều kiện lọc." in page
    assert "Xóa bộ lọc" in page


def test_list_shows_retirement(world, gone, city_client):
    page = text(city_client.get(reverse("units:list") + "?status=retired"))
    assert "Ngừng từ 30/06/2023" in page
    assert "sáp nhập vào Sở Kế hoạch và Đầu tư" in page
    assert_vietnamese_dates(page)


def test_list_with_htmx_returns_the_table_only(world, city_client):
    response = city_client.get(reverse("units:list") + "?kind=district", **HTMX)
    page = text(response)
    assert "<html" not in page
    assert page.strip().startswith('<div id="unit-table">')
    assert "Quận Hải Châu" in page and "Sở Tài chính" not in page


def test_list_with_boosted_htmx_is_the_whole_page(world, city_client):
    response = city_client.get(reverse("units:list"), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert "<html" in text(response)


@pytest.fixture
def many_wards(world):
    return Unit.objects.bulk_create(
        Unit(code=f"P{i:03d}", name=f"Phường {i:03d}", kind=Unit.Kind.WARD) for i in range(60)
    )


def test_pagination_has_real_links(many_wards, city_client):
    response = city_client.get(reverse("units:list"))
    page = text(response)
    assert len(names_listed(response)) == 50
    assert "66 đơn vị" in page
    assert "Trang 1/2" in page
    assert 'href="?page=2"' in page
    assert "Trang trước" not in page


def test_pagination_keeps_the_filter(many_wards, city_client):
    response = city_client.get(reverse("units:list") + "?kind=ward&page=2")
    page = text(response)
    assert names_listed(response) == [f"Phường {i:03d}" for i in range(50, 60)]
    assert "Trang 2/2" in page
    assert 'href="?kind=ward&amp;page=1"' in page
    assert "Trang sau" not in page


def test_pagination_out_of_range_shows_the_last_page(many_wards, city_client):
    response = city_client.get(reverse("units:list") + "?page=99")
    assert response.context["page"].number == 2


def test_pagination_links_work_without_javascript(many_wards, city_client):
    page = text(city_client.get(reverse("units:list") + "?kind=ward"))
    link = re.search(r'<a class="button" href="([^"]+)"[^>]*>Trang sau', page).group(1).replace("&amp;", "&")
    assert names_listed(city_client.get(reverse("units:list") + link))[0] == "Phường 050"


# --- detail ----------------------------------------------------------------------------------------------


def test_detail_shows_groups_over_the_years(world, city_client):
    previous = make_campaign(2023, "closed")
    make_group(previous, "Cụm cũ", leader=world.a1, members=[world.b1])
    page = text(city_client.get(reverse("units:detail", args=[world.a1.pk])))
    assert page.index("Cụm thi đua các sở số 1") < page.index("Cụm cũ")  # newest first
    assert "3 thành viên" in page and "2 thành viên" in page
    assert "Cụm trưởng" in page  # the role in the words of groups.wording.role_label, with the kind


def test_detail_for_officer_hides_draft_groups(world, officer_client):
    make_group(world.c2025, "Cụm dự thảo", leader=world.a1)
    page = text(officer_client.get(reverse("units:detail", args=[world.a1.pk])))
    assert "Cụm thi đua các sở số 1" in page
    assert "Cụm dự thảo" not in page
    assert reverse("units:edit", args=[world.a1.pk]) not in page


def test_detail_for_officer_links_only_to_groups_they_can_open(world, officer_client):
    """A group-mate's history may include groups the officer's unit was never in: no dead links to them."""
    previous = make_campaign(2023, "closed")
    make_group(previous, "Cụm cũ không có đơn vị của bạn", leader=world.a3, members=[world.b2])
    page = text(officer_client.get(reverse("units:detail", args=[world.a3.pk])))
    links = set(re.findall(r'href="(/groups/\d+/)"', page))
    assert links, "the page links to the groups of the unit"
    for link in links:
        assert officer_client.get(link).status_code == 200, link


def test_detail_of_a_retired_unit(world, gone, city_client):
    page = text(city_client.get(reverse("units:detail", args=[gone.pk])))
    assert "Đã ngừng hoạt động" in page and "30/06/2023" in page
    assert "Sáp nhập theo nghị quyết" in page
    assert reverse("groups:unit_retire", args=[gone.pk]) not in page
    assert_vietnamese_dates(page)
    merged_into = text(city_client.get(reverse("units:detail", args=[world.a1.pk])))
    assert "Đã tiếp nhận" in merged_into and "Sở Bưu chính" in merged_into


# --- create, edit ----------------------------------------------------------------------------------------


def test_create_unit(world, city_client):
    response = city_client.post(
        reverse("units:create"), {"code": "SNV", "name": "Sở Nội vụ", "short_name": "", "kind": "department"},
        follow=True,
    )
    unit = Unit.objects.get(code="SNV")
    assert response.redirect_chain[-1][0] == reverse("units:detail", args=[unit.pk])
    assert "Đã thêm đơn vị “Sở Nội vụ”." in text(response)


def test_create_unit_with_a_taken_code(world, city_client):
    response = city_client.post(reverse("units:create"), {"code": "SKHDT", "name": "Trùng mã", "kind": "department"})
    assert response.status_code == 200
    assert "đã tồn tại" in text(response)
    assert not Unit.objects.filter(name="Trùng mã").exists()


def test_create_unit_requires_a_name(world, city_client):
    response = city_client.post(reverse("units:create"), {"code": "X", "name": "", "kind": "department"})
    assert "Trường này là bắt buộc." in text(response)


def test_edit_unit(world, city_client):
    response = city_client.post(
        reverse("units:edit", args=[world.b1.pk]),
        {"code": "QHC", "name": "Quận Hải Châu (mới)", "short_name": "HC", "kind": "district"},
    )
    assert response.status_code == 302
    world.b1.refresh_from_db()
    assert (world.b1.name, world.b1.short_name) == ("Quận Hải Châu (mới)", "HC")


# --- retire ----------------------------------------------------------------------------------------------


def test_retire_form_offers_active_units_but_not_itself(world, gone, city_client):
    response = city_client.get(reverse("groups:unit_retire", args=[world.loner.pk]))
    choices = list(response.context["form"].fields["merged_into"].queryset)
    assert world.loner not in choices and gone not in choices
    assert world.a1 in choices
    assert "— Không sáp nhập (giải thể) —" in text(response)


def test_retire_requires_date_and_reason(world, city_client):
    response = city_client.post(
        reverse("groups:unit_retire", args=[world.loner.pk]), {"retired_on": "", "retirement_reason": "", "merged_into": ""}
    )
    assert response.status_code == 200
    assert text(response).count("Trường này là bắt buộc.") == 2
    world.loner.refresh_from_db()
    assert world.loner.is_active


def test_retire_a_merged_unit(world, city_client):
    response = city_client.post(
        reverse("groups:unit_retire", args=[world.loner.pk]),
        {"retired_on": "30/06/2024", "retirement_reason": "Sáp nhập", "merged_into": world.a1.pk},
        follow=True,
    )
    assert "Đã ghi nhận đơn vị “Thành đoàn” ngừng hoạt động." in text(response)
    world.loner.refresh_from_db()
    assert (world.loner.retired_on, world.loner.merged_into) == (datetime.date(2024, 6, 30), world.a1)


def test_retire_a_dissolved_unit(world, city_client):
    city_client.post(
        reverse("groups:unit_retire", args=[world.loner.pk]), {"retired_on": "2024-06-30", "retirement_reason": "Giải thể"}
    )
    world.loner.refresh_from_db()
    assert not world.loner.is_active and world.loner.merged_into is None


def test_retiring_a_retired_unit_again_just_says_so(world, gone, city_client):
    response = city_client.get(reverse("groups:unit_retire", args=[gone.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("units:detail", args=[gone.pk])
    assert "Đơn vị này đã ngừng hoạt động." in text(response)


def test_retired_unit_stays_in_earlier_groups_but_not_in_copies(world, city_client):
    city_client.post(
        reverse("groups:unit_retire", args=[world.a3.pk]), {"retired_on": "2024-12-31", "retirement_reason": "Giải thể"}
    )
    assert world.cluster_a.memberships.filter(unit=world.a3).exists()
    city_client.post(reverse("campaigns:copy", args=[2024]), {"year": 2026})
    assert not world.a3.memberships.filter(campaign__year=2026).exists()


@pytest.mark.parametrize(("name", "args"), [("units:edit", "a1"), ("groups:unit_retire", "a1"), ("units:create", None)])
def test_form_pages_dates(world, city_client, name, args):
    url = reverse(name, args=[getattr(world, args).pk] if args else [])
    assert_vietnamese_dates(text(city_client.get(url)))
