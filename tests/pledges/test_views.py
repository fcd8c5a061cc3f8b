"""Pledge pages: who may do what (by URL), the grid's per-cell saves and conflicts, signing and amending."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse

from pledges import services
from pledges import urls as pledge_urls
from pledges.models import Pledge, PledgeLine, Signature
from tests.builders import COMPLETE, fill, fill_all, sign_all
from tests.factories import login, make_user
from tests.matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    SEEN_BY_GROUP,
    everyone,
    expect,
    matrix_tests,
    route,
)
from tests.pages import assert_vietnamese_dates

pytestmark = pytest.mark.django_db

MANAGERS_GET = expect(city=OK, viewer=FORBIDDEN, officer=OK, officer2=FORBIDDEN, outsider=NOT_FOUND,
                      no_unit=NOT_FOUND)
MANAGERS_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN,
                       outsider=NOT_FOUND, no_unit=NOT_FOUND)
CITY_ONLY_GET = expect(city=OK, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
                       no_unit=NOT_FOUND)


def text(response) -> str:
    return response.content.decode()


# States of cluster A's pledge, built inside each test (officer = leader a1, officer2 = deputy a2).
def draft(w):
    return services.create_pledge(w.cluster_a, None)


def complete(w):
    pledge = draft(w)
    fill_all(pledge, [w.a1, w.a2, w.a3])
    return pledge


def opened(w):
    return services.open_for_signing(complete(w), None)


def signed(w):
    pledge = opened(w)
    sign_all(pledge, [w.a1, w.a2, w.a3])
    return pledge


def cell_kwargs(pledge, unit, code="KT01"):
    return {"pk": pledge.pk, "line_pk": pledge.lines.get(code=code).pk, "unit_pk": unit.pk}


def own_line(w):
    pledge = draft(w)
    line = services.add_line(pledge, PledgeLine(name="Chỉ tiêu riêng của cụm"))
    return {"pk": pledge.pk, "line_pk": line.pk}


def scanned(w):
    pledge = opened(w)
    signature = services.sign(pledge, w.a1.pk, None, signer_name="A", signer_position="B",
                              scan=SimpleUploadedFile("giao-uoc-da-ky.pdf", b"%PDF-1.4 signed copy"))
    return {"pk": pledge.pk, "signature_pk": signature.pk}


# The routes, with the status each persona gets (``tests.matrix.route``): officer is a1, leader of A;
# officer2 is a2, deputy of A; outsider is b1, leader of B.
ROUTES = [
    route("overview", "pledges:overview", kwargs=lambda w: {"year": 2024}, **everyone(OK)),
    route("overview-draft-plan", "pledges:overview", kwargs=lambda w: {"year": 2025},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("create", "pledges:create", method="post", kwargs=lambda w: {"group_pk": w.cluster_a.pk},
          **MANAGERS_POST),
    route("create-b", "pledges:create", method="post", kwargs=lambda w: {"group_pk": w.cluster_b.pk},
          city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=REDIRECT,
          no_unit=NOT_FOUND),
    route("detail", "pledges:detail", kwargs=lambda w: {"pk": draft(w).pk}, **SEEN_BY_GROUP),
    route("detail-missing", "pledges:detail", kwargs=lambda w: {"pk": 999999}, **everyone(NOT_FOUND)),
    route("completeness", "pledges:completeness", kwargs=lambda w: {"pk": draft(w).pk}, **SEEN_BY_GROUP),
    route("edit", "pledges:edit", kwargs=lambda w: {"pk": draft(w).pk}, **MANAGERS_GET),
    route("edit-open", "pledges:edit", kwargs=lambda w: {"pk": opened(w).pk},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("line-create", "pledges:line_create", kwargs=lambda w: {"pk": draft(w).pk},
          city=OK, viewer=FORBIDDEN, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("line-delete", "pledges:line_delete", method="post", kwargs=own_line, **MANAGERS_POST),
    route("cell-a1", "pledges:cell", method="post", kwargs=lambda w: cell_kwargs(draft(w), w.a1),
          data={"value": "5", "version": "0"},
          city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("cell-a2", "pledges:cell", method="post", kwargs=lambda w: cell_kwargs(draft(w), w.a2),
          data={"value": "5", "version": "0"},
          city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=REDIRECT, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("cell-not-a-member", "pledges:cell", method="post", kwargs=lambda w: cell_kwargs(draft(w), w.b1),
          data={"value": "5", "version": "0"},
          **everyone(NOT_FOUND)),
    route("cell-signed", "pledges:cell", method="post", kwargs=lambda w: cell_kwargs(signed(w), w.a1),
          data={"value": "5", "version": "1"},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("unit-targets", "pledges:unit_targets", kwargs=lambda w: {"pk": draft(w).pk, "unit_pk": w.a1.pk},
          **SEEN_BY_GROUP),
    route("unit-targets-post", "pledges:unit_targets", method="post",
          kwargs=lambda w: {"pk": draft(w).pk, "unit_pk": w.a1.pk},
          data=lambda w: {f"value-{line.pk}": "1" for line in PledgeLine.objects.filter(code="KT01")},
          city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("open", "pledges:open", method="post", kwargs=lambda w: {"pk": complete(w).pk}, **MANAGERS_POST),
    route("return", "pledges:return_to_draft", method="post", kwargs=lambda w: {"pk": opened(w).pk},
          **MANAGERS_POST),
    route("sign", "pledges:sign", kwargs=lambda w: {"pk": opened(w).pk},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("sign-draft", "pledges:sign", kwargs=lambda w: {"pk": draft(w).pk},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("scan", "pledges:scan", kwargs=scanned, **SEEN_BY_GROUP),
    route("amend", "pledges:amend", kwargs=lambda w: {"pk": signed(w).pk}, **MANAGERS_GET),
    route("amend-draft", "pledges:amend", kwargs=lambda w: {"pk": draft(w).pk},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("history", "pledges:history", kwargs=lambda w: {"pk": draft(w).pk}, **SEEN_BY_GROUP),
    route("template", "pledges:template", kwargs=lambda w: {"pk": draft(w).pk}, **CITY_ONLY_GET),
    route("import", "pledges:import", kwargs=lambda w: {"pk": draft(w).pk}, **CITY_ONLY_GET),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "pledges", pledge_urls.urlpatterns
)


# --- the grid ---------------------------------------------------------------------------------------------


def post_cell(client, pledge, unit, value, version=0, code="KT01", htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("pledges:cell", kwargs=cell_kwargs(pledge, unit, code)),
                       {"value": value, "version": str(version)}, headers=headers)


def test_officer_sees_inputs_only_in_own_column(pledge, world, officer):
    page = text(login(officer).get(reverse("pledges:detail", args=[pledge.pk])))
    assert len(re.findall(r"data-grid-input", page)) == 3  # three lines, one editable column
    assert f'id="cell-{pledge.lines.get(code="KT01").pk}-{world.a1.pk}"' in page
    assert "càng thấp càng tốt" in page  # XH01 is shown as lower-is-better


def test_city_staff_may_fill_any_member(pledge, officer, city):
    page = text(login(city).get(reverse("pledges:detail", args=[pledge.pk])))
    assert len(re.findall(r"data-grid-input", page)) == 9


def test_cell_saves_and_says_so(pledge, world, officer):
    response = post_cell(login(officer), pledge, world.a1, "1.234,5")
    assert response.status_code == 200
    assert "Đã lưu" in text(response) and 'value="1234,5"' in text(response)
    target = pledge.targets.get(unit=world.a1)
    assert (target.value, target.updated_by, target.version) == (Decimal("1234.5"), officer, 1)
    assert 'name="version" value="1"' in text(response)


def test_zero_is_saved(pledge, world, officer):
    response = post_cell(login(officer), pledge, world.a1, "0", code="XH01")
    assert response.status_code == 200
    assert pledge.targets.get(unit=world.a1, line__code="XH01").value == Decimal("0")


def test_bad_value_gets_a_vietnamese_message_and_changes_nothing(pledge, world, officer):
    fill(pledge, world.a1, {"KT01": "8"})
    response = post_cell(login(officer), pledge, world.a1, "tám", version=1)
    assert response.status_code == 422
    assert "không phải là một số" in text(response)
    assert 'value="tám"' in text(response)  # what was typed stays, to be corrected
    assert pledge.targets.get(unit=world.a1).value == Decimal("8")


def test_concurrent_saves_conflict_and_show_the_other_value(pledge, world, officer, city):
    """Officer and city staff both opened the grid before either saved (version 0)."""
    first = post_cell(login(city), pledge, world.a1, "7")
    assert first.status_code == 200
    second = post_cell(login(officer), pledge, world.a1, "9")
    assert second.status_code == 422
    page = text(second)
    assert "Nguyễn Lan" in page and "“7”" in page and "“9”" in page
    assert 'value="9"' in page and 'name="version" value="1"' in page  # saving again is a deliberate overwrite
    assert pledge.targets.get(unit=world.a1).value == Decimal("7")
    again = post_cell(login(officer), pledge, world.a1, "9", version=1)
    assert again.status_code == 200
    assert pledge.targets.get(unit=world.a1).value == Decimal("9")


def test_plain_post_without_javascript_goes_to_the_unit_form(pledge, world, officer):
    response = post_cell(login(officer), pledge, world.a1, "5", htmx=False)
    assert response["Location"] == reverse("pledges:unit_targets", args=[pledge.pk, world.a1.pk])
    assert pledge.targets.get(unit=world.a1).value == 5


def test_unit_form_saves_all_or_nothing(pledge, world, officer):
    lines = {line.code: line for line in pledge.lines.all()}
    client = login(officer)
    url = reverse("pledges:unit_targets", args=[pledge.pk, world.a1.pk])
    bad = {f"value-{lines['KT01'].pk}": "8,5", f"value-{lines['XH01'].pk}": "nhiều", f"value-{lines['CQ01'].pk}": "x"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "không phải là một số" in text(response)
    assert pledge.targets.count() == 0
    good = dict(bad, **{f"value-{lines['XH01'].pk}": "0"})
    response = client.post(url, good)
    assert response.status_code == 302
    assert {t.line.code: t.value for t in pledge.targets.select_related("line")} == {
        "KT01": Decimal("8.5"), "XH01": Decimal("0"), "CQ01": None}


def test_unit_form_conflict_saves_nothing(pledge, world, officer, city):
    lines = {line.code: line for line in pledge.lines.all()}
    url = reverse("pledges:unit_targets", args=[pledge.pk, world.a1.pk])
    fill(pledge, world.a1, {"KT01": "3"}, user=city)  # saved after the officer opened the form (version 0)
    response = login(officer).post(url, {
        f"value-{lines['KT01'].pk}": "8", f"version-{lines['KT01'].pk}": "0",
        f"value-{lines['XH01'].pk}": "2", f"version-{lines['XH01'].pk}": "0",
    })
    assert response.status_code == 200 and "“3”" in text(response)
    assert pledge.targets.get(line=lines["KT01"]).value == 3
    assert not pledge.targets.filter(line=lines["XH01"]).exists()


def test_officer_adds_an_own_line_only_for_own_unit(pledge, world, officer2):
    client = login(officer2)
    url = reverse("pledges:line_create", args=[pledge.pk])
    response = client.post(url, {"name": "Sáng kiến", "measure_unit": "sáng kiến", "direction": "higher",
                                 "unit": world.a3.pk})
    assert response.status_code == 200 and not pledge.lines.filter(name="Sáng kiến").exists()
    response = client.post(url, {"name": "Sáng kiến", "measure_unit": "sáng kiến", "direction": "higher",
                                 "unit": world.a2.pk})
    assert response.status_code == 302
    line = pledge.lines.get(name="Sáng kiến")
    assert (line.unit, line.code) == (world.a2, "R01")


def test_edit_conflict_is_refused(pledge, officer, city):
    url = reverse("pledges:edit", args=[pledge.pk])
    data = {"title": "Tên mới", "legal_bases": "", "purpose": "", "sign_place": "Đà Nẵng", "sign_date": "",
            "commitments": "Một\nHai", "revision": str(pledge.revision)}
    assert login(city).post(url, data).status_code == 302
    response = login(officer).post(url, dict(data, title="Tên khác"))
    assert response.status_code == 200 and "vừa được người khác sửa" in text(response)
    pledge.refresh_from_db()
    assert pledge.title == "Tên mới"
    assert [c.text for c in pledge.commitments.all()] == ["Một", "Hai"]


# --- signing ----------------------------------------------------------------------------------------------


def test_open_refused_until_everyone_is_complete(pledge, world, officer, members):
    fill_all(pledge, [world.a1, world.a2])
    response = login(officer).post(reverse("pledges:open", args=[pledge.pk]), follow=True)
    assert "Sở Xây dựng" in text(response)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


def test_each_officer_signs_for_own_unit_and_the_last_one_locks(world, officer, officer2, members):
    pledge = opened(world)
    response = login(officer2).post(reverse("pledges:sign", args=[pledge.pk]), {
        "signer_name": "Trần Thị Bình", "signer_position": "Giám đốc", "confirm": "on"})
    assert response.status_code == 302
    signature = pledge.signatures.get()
    assert (signature.unit, signature.signed_by, signature.signer_name) == (world.a2, officer2, "Trần Thị Bình")
    again = login(officer2).post(reverse("pledges:sign", args=[pledge.pk]), {
        "signer_name": "X", "signer_position": "Y", "confirm": "on"})
    assert again.status_code == 302 and pledge.signatures.count() == 1
    services.sign(pledge, world.a3.pk, None, signer_name="C", signer_position="Giám đốc")
    login(officer).post(reverse("pledges:sign", args=[pledge.pk]), {
        "signer_name": "Lê Văn An", "signer_position": "Giám đốc", "confirm": "on"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SIGNED
    page = text(login(officer).get(reverse("pledges:detail", args=[pledge.pk])))
    assert "data-grid-input" not in page and "Đã ký kết" in page
    assert_vietnamese_dates(page)


def test_sign_needs_the_confirmation_and_a_proper_scan(world, officer):
    pledge = opened(world)
    client = login(officer)
    url = reverse("pledges:sign", args=[pledge.pk])
    response = client.post(url, {"signer_name": "A", "signer_position": "B"})
    assert response.status_code == 200 and not pledge.signatures.exists()
    fake = SimpleUploadedFile("ky.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url, {"signer_name": "A", "signer_position": "B", "confirm": "on", "scan": fake})
    assert "chỉ nhận tệp PDF, JPG hoặc PNG" in text(response) and not pledge.signatures.exists()


def test_scan_is_downloaded_through_the_app(world, officer):
    kwargs = scanned(world)
    response = login(officer).get(reverse("pledges:scan", kwargs=kwargs))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed copy"


def test_signed_pledge_cannot_be_changed_by_any_view(world, city, officer, members):
    pledge = signed(world)
    before = sorted(pledge.targets.values_list("pk", "status", "value", "version"))
    client = login(city)
    for name, kwargs, data in [
        ("pledges:cell", cell_kwargs(pledge, world.a1), {"value": "1", "version": "1"}),
        ("pledges:unit_targets", {"pk": pledge.pk, "unit_pk": world.a1.pk}, {}),
        ("pledges:edit", {"pk": pledge.pk}, {"title": "X"}),
        ("pledges:line_create", {"pk": pledge.pk}, {"name": "X", "direction": "higher"}),
        ("pledges:import", {"pk": pledge.pk}, {}),
        ("pledges:line_delete", {"pk": pledge.pk, "line_pk": pledge.lines.first().pk}, {}),
    ]:
        assert client.post(reverse(name, kwargs=kwargs), data).status_code == 403, name
    assert client.post(reverse("pledges:open", args=[pledge.pk])).status_code == 302
    assert sorted(pledge.targets.values_list("pk", "status", "value", "version")) == before
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SIGNED


def test_signed_pledge_is_read_only_in_the_admin(world):
    pledge = signed(world)
    admin = make_user("root", is_superuser=True, is_staff=True)
    client = login(admin)
    target = pledge.targets.first()
    assert client.post(reverse("admin:pledges_target_change", args=[target.pk]), {"value": "1"}).status_code == 403
    assert client.post(reverse("admin:pledges_pledge_delete", args=[pledge.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk])).status_code == 200
    assert Pledge.objects.filter(pk=pledge.pk, status="signed").exists()


# --- amendments, history, overview ----------------------------------------------------------------------


def test_amend_shows_what_changed(world, officer, members):
    pledge = signed(world)
    client = login(officer)
    response = client.post(reverse("pledges:amend", args=[pledge.pk]), {"reason": "Điều chỉnh giữa năm"})
    new = Pledge.objects.get(group=world.cluster_a, version=2)
    assert response["Location"] == reverse("pledges:detail", args=[new.pk])
    assert post_cell(client, new, world.a1, "10", version=1).status_code == 200
    page = text(client.get(reverse("pledges:detail", args=[new.pk])))
    assert "Thay đổi so với phiên bản 1" in page and "Điều chỉnh giữa năm" in page
    assert "<del>8,5</del>" in page and "<ins>10</ins>" in page
    old_page = text(client.get(reverse("pledges:detail", args=[pledge.pk])))
    assert "Đây là phiên bản cũ" in old_page and "data-grid-input" not in old_page


def test_history_page_lists_changes(pledge, world, officer):
    client = login(officer)
    post_cell(client, pledge, world.a1, "8,5")
    post_cell(client, pledge, world.a1, "9", version=1)
    page = text(client.get(reverse("pledges:history", args=[pledge.pk])))
    assert page.count("Sở Kế hoạch và Đầu tư") >= 2
    assert re.search(r"<td>8,5</td>\s*<td>9</td>", page)
    assert_vietnamese_dates(page)


def test_overview_shows_who_is_awaited(world, city, viewer):
    pledge = opened(world)
    services.sign(pledge, world.a1.pk, None, signer_name="A", signer_position="B")
    page = text(login(viewer).get(reverse("pledges:overview", args=[2024])))
    assert "Chờ ký: Sở Tài chính, Sở Xây dựng" in page
    assert "1/3" in page
    assert "Chờ trưởng cụm, khối lập giao ước" in page  # cluster B has no pledge yet


def test_overview_lists_incomplete_members_of_a_draft(world, city):
    pledge = draft(world)
    fill(pledge, world.a1, COMPLETE)
    page = text(login(city).get(reverse("pledges:overview", args=[2024])))
    assert "Chờ nhập chỉ tiêu: Sở Tài chính, Sở Xây dựng" in page


def test_officer_of_another_group_sees_only_own_group_in_overview(world, outsider):
    draft(world)
    page = text(login(outsider).get(reverse("pledges:overview", args=[2024])))
    assert "Cụm thi đua các quận" in page and "Cụm thi đua các sở số 1" not in page


def test_group_page_offers_to_draft_the_pledge_to_the_leader_only(world, officer, officer2):
    url = reverse("groups:detail", args=[world.cluster_a.pk])
    assert "Lập dự thảo giao ước" in text(login(officer).get(url))
    assert "Lập dự thảo giao ước" not in text(login(officer2).get(url))


def test_group_pages_draft_form_carries_the_csrf_token(world, officer):
    """The pledge panel is an inclusion tag of pledges (groups import nothing above them): its form still posts."""
    page = login(officer).get(reverse("groups:detail", args=[world.cluster_a.pk])).content.decode()
    form = page[page.index(f'action="{reverse("pledges:create", args=[world.cluster_a.pk])}"'):]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_group_with_a_pledge_cannot_be_deleted(world, city):
    draft(world)
    response = login(city).post(reverse("groups:delete", args=[world.cluster_a.pk]), follow=True)
    assert "đã có giao ước" in text(response)
    assert Pledge.objects.filter(group=world.cluster_a).exists()


def test_signature_scan_of_another_pledge_is_404(world, officer):
    kwargs = scanned(world)
    other = services.create_pledge(world.cluster_b, None)
    response = login(officer).get(reverse("pledges:scan", kwargs={"pk": other.pk,
                                                                  "signature_pk": kwargs["signature_pk"]}))
    assert response.status_code == 404
    assert Signature.objects.filter(pk=kwargs["signature_pk"]).exists()


def test_history_can_be_narrowed_to_one_unit(pledge, world, city):
    fill(pledge, world.a1, {"KT01": "8,5"}, user=city)
    fill(pledge, world.a2, {"KT01": "7"}, user=city)
    url = reverse("pledges:history", args=[pledge.pk])
    page = text(login(city).get(url, {"unit": world.a2.pk}))
    assert "<td>7</td>" in page and "<td>8,5</td>" not in page


def test_saved_cell_refreshes_who_is_complete(pledge, world, officer, members):
    fill_all(pledge, [world.a2, world.a3])
    fill(pledge, world.a1, {"KT01": "1", "XH01": "2"})
    client = login(officer)
    response = post_cell(client, pledge, world.a1, "x", code="CQ01")
    assert response["HX-Trigger"] == "pledge-completeness"
    page = text(client.get(reverse("pledges:completeness", args=[pledge.pk]), headers={"HX-Request": "true"}))
    assert 'id="members" hx-swap-oob="true"' in page
    assert f'id="completeness-{world.a1.pk}"' in page and "3/3" in page
    button = re.search(r'<form[^>]*id="open-control".*?</form>', page, re.S).group(0)
    assert "disabled" not in button


def test_history_pages_keep_the_unit_it_is_narrowed_to():
    """The pager the history pages share: the pledge's log passes its unit filter on to the next and previous page."""
    page = Paginator(range(300), 100).get_page(2)
    html = render_to_string("includes/pagination.html", {"page": page, "page_query": "unit=7"})
    assert 'href="?unit=7&amp;page=1"' in html and 'href="?unit=7&amp;page=3"' in html
    assert 'href="?page=3"' in render_to_string("includes/pagination.html", {"page": page})
