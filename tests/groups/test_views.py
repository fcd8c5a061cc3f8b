"""Blocs and clusters: permissions by role, list and detail, the group form's rules, query counts."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from groups import urls as group_urls
from groups.models import Group, Membership
from tests.factories import DEPUTY, LEADER, MEMBER, make_group, make_unit, retire
from tests.matrix import (
    CITY_ONLY,
    CITY_ONLY_POST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    SEES_EVERYTHING,
    everyone,
    matrix_tests,
    route,
)
from tests.pages import assert_vietnamese_dates

pytestmark = pytest.mark.django_db

EVERYONE_OK = everyone(OK)


def text(response) -> str:
    return response.content.decode()


def group_post(name, leader, members, deputy=None, kind="cluster", description=""):
    return {
        "name": name,
        "kind": kind,
        "description": description,
        "members": [unit.pk for unit in members],
        "leader": leader.pk if leader else "",
        "deputy": deputy.pk if deputy else "",
    }


# The routes, with the status each persona gets (``tests.matrix.route``).
ROUTES = [
    route("list-issued", "groups:list", kwargs=lambda w: {"year": 2024}, **EVERYONE_OK),
    route("list-draft", "groups:list", kwargs=lambda w: {"year": 2025}, **SEES_EVERYTHING),
    route("create", "groups:create", kwargs=lambda w: {"year": 2024}, **CITY_ONLY),
    route("create-post", "groups:create", method="post", kwargs=lambda w: {"year": 2024},
          data=lambda w: group_post("Cụm mới", w.loner, [w.loner]),
          **CITY_ONLY_POST),
    route("create-draft", "groups:create", kwargs=lambda w: {"year": 2025},
          city=OK, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("detail-a", "groups:detail", kwargs=lambda w: {"pk": w.cluster_a.pk},
          city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("detail-b", "groups:detail", kwargs=lambda w: {"pk": w.cluster_b.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("detail-missing", "groups:detail", kwargs=lambda w: {"pk": 999999}, **everyone(NOT_FOUND)),
    route("edit-a", "groups:edit", kwargs=lambda w: {"pk": w.cluster_a.pk},
          city=OK, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("edit-a-post", "groups:edit", method="post", kwargs=lambda w: {"pk": w.cluster_a.pk},
          data=lambda w: group_post("Cụm A", w.a2, [w.a1, w.a2]),
          city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("edit-b", "groups:edit", kwargs=lambda w: {"pk": w.cluster_b.pk},
          city=OK, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=FORBIDDEN,
          no_unit=NOT_FOUND),
    route("history-a", "groups:history", kwargs=lambda w: {"pk": w.cluster_a.pk},
          city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("history-missing", "groups:history", kwargs=lambda w: {"pk": 999999}, **everyone(NOT_FOUND)),
    route("delete-a", "groups:delete", method="post", kwargs=lambda w: {"pk": w.cluster_a.pk},
          data=lambda w: {},
          city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("unit-retire", "groups:unit_retire", kwargs=lambda w: {"pk": w.a1.pk}, **CITY_ONLY),
    route("unit-retire-post", "groups:unit_retire", method="post", kwargs=lambda w: {"pk": w.loner.pk},
          data={"retired_on": "2024-06-30", "retirement_reason": "Giải thể"},
          **CITY_ONLY_POST),
]
test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "groups", group_urls.urlpatterns
)


def test_delete_is_post_only(world, city_client):
    assert city_client.get(reverse("groups:delete", args=[world.cluster_a.pk])).status_code == 405


@pytest.fixture
def closed(world):
    Campaign.objects.filter(pk=world.c2024.pk).update(status=Campaign.Status.CLOSED)


@pytest.mark.parametrize(
    ("method", "name", "target"),
    [("get", "groups:create", "year"), ("get", "groups:edit", "group"), ("post", "groups:delete", "group")],
)
def test_groups_of_a_closed_campaign_are_frozen(world, closed, city_client, method, name, target):
    url = reverse(name, args=[2024 if target == "year" else world.cluster_a.pk])
    response = getattr(city_client, method)(url)
    assert response.status_code == 403
    assert "Kế hoạch đã kết thúc, không thể thay đổi cụm, khối thi đua." in text(response)
    assert Group.objects.filter(pk=world.cluster_a.pk).exists()


def test_closed_campaign_groups_have_no_edit_links(world, closed, city_client):
    page = text(city_client.get(reverse("groups:list", args=[2024])))
    assert reverse("groups:create", args=[2024]) not in page
    assert reverse("groups:edit", args=[world.cluster_a.pk]) not in text(
        city_client.get(reverse("groups:detail", args=[world.cluster_a.pk]))
    )


# --- list, detail ----------------------------------------------------------------------------------------


def test_list_for_city(world, city_client):
    response = city_client.get(reverse("groups:list", args=[2024]))
    page = text(response)
    assert [g.name for g in response.context["clusters"]] == ["Cụm thi đua các quận", "Cụm thi đua các sở số 1"]
    assert response.context["blocs"] == []
    assert "1 đơn vị đang hoạt động chưa thuộc cụm, khối nào" in page and "Thành đoàn" in page
    assert reverse("groups:create", args=[2024]) in page


def test_list_ungrouped_leaves_out_retired_units(world, city_client):
    retire(world.loner)
    response = city_client.get(reverse("groups:list", args=[2024]))
    assert list(response.context["ungrouped"]) == []
    assert "chưa thuộc cụm, khối nào" not in text(response)


def test_list_for_officer_shows_only_their_group(world, officer_client):
    response = officer_client.get(reverse("groups:list", args=[2024]))
    page = text(response)
    assert "Cụm thi đua các sở số 1" in page and "Cụm thi đua các quận" not in page
    assert "Thành đoàn" not in page  # the register of ungrouped units is not theirs to see
    assert reverse("groups:create", args=[2024]) not in page


@pytest.mark.parametrize("persona", ["city", "officer"])
def test_list_counts_every_member(world, client_as, persona):
    response = client_as(persona).get(reverse("groups:list", args=[2024]))
    cluster_a = next(g for g in response.context["clusters"] if g.pk == world.cluster_a.pk)
    assert cluster_a.member_count == 3
    assert "3 đơn vị" in text(response)


def test_list_of_a_campaign_without_groups(world, city_client):
    page = text(city_client.get(reverse("groups:list", args=[2025])))
    assert "Chưa có khối thi đua nào." in page and "Chưa có cụm thi đua nào." in page


def test_officer_cannot_open_a_group_of_a_draft_plan(world, officer_client):
    draft_group = Group.objects.create(campaign=world.c2025, name="Cụm dự thảo")
    Membership.objects.create(group=draft_group, unit=world.a1, role=LEADER)
    assert officer_client.get(reverse("groups:detail", args=[draft_group.pk])).status_code == 404


def test_detail_lists_members_with_roles(world, city_client):
    response = city_client.get(reverse("groups:detail", args=[world.cluster_a.pk]))
    page = text(response)
    assert [m.unit.name for m in response.context["members"]] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng"]
    assert "Cụm trưởng" in page and "Cụm phó" in page
    assert reverse("groups:edit", args=[world.cluster_a.pk]) in page
    assert reverse("units:detail", args=[world.a3.pk]) in page


def test_detail_for_officer_marks_their_unit(world, officer_client):
    page = text(officer_client.get(reverse("groups:detail", args=[world.cluster_a.pk])))
    assert "Đơn vị của bạn" in page
    assert reverse("groups:edit", args=[world.cluster_a.pk]) not in page
    assert reverse("units:detail", args=[world.a1.pk]) in page


@pytest.mark.parametrize("name", ["list", "detail", "edit", "create"])
def test_pages_have_no_foreign_dates(world, city_client, name):
    url = {
        "list": reverse("groups:list", args=[2024]),
        "detail": reverse("groups:detail", args=[world.cluster_a.pk]),
        "edit": reverse("groups:edit", args=[world.cluster_a.pk]),
        "create": reverse("groups:create", args=[2024]),
    }[name]
    assert_vietnamese_dates(text(city_client.get(url)))


# --- the group form --------------------------------------------------------------------------------------


def roles_of(group) -> dict[str, str]:
    return dict(group.memberships.values_list("unit__code", "role"))


def test_create_group(world, city_client):
    extra = make_unit("QLC", "Quận Liên Chiểu", "district")
    response = city_client.post(
        reverse("groups:create", args=[2024]),
        group_post("Khối doàn thể", world.loner, [world.loner, extra], deputy=extra, kind="bloc"),
        follow=True,
    )
    group = Group.objects.get(name="Khối doàn thể")
    assert response.redirect_chain[-1][0] == reverse("groups:detail", args=[group.pk])
    assert "Đã tạo “Khối doàn thể”." in text(response)
    assert group.kind == "bloc" and group.campaign == world.c2024
    assert roles_of(group) == {"DTN": LEADER, "QLC": DEPUTY}


def test_create_form_marks_units_of_other_groups(world, city_client):
    page = text(city_client.get(reverse("groups:create", args=[2024])))
    assert "đã thuộc Cụm thi đua các quận" in page
    assert f'value="{world.b1.pk}" id="id_members_' in page
    assert "disabled" in page.split(f'value="{world.b1.pk}"')[1].split(">")[0]
    assert "disabled" not in page.split(f'value="{world.loner.pk}" id="id_members_')[1].split(">")[0]


def test_leader_must_be_a_member(world, city_client):
    extra = make_unit("QLC", "Quận Liên Chiểu")
    response = city_client.post(reverse("groups:create", args=[2024]), group_post("Cụm mới", extra, [world.loner]))
    assert response.status_code == 200
    assert "Đơn vị trưởng phải là thành viên của cụm, khối." in text(response)
    assert not Group.objects.filter(name="Cụm mới").exists()


def test_deputy_must_be_a_member(world, city_client):
    extra = make_unit("QLC", "Quận Liên Chiểu")
    response = city_client.post(
        reverse("groups:create", args=[2024]), group_post("Cụm mới", world.loner, [world.loner], deputy=extra)
    )
    assert "Đơn vị phó phải là thành viên của cụm, khối." in text(response)


def test_deputy_must_differ_from_leader(world, city_client):
    response = city_client.post(
        reverse("groups:create", args=[2024]), group_post("Cụm mới", world.loner, [world.loner], deputy=world.loner)
    )
    assert response.status_code == 200
    assert "Đơn vị phó phải khác đơn vị trưởng." in text(response)
    assert not Group.objects.filter(name="Cụm mới").exists()


def test_unit_already_in_another_group_is_named(world, city_client):
    response = city_client.post(
        reverse("groups:create", args=[2024]), group_post("Cụm mới", world.loner, [world.loner, world.a2])
    )
    assert response.status_code == 200
    page = text(response)
    assert "Đã thuộc cụm, khối khác: Sở Tài chính (Cụm thi đua các sở số 1)." in page
    assert not Group.objects.filter(name="Cụm mới").exists()
    assert world.a2.memberships.get().group == world.cluster_a


def test_leader_is_required(world, city_client):
    response = city_client.post(reverse("groups:create", args=[2024]), group_post("Cụm mới", None, [world.loner]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["leader"] == ["Trường này là bắt buộc."]
    assert not Group.objects.filter(name="Cụm mới").exists()


def test_members_are_required(world, city_client):
    response = city_client.post(reverse("groups:create", args=[2024]), group_post("Cụm mới", world.loner, []))
    assert response.context["form"].errors["members"] == ["Trường này là bắt buộc."]


def test_name_is_unique_in_the_campaign_whatever_the_case(world, city_client):
    response = city_client.post(
        reverse("groups:create", args=[2024]), group_post("cụm thi đua các quận", world.loner, [world.loner])
    )
    assert "Kế hoạch năm nay đã có cụm, khối tên “cụm thi đua các quận”." in text(response)


def test_edit_form_starts_from_the_current_roles(world, city_client):
    form = city_client.get(reverse("groups:edit", args=[world.cluster_a.pk])).context["form"]
    assert form["leader"].value() == world.a1.pk
    assert form["deputy"].value() == world.a2.pk
    assert sorted(form["members"].value()) == sorted([world.a1.pk, world.a2.pk, world.a3.pk])


def test_edit_changes_members(world, city_client):
    kept = world.cluster_a.memberships.get(unit=world.a1).pk
    response = city_client.post(
        reverse("groups:edit", args=[world.cluster_a.pk]),
        group_post("Cụm thi đua các sở số 1", world.a1, [world.a1, world.loner], deputy=world.loner),
    )
    assert response.status_code == 302
    assert roles_of(world.cluster_a) == {"SKHDT": LEADER, "DTN": DEPUTY}
    assert world.cluster_a.memberships.get(unit=world.a1).pk == kept
    assert not world.a2.memberships.exists()


def test_edit_swaps_leader_and_deputy(world, city_client):
    response = city_client.post(
        reverse("groups:edit", args=[world.cluster_a.pk]),
        group_post("Cụm thi đua các sở số 1", world.a2, [world.a1, world.a2, world.a3], deputy=world.a1),
        follow=True,
    )
    assert "Đã lưu" in text(response)
    assert roles_of(world.cluster_a) == {"SKHDT": DEPUTY, "STC": LEADER, "SXD": MEMBER}


def test_edit_keeps_its_own_members_selectable(world, city_client):
    """The group's own members are not "taken" when editing it."""
    response = city_client.post(
        reverse("groups:edit", args=[world.cluster_a.pk]),
        group_post("Cụm A (đổi tên)", world.a3, [world.a1, world.a2, world.a3]),
    )
    assert response.status_code == 302
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.name == "Cụm A (đổi tên)"
    assert roles_of(world.cluster_a) == {"SKHDT": MEMBER, "STC": MEMBER, "SXD": LEADER}


def test_edit_keeps_a_retired_member(world, city_client):
    retire(world.a3)
    response = city_client.post(
        reverse("groups:edit", args=[world.cluster_a.pk]),
        group_post("Cụm thi đua các sở số 1", world.a1, [world.a1, world.a2, world.a3], deputy=world.a2),
    )
    assert response.status_code == 302
    assert roles_of(world.cluster_a)["SXD"] == MEMBER


def test_retired_units_cannot_join_a_new_group(world, city_client):
    retire(world.loner)
    response = city_client.post(reverse("groups:create", args=[2024]), group_post("Cụm mới", world.loner, [world.loner]))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in text(response)


def test_delete_group(world, city_client):
    response = city_client.post(reverse("groups:delete", args=[world.cluster_a.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:list", args=[2024])
    assert "Đã xóa “Cụm thi đua các sở số 1”." in text(response)
    assert not Group.objects.filter(pk=world.cluster_a.pk).exists()
    assert not Membership.objects.filter(unit__in=[world.a1, world.a2, world.a3]).exists()


def test_leader_and_deputy_lists_follow_the_member_checkboxes(world, city_client):
    """The selects name the checkbox list they mirror (app.js keeps them in sync; tests/browser covers it)."""
    page = text(city_client.get(reverse("groups:edit", args=[world.cluster_a.pk])))
    assert 'id="member-options"' in page
    for name in ["leader", "deputy"]:
        tag = page.split(f'name="{name}"')[0].rsplit("<select", 1)[1] + page.split(f'name="{name}"')[1].split(">")[0]
        assert 'data-choices-from="#member-options"' in tag


def test_edit_refuses_a_leader_that_is_no_longer_ticked(world, city_client):
    """The server keeps the rule whatever the browser sends: the leader unticked from the members is refused."""
    response = city_client.post(
        reverse("groups:edit", args=[world.cluster_a.pk]),
        group_post(world.cluster_a.name, world.a1, [world.a2, world.a3], deputy=world.a2),
    )
    assert response.status_code == 200
    assert "Đơn vị trưởng phải là thành viên của cụm, khối." in text(response)
    assert dict(world.cluster_a.memberships.values_list("unit_id", "role")) == {
        world.a1.pk: LEADER, world.a2.pk: DEPUTY, world.a3.pk: MEMBER}


# --- a role reads in the words of groups.wording.role_label everywhere (issue 10) ----------------------------


def test_every_page_names_the_role_with_the_groups_kind(world, city_client, officer_client):
    bloc = make_group(world.c2025, "Khối các sở", Group.Kind.BLOC, leader=world.a2, deputy=world.a1)
    home = text(officer_client.get(reverse("home")))
    assert "Cụm trưởng" in home and "Cụm phó" in home           # the 2024 cluster's card and its members
    unit_page = text(city_client.get(reverse("units:detail", args=[world.a1.pk])))
    assert "Cụm trưởng" in unit_page and "Khối phó" in unit_page
    retire = text(city_client.get(reverse("groups:unit_retire", args=[world.a1.pk])))
    assert "Cụm trưởng" in retire and "Khối phó" in retire
    assert bloc.kind == Group.Kind.BLOC
    for page in (home, unit_page, retire):
        assert "Trưởng</" not in page and "Phó</" not in page     # never the role's short label alone
