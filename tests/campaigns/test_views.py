"""Views of the plan (and the start page): permissions by role, htmx and plain flows, forms, query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from campaigns import urls as campaign_urls
from campaigns.models import Campaign, CampaignStatusChange, ContentItem, Indicator, ReportingPeriod
from tests.factories import make_group, make_user
from tests.matrix import (
    CITY_ONLY,
    CITY_ONLY_POST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PERSONAS,
    REDIRECT,
    SEES_EVERYTHING,
    everyone,
    expect,
    matrix_tests,
    route,
)
from tests.pages import assert_vietnamese_dates

pytestmark = pytest.mark.django_db

EVERYONE_OK = everyone(OK)
ALL_FORBIDDEN = everyone(FORBIDDEN)
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


# --- permission matrix -----------------------------------------------------------------------------------
# The routes, with the status each persona gets (``tests.matrix.route``).


def _item(w, year):
    campaign = w.c2024 if year == 2024 else w.c2025
    return {"year": year, "pk": campaign.content_items.order_by("position").first().pk}


def _indicator(w, year):
    campaign = w.c2024 if year == 2024 else w.c2025
    return {"year": year, "pk": campaign.indicators.order_by("position").first().pk}


def _period(w, year):
    campaign = w.c2024 if year == 2024 else w.c2025
    return {"year": year, "pk": campaign.periods.first().pk}


def _year(w, year):
    return {"year": year}


def draft_and_issued(id, name, kwargs, draft, issued=ALL_FORBIDDEN, **options):
    """The route on the draft 2025 plan (``draft`` statuses) and on the issued 2024 one (``issued``; by default
    refused to everyone, as an issued plan's parts do not change). ``kwargs(world, year)`` gives the URL's."""
    return [
        route(f"{id}-draft", name, kwargs=lambda w: kwargs(w, 2025), **options, **draft),
        route(f"{id}-issued", name, kwargs=lambda w: kwargs(w, 2024), **options, **issued),
    ]


DRAFT_WRITE = expect(city=OK, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                     no_unit=NOT_FOUND)
DRAFT_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND,
                    outsider=NOT_FOUND, no_unit=NOT_FOUND)

ROUTES = [
    route("home", "home", **EVERYONE_OK),
    route("list", "campaigns:list", **EVERYONE_OK),
    route("create", "campaigns:create", **CITY_ONLY),
    route("create-post", "campaigns:create", method="post",
          data={"year": 2026, "title": "K", "issuing_authority": "UBND"},
          **CITY_ONLY_POST),
    route("detail-issued", "campaigns:detail", kwargs=lambda w: {"year": 2024}, **EVERYONE_OK),
    route("detail-draft", "campaigns:detail", kwargs=lambda w: {"year": 2025}, **SEES_EVERYTHING),
    route("detail-missing", "campaigns:detail", kwargs=lambda w: {"year": 2099}, **everyone(NOT_FOUND)),
    *draft_and_issued("edit", "campaigns:edit", _year, DRAFT_WRITE),
    *draft_and_issued("delete", "campaigns:delete", _year, DRAFT_POST, method="post", data={}),
    route("status-issued", "campaigns:status", method="post", kwargs=lambda w: {"year": 2024},
          data={"action": "close"},
          **CITY_ONLY_POST),
    route("status-draft", "campaigns:status", method="post", kwargs=lambda w: {"year": 2025},
          data={"action": "issue"},
          **DRAFT_POST),
    route("history", "campaigns:history", kwargs=lambda w: {"year": 2024},
          city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("history-draft", "campaigns:history", kwargs=lambda w: {"year": 2025},
          city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("history-missing", "campaigns:history", kwargs=lambda w: {"year": 2099}, **everyone(NOT_FOUND)),
    route("copy-issued", "campaigns:copy", kwargs=lambda w: {"year": 2024}, **CITY_ONLY),
    route("copy-issued-post", "campaigns:copy", method="post", kwargs=lambda w: {"year": 2024},
          data={"year": 2026},
          **CITY_ONLY_POST),
    route("copy-draft", "campaigns:copy", kwargs=lambda w: {"year": 2025}, **DRAFT_WRITE),
    *draft_and_issued("item_create", "campaigns:item_create", _year, DRAFT_POST, method="post",
                      data={"title": "Mới"}),
    *draft_and_issued("item_row", "campaigns:item_row", _item, SEES_EVERYTHING, issued=EVERYONE_OK),
    *draft_and_issued("item_edit", "campaigns:item_edit", _item, DRAFT_WRITE),
    *draft_and_issued("item_delete", "campaigns:item_delete", _item, DRAFT_POST, method="post", data={}),
    *draft_and_issued("item_move", "campaigns:item_move", _item, DRAFT_POST, method="post",
                      data={"direction": "down"}),
    *draft_and_issued("indicator_create", "campaigns:indicator_create", _year, DRAFT_WRITE),
    *draft_and_issued("indicator_edit", "campaigns:indicator_edit", _indicator, DRAFT_WRITE),
    *draft_and_issued("indicator_delete", "campaigns:indicator_delete", _indicator, DRAFT_POST, method="post",
                      data={}),
    *draft_and_issued("period_create", "campaigns:period_create", _year, DRAFT_WRITE),
    *draft_and_issued("period_edit", "campaigns:period_edit", _period, DRAFT_WRITE),
    *draft_and_issued("period_delete", "campaigns:period_delete", _period, DRAFT_POST, method="post", data={}),
]
test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "campaigns", campaign_urls.urlpatterns
)


def test_top_level_urls_are_covered():
    top = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert {"home", "healthz", "login", "logout"} <= top


def test_healthz_needs_no_login(db):
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_reports_a_dead_database(db, monkeypatch):
    class DeadConnection:
        def cursor(self):
            raise OSError("connection refused")

    monkeypatch.setattr("config.views.connection", DeadConnection())
    response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_logout(world, city_client):
    response = city_client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert city_client.get(reverse("home")).status_code == 302


def test_healthz_is_get_only(db):
    assert Client().post(reverse("healthz")).status_code == 405


def test_login_page_for_anonymous(db):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in text(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_login_page_sends_signed_in_users_home(client_as, persona):
    response = client_as(persona).get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_with_a_password(db):
    user = make_user("lan", "city_staff")
    user.set_password("mật-khẩu-dài-2024")
    user.save()
    response = Client().post(reverse("login"), {"username": "lan", "password": "mật-khẩu-dài-2024"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    failed = Client().post(reverse("login"), {"username": "lan", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in text(failed)


@pytest.mark.parametrize(
    "name", ["campaigns:delete", "campaigns:status", "campaigns:item_create", "campaigns:indicator_delete"]
)
def test_post_only_views_refuse_get(world, city_client, name):
    kwargs = {"year": 2025}
    if name == "campaigns:indicator_delete":
        kwargs = _indicator(world, 2025)
    assert city_client.get(reverse(name, kwargs=kwargs)).status_code == 405


def test_object_of_another_campaign_is_not_found(world, city_client):
    """An item, indicator or period id reached through another year's URL is not there."""
    foreign_item = _item(world, 2024)["pk"]
    assert city_client.get(reverse("campaigns:item_edit", args=[2025, foreign_item])).status_code == 404
    assert city_client.get(reverse("campaigns:item_row", args=[2025, foreign_item])).status_code == 404
    foreign_indicator = _indicator(world, 2024)["pk"]
    assert city_client.get(reverse("campaigns:indicator_edit", args=[2025, foreign_indicator])).status_code == 404
    foreign_period = _period(world, 2024)["pk"]
    assert city_client.post(reverse("campaigns:period_delete", args=[2025, foreign_period])).status_code == 404
    assert ReportingPeriod.objects.filter(pk=foreign_period).exists()


def test_forbidden_page_explains_in_vietnamese(world, officer_client):
    response = officer_client.get(reverse("campaigns:create"))
    assert response.status_code == 403
    assert "Chỉ cán bộ Ban Thi đua – Khen thưởng được thực hiện thao tác này." in text(response)


# --- home ------------------------------------------------------------------------------------------------


def test_home_for_city_lists_every_plan(world, city_client):
    page = text(city_client.get(reverse("home")))
    assert "Kế hoạch phát động phong trào thi đua năm 2024" in page
    assert "Kế hoạch phát động phong trào thi đua năm 2025" in page
    assert reverse("campaigns:create") in page
    assert "Cụm, khối thi đua của đơn vị" not in page


def test_home_counts_groups_and_units(world, city_client):
    response = city_client.get(reverse("home"))
    counts = {c.year: (c.group_count, c.unit_count) for c in response.context["campaigns"]}
    assert counts == {2024: (2, 5), 2025: (0, 0)}


def test_home_for_officer_shows_their_group(world, officer_client):
    page = text(officer_client.get(reverse("home")))
    assert "Kế hoạch phát động phong trào thi đua năm 2025" not in page
    assert "Cụm thi đua các sở số 1" in page
    assert "Cụm thi đua các quận" not in page
    for name in ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng"]:
        assert name in page
    assert reverse("campaigns:create") not in page


def test_home_for_officer_without_unit_warns(world, client_as):
    page = text(client_as("no_unit").get(reverse("home")))
    assert "chưa được gắn với đơn vị nào" in page


# --- campaign list, detail -------------------------------------------------------------------------------


def test_list_counts(world, city_client):
    response = city_client.get(reverse("campaigns:list"))
    rows = {c.year: (c.item_count, c.indicator_count, c.group_count) for c in response.context["campaigns"]}
    assert rows == {2024: (3, 3, 2), 2025: (1, 1, 0)}


def test_list_for_officer_hides_drafts(world, officer_client):
    page = text(officer_client.get(reverse("campaigns:list")))
    assert "năm 2024" in page and "năm 2025" not in page


def test_detail_shows_the_document(world, city_client):
    page = text(city_client.get(reverse("campaigns:detail", args=[2024])))
    assert "45/KH-UBND" in page
    assert "05/02/2024" in page  # issue date
    assert "31/03/2024" in page and "10/04/2024" in page  # pledge deadline; Quý I deadline
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15" in page
    assert "8,5" in page and "1.234,5" in page  # numbers the Vietnamese way
    assert "Chuyển đổi số" in page


def test_detail_summary_counts_groups_once(world, city_client):
    response = city_client.get(reverse("campaigns:detail", args=[2024]))
    assert response.context["group_summary"] == {"blocs": 0, "clusters": 2, "units": 5}


def test_detail_of_issued_plan_has_no_edit_controls(world, city_client):
    page = text(city_client.get(reverse("campaigns:detail", args=[2024])))
    assert reverse("campaigns:edit", args=[2024]) not in page
    assert reverse("campaigns:indicator_create", args=[2024]) not in page
    assert 'value="close"' in page and 'value="reopen"' in page
    assert reverse("campaigns:copy", args=[2024]) in page


def test_detail_of_draft_has_edit_controls(world, city_client):
    page = text(city_client.get(reverse("campaigns:detail", args=[2025])))
    assert reverse("campaigns:edit", args=[2025]) in page
    assert reverse("campaigns:item_create", args=[2025]) in page
    assert reverse("campaigns:indicator_create", args=[2025]) in page
    assert 'value="issue"' in page


@pytest.mark.parametrize("persona", ["viewer", "officer"])
def test_detail_is_read_only_for_others(world, client_as, persona):
    page = text(client_as(persona).get(reverse("campaigns:detail", args=[2024])))
    assert reverse("campaigns:status", args=[2024]) not in page
    assert reverse("campaigns:copy", args=[2024]) not in page
    assert "csrfmiddlewaretoken" in page  # only the logout form
    assert page.count("<form") == 1


def test_detail_history_is_for_city_and_viewer(world, city_client, officer_client):
    assert 'id="history"' in text(city_client.get(reverse("campaigns:detail", args=[2024])))
    assert 'id="history"' not in text(officer_client.get(reverse("campaigns:detail", args=[2024])))


# --- create, edit, delete --------------------------------------------------------------------------------


def test_create_campaign(world, city, city_client):
    response = city_client.post(
        reverse("campaigns:create"),
        {
            "year": 2026,
            "title": "Kế hoạch phát động phong trào thi đua năm 2026",
            "issuing_authority": "ỦY BAN NHÂN DÂN THÀNH PHỐ",
            "legal_bases": "Luật Thi đua, khen thưởng\n\n  Nghị định 98  \n",
            "pledge_deadline": "2026-03-31",
            "mid_year_review_date": "15/07/2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[2026])
    campaign = Campaign.objects.get(year=2026)
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.pledge_deadline == datetime.date(2026, 3, 31)
    assert campaign.mid_year_review_date == datetime.date(2026, 7, 15)
    assert list(campaign.legal_bases.values_list("text", flat=True)) == ["Luật Thi đua, khen thưởng", "Nghị định 98"]
    assert list(campaign.periods.values_list("name", "end_date")) == [
        ("Quý I", datetime.date(2026, 3, 31)),
        ("6 tháng", datetime.date(2026, 6, 30)),
        ("9 tháng", datetime.date(2026, 9, 30)),
        ("Năm", datetime.date(2026, 12, 31)),
    ]
    page = text(city_client.get(response["Location"]))
    assert "Đã tạo kế hoạch" in page and "(dự thảo)" in page


def test_create_campaign_errors(world, city_client):
    response = city_client.post(
        reverse("campaigns:create"), {"year": 2024, "title": "", "pledge_deadline": "2023-12-31"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Đã có kế hoạch thi đua của năm này." in page
    assert "Trường này là bắt buộc." in page
    assert Campaign.objects.count() == 2


def test_create_campaign_dates_must_be_in_its_year(world, city_client):
    response = city_client.post(
        reverse("campaigns:create"), {"year": 2026, "title": "K", "pledge_deadline": "2025-12-31"}
    )
    assert "Ngày này phải thuộc năm 2026." in text(response)
    assert not Campaign.objects.filter(year=2026).exists()


def test_edit_draft_campaign(world, city_client):
    url = reverse("campaigns:edit", args=[2025])
    form = city_client.get(url)
    assert "Nội dung dự thảo" not in text(form)  # items are not on this form
    response = city_client.post(
        url,
        {"year": 2099, "title": "Kế hoạch 2025 (sửa)", "issuing_authority": "UBND", "legal_bases": "Luật mới",
         "issue_date": "2025-02-01"},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=world.c2025.pk)
    assert (campaign.year, campaign.title, campaign.issue_date) == (2025, "Kế hoạch 2025 (sửa)", datetime.date(2025, 2, 1))
    assert list(campaign.legal_bases.values_list("text", flat=True)) == ["Luật mới"]


def test_edit_form_shows_the_legal_bases(world, city_client):
    Campaign.objects.filter(pk=world.c2024.pk).update(status=Campaign.Status.DRAFT)
    page = text(city_client.get(reverse("campaigns:edit", args=[2024])))
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15\nNghị định số 98/2023/NĐ-CP" in page


def test_editing_an_issued_campaign_is_forbidden(world, city_client):
    response = city_client.post(reverse("campaigns:edit", args=[2024]), {"title": "Sửa lén"})
    assert response.status_code == 403
    assert "Hãy mở lại kế hoạch trước" in text(response)
    assert Campaign.objects.get(year=2024).title == world.c2024.title


def test_delete_draft_with_groups(world, city_client):
    make_group(world.c2025, "Cụm dự thảo", leader=world.a1, members=[world.loner])
    assert city_client.post(reverse("campaigns:delete", args=[2025])).status_code == 302
    assert not Campaign.objects.filter(year=2025).exists()
    assert world.a1.memberships.count() == 1  # the 2024 one


def test_delete_draft(world, city_client):
    response = city_client.post(reverse("campaigns:delete", args=[2025]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("campaigns:list")
    assert "Đã xóa dự thảo kế hoạch năm 2025." in text(response)
    assert not Campaign.objects.filter(year=2025).exists()
    assert not ContentItem.objects.filter(campaign_id=world.c2025.pk).exists()


# --- content items, htmx and not -------------------------------------------------------------------------


def titles(campaign) -> list[str]:
    return list(campaign.content_items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def draft(world):
    """The 2025 draft with three items."""
    for title in ["Thứ hai", "Thứ ba"]:
        ContentItem.objects.create(campaign=world.c2025, position=world.c2025.content_items.count() + 1, title=title)
    return world.c2025


def test_item_create_with_htmx_returns_the_list(draft, city_client):
    response = city_client.post(
        reverse("campaigns:item_create", args=[2025]), {"title": "Nội dung mới", "description": "Diễn giải"}, **HTMX
    )
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert 'id="content-items"' in page
    assert "Nội dung mới" in page and "Diễn giải" in page
    assert titles(draft)[-1] == "Nội dung mới"
    assert draft.content_items.get(title="Nội dung mới").position == 4


def test_item_create_without_htmx_redirects(draft, city_client):
    response = city_client.post(reverse("campaigns:item_create", args=[2025]), {"title": "Nội dung mới"})
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[2025]) + "#content-items"
    assert titles(draft) == ["Nội dung dự thảo", "Thứ hai", "Thứ ba", "Nội dung mới"]


def test_item_create_invalid_with_htmx_shows_the_error(draft, city_client):
    response = city_client.post(reverse("campaigns:item_create", args=[2025]), {"title": ""}, **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and "Trường này là bắt buộc." in page
    assert draft.content_items.count() == 3


def test_item_create_invalid_without_htmx_renders_the_form(draft, city_client):
    response = city_client.post(reverse("campaigns:item_create", args=[2025]), {"title": ""})
    assert response.status_code == 200
    page = text(response)
    assert "<html" in page and "Trường này là bắt buộc." in page


@pytest.mark.parametrize("htmx", [True, False])
def test_item_move(draft, city_client, htmx):
    item = draft.content_items.get(title="Thứ ba")
    url = reverse("campaigns:item_move", args=[2025, item.pk])
    response = city_client.post(url, {"direction": "top"}, **(HTMX if htmx else {}))
    assert titles(draft) == ["Thứ ba", "Nội dung dự thảo", "Thứ hai"]
    if htmx:
        assert response.status_code == 200
        page = text(response)
        assert "<html" not in page
        assert page.index("Thứ ba") < page.index("Nội dung dự thảo") < page.index("Thứ hai")
    else:
        assert response.status_code == 302
    city_client.post(url, {"direction": "down"})
    assert titles(draft) == ["Nội dung dự thảo", "Thứ ba", "Thứ hai"]


def test_item_move_rejects_an_unknown_direction(draft, city_client):
    item = draft.content_items.get(title="Thứ ba")
    response = city_client.post(reverse("campaigns:item_move", args=[2025, item.pk]), {"direction": "sideways"})
    assert response.status_code == 400
    assert titles(draft) == ["Nội dung dự thảo", "Thứ hai", "Thứ ba"]


def test_first_item_cannot_move_up_and_last_cannot_move_down(draft, city_client):
    page = text(city_client.get(reverse("campaigns:detail", args=[2025])))
    assert len(re.findall(r'<button[^>]*\bdisabled\b', page)) == 2


def test_item_row_alone_knows_the_last_item_cannot_move_down(draft, city_client):
    """The row "Hủy" swaps back must look like the row in the list: ↓ disabled on the last item."""
    last = draft.content_items.get(title="Thứ ba")
    page = text(city_client.get(reverse("campaigns:item_row", args=[2025, last.pk]), **HTMX))
    down_button = re.search(r'value="down">\s*<button[^>]*>', page).group(0)
    assert "disabled" in down_button


def test_item_row_alone_of_the_first_item_cannot_move_up(draft, city_client):
    first = draft.content_items.get(position=1)
    page = text(city_client.get(reverse("campaigns:item_row", args=[2025, first.pk]), **HTMX))
    up_button = re.search(r'value="up">\s*<button[^>]*>', page).group(0)
    assert "disabled" in up_button


def test_item_edit_get_with_htmx_returns_the_edit_row(draft, city_client):
    item = draft.content_items.get(title="Thứ hai")
    response = city_client.get(reverse("campaigns:item_edit", args=[2025, item.pk]), **HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert f'id="item-{item.pk}"' in page and "item-edit" in page
    assert 'value="Thứ hai"' in page
    assert reverse("campaigns:item_row", args=[2025, item.pk]) in page  # "Hủy" puts the row back


def test_item_edit_get_without_htmx_is_a_page(draft, city_client):
    item = draft.content_items.get(title="Thứ hai")
    response = city_client.get(reverse("campaigns:item_edit", args=[2025, item.pk]))
    assert "<html" in text(response) and "Sửa nội dung số 2" in text(response)


@pytest.mark.parametrize("htmx", [True, False])
def test_item_edit_post(draft, city_client, htmx):
    item = draft.content_items.get(title="Thứ hai")
    response = city_client.post(
        reverse("campaigns:item_edit", args=[2025, item.pk]), {"title": "Thứ hai (sửa)"}, **(HTMX if htmx else {})
    )
    assert titles(draft) == ["Nội dung dự thảo", "Thứ hai (sửa)", "Thứ ba"]
    if htmx:
        assert response.status_code == 200 and "Thứ hai (sửa)" in text(response)
        assert "HX-Retarget" not in response
    else:
        assert response.status_code == 302


def test_item_edit_invalid_with_htmx_retargets_the_row(draft, city_client):
    item = draft.content_items.get(title="Thứ hai")
    response = city_client.post(reverse("campaigns:item_edit", args=[2025, item.pk]), {"title": "  "}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    page = text(response)
    assert "<html" not in page and f'id="item-{item.pk}"' in page
    assert "Trường này là bắt buộc." in page
    assert titles(draft) == ["Nội dung dự thảo", "Thứ hai", "Thứ ba"]


def test_item_edit_invalid_without_htmx_renders_the_form(draft, city_client):
    item = draft.content_items.get(title="Thứ hai")
    response = city_client.post(reverse("campaigns:item_edit", args=[2025, item.pk]), {"title": ""})
    assert response.status_code == 200 and "Trường này là bắt buộc." in text(response)


def test_item_row_with_htmx(draft, city_client, viewer_client):
    item = draft.content_items.get(title="Thứ hai")
    url = reverse("campaigns:item_row", args=[2025, item.pk])
    page = text(city_client.get(url, **HTMX))
    assert "<html" not in page and "Thứ hai" in page
    assert reverse("campaigns:item_edit", args=[2025, item.pk]) in page
    assert reverse("campaigns:item_edit", args=[2025, item.pk]) not in text(viewer_client.get(url, **HTMX))


@pytest.mark.parametrize("htmx", [True, False])
def test_item_delete_renumbers(draft, city_client, htmx):
    item = draft.content_items.get(title="Nội dung dự thảo")
    response = city_client.post(reverse("campaigns:item_delete", args=[2025, item.pk]), **(HTMX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    assert list(draft.content_items.values_list("position", "title")) == [(1, "Thứ hai"), (2, "Thứ ba")]
    if htmx:
        assert "Nội dung dự thảo" not in text(response)


# --- status ----------------------------------------------------------------------------------------------


def status_of(year) -> str:
    return Campaign.objects.get(year=year).status


def test_issue_without_issue_date_shows_why(world, city_client):
    response = city_client.post(reverse("campaigns:status", args=[2025]), {"action": "issue"}, follow=True)
    assert "Chưa thể phát động: còn thiếu ngày ban hành." in text(response)
    assert status_of(2025) == "draft"


def test_issue(world, city, city_client):
    Campaign.objects.filter(year=2025).update(issue_date=datetime.date(2025, 2, 1))
    response = city_client.post(reverse("campaigns:status", args=[2025]), {"action": "issue"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("campaigns:detail", args=[2025])
    assert "Kế hoạch chuyển sang trạng thái “Đã phát động”." in text(response)
    assert status_of(2025) == "issued"
    change = CampaignStatusChange.objects.get(campaign__year=2025)
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "issued", city)


@pytest.mark.parametrize(
    ("data", "shown", "status"),
    [
        ({"action": "close"}, ["“Đã kết thúc”"], "closed"),
        ({"action": "reopen"}, ["Hãy nhập lý do mở lại kế hoạch."], "issued"),
        ({"action": "reopen", "reason": "Bổ sung chỉ tiêu"}, ["“Dự thảo”", "Lý do: Bổ sung chỉ tiêu"], "draft"),
        ({"action": "issue"}, ["Không thể chuyển kế hoạch từ trạng thái “Đã phát động”."], "issued"),
        ({"action": "explode"}, ["Thao tác không hợp lệ."], "issued"),
    ],
    ids=["close", "reopen-without-reason-refused", "reopen-with-reason", "wrong-transition", "unknown-action"],
)
def test_status_change_of_an_issued_plan(world, city_client, data, shown, status):
    """Each move from "issued" says what happened (the reopening's reason in the history) or why not."""
    response = city_client.post(reverse("campaigns:status", args=[2024]), data, follow=True)
    page = text(response)
    for message in shown:
        assert message in page
    assert status_of(2024) == status


# --- copy ------------------------------------------------------------------------------------------------


def test_copy_form_suggests_next_year(world, city_client):
    Campaign.objects.filter(year=2025).delete()
    page = text(city_client.get(reverse("campaigns:copy", args=[2024])))
    assert 'value="2025"' in page


def test_copy_to_a_taken_year_is_refused(world, city_client):
    response = city_client.post(reverse("campaigns:copy", args=[2024]), {"year": 2025})
    assert response.status_code == 200
    assert "Đã có kế hoạch thi đua của năm 2025." in text(response)
    assert Campaign.objects.count() == 2


def test_copy(world, city_client):
    response = city_client.post(reverse("campaigns:copy", args=[2024]), {"year": 2026}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("campaigns:detail", args=[2026])
    assert "Đã tạo dự thảo kế hoạch năm 2026 từ kế hoạch năm 2024." in text(response)
    copy = Campaign.objects.get(year=2026)
    assert copy.status == "draft" and copy.copied_from == world.c2024
    assert copy.content_items.count() == 3 and copy.indicators.count() == 3 and copy.groups.count() == 2


# --- indicators ------------------------------------------------------------------------------------------


def indicator_data(**overrides):
    data = {
        "code": "XH02", "name": "Tỷ lệ lao động qua đào tạo", "measure_unit": "%", "city_value": "8,5",
        "direction": "higher", "area": "society", "content_item": "", "position": "2", "weight": "1",
    }
    data.update(overrides)
    return data


def test_indicator_form_suggests_the_next_position(world, city_client):
    page = text(city_client.get(reverse("campaigns:indicator_create", args=[2025])))
    assert re.search(r'name="position" value="2"', page)


def test_indicator_value_with_decimal_comma(world, city_client):
    response = city_client.post(reverse("campaigns:indicator_create", args=[2025]), indicator_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[2025]) + "#indicators"
    assert Indicator.objects.get(campaign__year=2025, code="XH02").city_value == Decimal("8.5")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.234,5", Decimal("1234.5")), ("12.345", Decimal("12345")), ("8.5", Decimal("8.5")), ("0", Decimal("0"))],
)
def test_indicator_value_as_offices_type_it(world, city_client, typed, stored):
    response = city_client.post(reverse("campaigns:indicator_create", args=[2025]), indicator_data(city_value=typed))
    assert response.status_code == 302
    assert Indicator.objects.get(campaign__year=2025, code="XH02").city_value == stored


def test_indicator_done_with_a_value_is_refused(world, city_client):
    response = city_client.post(
        reverse("campaigns:indicator_create", args=[2025]), indicator_data(direction="done", city_value="1")
    )
    assert response.status_code == 200
    assert "Chỉ tiêu hoàn thành/không hoàn thành không có giá trị số." in text(response)
    assert not Indicator.objects.filter(code="XH02").exists()


def test_indicator_done_without_value(world, city_client):
    response = city_client.post(
        reverse("campaigns:indicator_create", args=[2025]), indicator_data(direction="done", city_value="")
    )
    assert response.status_code == 302
    assert Indicator.objects.get(code="XH02").city_value is None


def test_indicator_quantity_needs_a_value(world, city_client):
    response = city_client.post(reverse("campaigns:indicator_create", args=[2025]), indicator_data(city_value=""))
    assert "Hãy nhập giá trị chỉ tiêu của thành phố (có thể là 0)." in text(response)


def test_indicator_value_must_be_a_number(world, city_client):
    response = city_client.post(reverse("campaigns:indicator_create", args=[2025]), indicator_data(city_value="tám"))
    assert "“tám” không phải là một số." in text(response)


def test_indicator_code_is_unique_in_the_plan(world, city_client):
    city_client.raise_request_exception = False  # a form error, not a crash on the unique constraint
    response = city_client.post(reverse("campaigns:indicator_create", args=[2025]), indicator_data(code="KT01"))
    assert response.status_code == 200
    assert "Mã chỉ tiêu đã được dùng trong kế hoạch này." in text(response)


def test_indicator_item_must_be_of_this_plan(world, city_client):
    foreign = _item(world, 2024)["pk"]
    response = city_client.post(
        reverse("campaigns:indicator_create", args=[2025]), indicator_data(content_item=str(foreign))
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in text(response)


def test_indicator_edit_shows_the_value_the_vietnamese_way(world, city_client):
    indicator = world.c2025.indicators.get()
    Indicator.objects.filter(pk=indicator.pk).update(city_value=Decimal("1234.5"))
    page = text(city_client.get(reverse("campaigns:indicator_edit", args=[2025, indicator.pk])))
    assert 'value="1234,5"' in page


def test_indicator_edit_and_delete(world, city_client):
    indicator = world.c2025.indicators.get()
    response = city_client.post(
        reverse("campaigns:indicator_edit", args=[2025, indicator.pk]), indicator_data(code="KT01", city_value="7,25")
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.city_value, indicator.name) == (Decimal("7.25"), "Tỷ lệ lao động qua đào tạo")
    response = city_client.post(reverse("campaigns:indicator_delete", args=[2025, indicator.pk]), follow=True)
    assert re.search(r"Đã xóa[^<]*KT01", text(response))
    assert not world.c2025.indicators.exists()


# --- periods ---------------------------------------------------------------------------------------------


def test_period_create(world, city_client):
    response = city_client.post(
        reverse("campaigns:period_create", args=[2025]),
        {"name": "Tháng 10", "end_date": "31/10/2025", "deadline": "2025-11-05"},
    )
    assert response.status_code == 302
    period = world.c2025.periods.get(name="Tháng 10")
    assert (period.end_date, period.deadline) == (datetime.date(2025, 10, 31), datetime.date(2025, 11, 5))


def test_period_deadline_before_end_is_refused_in_vietnamese(world, city_client):
    response = city_client.post(
        reverse("campaigns:period_create", args=[2025]),
        {"name": "Tháng 10", "end_date": "2025-10-31", "deadline": "2025-10-01"},
    )
    assert response.status_code == 200
    assert "Hạn nộp báo cáo không được trước ngày cuối kỳ." in text(response)


def test_period_name_is_unique(world, city_client):
    city_client.raise_request_exception = False  # a form error, not a crash on the unique constraint
    response = city_client.post(
        reverse("campaigns:period_create", args=[2025]),
        {"name": "Quý I", "end_date": "2025-03-31", "deadline": "2025-04-10"},
    )
    assert response.status_code == 200
    assert "Kế hoạch đã có kỳ báo cáo cùng tên." in text(response)
    assert world.c2025.periods.filter(name="Quý I").count() == 1


def test_period_edit_and_delete(world, city_client):
    period = world.c2025.periods.get(name="Quý I")
    response = city_client.post(
        reverse("campaigns:period_edit", args=[2025, period.pk]),
        {"name": "Quý I", "end_date": "2025-03-31", "deadline": "2025-04-15"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.deadline == datetime.date(2025, 4, 15)
    city_client.post(reverse("campaigns:period_delete", args=[2025, period.pk]))
    assert not ReportingPeriod.objects.filter(pk=period.pk).exists()


# --- dates are dd/mm/yyyy everywhere ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("home", [], []),
        ("campaigns:list", [], []),
        ("campaigns:detail", [2024], ["05/02/2024", "31/03/2024", "15/07/2024", "20/12/2024", "10/01/2025"]),
        ("campaigns:detail", [2025], ["31/03/2025"]),
        ("campaigns:edit", [2025], []),
        ("campaigns:copy", [2024], []),
        ("campaigns:indicator_create", [2025], []),
        ("campaigns:period_create", [2025], []),
    ],
)
def test_pages_show_dates_as_dd_mm_yyyy(world, city_client, name, args, expected):
    page = text(city_client.get(reverse(name, args=args)))
    assert_vietnamese_dates(page)
    for date in expected:
        assert date in page


def test_history_time_is_vietnamese(world, city_client):
    page = text(city_client.get(reverse("campaigns:detail", args=[2024])))
    assert re.search(r"<strong>\d{2}:\d{2} \d{2}/\d{2}/\d{4}</strong>", page)


def test_date_inputs_show_dd_mm_yyyy(world, city_client):
    Campaign.objects.filter(year=2025).update(pledge_deadline=datetime.date(2025, 3, 31))
    page = text(city_client.get(reverse("campaigns:edit", args=[2025])))
    assert re.search(r'<input type="text" name="pledge_deadline" value="31/03/2025"', page)
