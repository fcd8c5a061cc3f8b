"""A signed pledge keeps what was signed: its members with their roles, codes and names as they were when it was
opened for signing, and who signed. Changing the group, renaming a unit or deleting a signer's account changes
nothing of it (the pledge page, its PDF, its workbook)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from exports.documents import pledge_context
from exports.pdf import render_html
from exports.workbooks import pledge_workbook
from groups.models import Membership
from groups.services import save_group
from pledges import services
from pledges.models import Pledge, Signature
from tests.builders import fill_all, sign_all
from tests.factories import login, make_user
from units.models import Unit

pytestmark = pytest.mark.django_db

FROZEN = "đang ký kết hoặc đã ký kết"


def pledge_html(pledge) -> str:
    """The pledge's PDF as the HTML WeasyPrint lays out, no-break spaces (inside words of names) read as spaces."""
    return render_html("exports/pdf/pledge.html", pledge_context(pledge)).replace("\xa0", " ")


def roles(group) -> dict[int, str]:
    return dict(group.memberships.values_list("unit_id", "role"))


def page(pledge, user) -> str:
    return login(user).get(reverse("pledges:detail", args=[pledge.pk])).content.decode()


def workbook_text(pledge) -> str:
    wb = load_workbook(io.BytesIO(pledge_workbook(pledge)), read_only=True)
    return " ".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)


def group_post(group, leader, members, deputy=None):
    return {"name": group.name, "kind": group.kind, "description": "", "members": [u.pk for u in members],
            "leader": leader.pk, "deputy": deputy.pk if deputy else ""}


# --- removing (or adding) a member ---------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["open_pledge", "signed_pledge"])
def test_members_of_a_group_cannot_change_once_its_pledge_is_open_or_signed(request, fixture, world):
    request.getfixturevalue(fixture)
    group = world.cluster_a
    before = roles(group)
    for new_roles in [
        {world.a1.pk: "leader", world.a2.pk: "deputy"},                                   # a3 removed
        {**before, world.loner.pk: "member"},                                             # a unit added
        {world.a1.pk: "deputy", world.a2.pk: "leader", world.a3.pk: "member"},            # roles swapped
    ]:
        with pytest.raises(ValidationError, match=FROZEN):
            save_group(group, new_roles)
    assert roles(group) == before
    with pytest.raises(ValidationError, match=FROZEN):
        group.memberships.get(unit=world.a3).delete()
    with pytest.raises(ValidationError, match=FROZEN):
        Membership(group=group, unit=world.loner).save()
    assert roles(group) == before


def test_the_group_form_says_why_and_changes_nothing(signed_pledge, world, city):
    group = world.cluster_a
    before = roles(group)
    response = login(city).post(reverse("groups:edit", args=[group.pk]),
                                group_post(group, world.a1, [world.a1, world.a2], deputy=world.a2))
    assert response.status_code == 200
    assert FROZEN in response.content.decode() and "bản sửa đổi" in response.content.decode()
    assert roles(group) == before
    # The name and the description of the group may still change.
    response = login(city).post(reverse("groups:edit", args=[group.pk]),
                                dict(group_post(group, world.a1, [world.a1, world.a2, world.a3], deputy=world.a2),
                                     description="Ghi chú mới"))
    assert response.status_code == 302


def test_a_member_leaves_through_an_amendment_and_the_signed_version_keeps_it(signed_pledge, world, city):
    amendment = services.amend(signed_pledge, city, "Sở Xây dựng chuyển sang cụm khác")
    save_group(world.cluster_a, {world.a1.pk: "leader", world.a2.pk: "deputy"})  # the amendment is a draft
    assert [m.unit_id for m in services.pledge_members(amendment)] == [world.a1.pk, world.a2.pk]
    assert [m.unit_id for m in services.pledge_members(signed_pledge)] == [world.a1.pk, world.a2.pk, world.a3.pk]
    assert "Sở Xây dựng" in page(signed_pledge, city)
    assert "SỞ XÂY DỰNG" in pledge_html(signed_pledge)
    assert "Sở Xây dựng" in workbook_text(signed_pledge)


def test_a_pledge_sent_back_to_draft_follows_the_group_again(open_pledge, world, city):
    services.return_to_draft(open_pledge, city)
    save_group(world.cluster_a, {world.a1.pk: "leader", world.a2.pk: "deputy"})
    open_pledge.refresh_from_db()
    assert [m.unit_id for m in services.pledge_members(open_pledge)] == [world.a1.pk, world.a2.pk]


# --- renaming a unit ------------------------------------------------------------------------------------


def test_renaming_a_unit_does_not_rename_it_in_the_signed_pledge(signed_pledge, world, city):
    Unit.objects.filter(pk=world.a3.pk).update(name="Sở Xây dựng và Quy hoạch", code="SXDQH", short_name="XD-QH")
    shown = page(signed_pledge, city)
    assert "Sở Xây dựng<" in shown or "Sở Xây dựng " in shown
    assert "Quy hoạch" not in shown and "XD-QH" not in shown
    pdf = pledge_html(signed_pledge)
    assert "SỞ XÂY DỰNG" in pdf and "QUY HOẠCH" not in pdf and "XD-QH" not in pdf
    workbook = workbook_text(signed_pledge)
    assert "Sở Xây dựng" in workbook and "SXD" in workbook
    assert "Quy hoạch" not in workbook and "SXDQH" not in workbook


def test_a_draft_shows_the_unit_s_current_name(pledge, world, city):
    Unit.objects.filter(pk=world.a3.pk).update(name="Sở Xây dựng và Quy hoạch")
    assert "Sở Xây dựng và Quy hoạch" in page(pledge, city)


def test_the_snapshot_is_taken_when_the_pledge_is_opened(pledge, world, members):
    fill_all(pledge, members)
    services.open_for_signing(pledge, None)
    Unit.objects.filter(pk=world.a3.pk).update(name="Tên mới")
    sign_all(pledge, members)
    pledge.refresh_from_db()
    assert pledge.is_signed
    assert [(m.unit.code, m.unit.name, m.role) for m in services.pledge_members(pledge)] == [
        ("SKHDT", "Sở Kế hoạch và Đầu tư", "leader"), ("STC", "Sở Tài chính", "deputy"),
        ("SXD", "Sở Xây dựng", "member")]


# --- deleting the user who signed -----------------------------------------------------------------------


@pytest.fixture
def signer(world, open_pledge, members):
    user = make_user("signer", unit=world.a1)
    services.sign(open_pledge, world.a1.pk, user, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    sign_all(open_pledge, members[1:])
    return user


def test_a_user_who_signed_cannot_be_deleted(signer, open_pledge):
    with pytest.raises(ProtectedError):
        signer.delete()
    assert Signature.objects.get(pledge=open_pledge, signed_by__isnull=False).signed_by == signer


def test_the_admin_offers_deactivation_instead_of_deleting_a_signer(signer, open_pledge):
    admin = login(make_user("root", is_superuser=True, is_staff=True))
    url = reverse("admin:accounts_user_delete", args=[signer.pk])
    for response in [admin.get(url, follow=True), admin.post(url, {"post": "yes"}, follow=True)]:
        assert response.status_code == 200
        shown = response.content.decode()
        assert "đã ký giao ước" in shown and "Đang hoạt động" in shown
    assert User.objects.filter(pk=signer.pk).exists()
    assert Pledge.objects.get(pk=open_pledge.pk).signatures.filter(signed_by=signer).exists()


def test_the_admin_still_deletes_a_user_who_signed_nothing(world):
    admin = login(make_user("root", is_superuser=True, is_staff=True))
    user = make_user("temp", unit=world.a1)
    response = admin.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_admin_shows_the_members_of_a_signed_group_read_only(signed_pledge, world):
    admin = login(make_user("root", is_superuser=True, is_staff=True))
    group = world.cluster_a
    before = roles(group)
    url = reverse("admin:groups_group_change", args=[group.pk])
    response = admin.get(url)
    assert response.status_code == 200
    assert 'name="memberships-0-DELETE"' not in response.content.decode()
    response = admin.post(url, {"campaign": group.campaign_id, "kind": group.kind, "name": group.name,
                                "description": "", "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
                                "memberships-0-id": group.memberships.get(unit=world.a3).pk,
                                "memberships-0-group": group.pk, "memberships-0-DELETE": "on"})
    assert response.status_code in (200, 302)
    assert roles(group) == before
    assert admin.get(reverse("admin:pledges_pledge_change", args=[signed_pledge.pk])).status_code == 200


def test_the_pledge_page_says_who_signed_in_whose_stead(client_as, world, city):
    """A deputy signing for the head reads "KT. GIÁM ĐỐC – Phó Giám đốc …"; the head alone reads its position."""
    from django.urls import reverse

    from pledges import services
    from tests.builders import fill_all

    pledge = services.create_pledge(world.cluster_a, city)
    fill_all(pledge, [world.a1, world.a2, world.a3])
    services.open_for_signing(pledge, city)
    services.sign(pledge, world.a2.pk, None, signer_name="Trần Văn Bình", signer_position="Phó Giám đốc",
                  signer_capacity="KT. GIÁM ĐỐC")
    services.sign(pledge, world.a3.pk, None, signer_name="Lê Thị Cúc", signer_position="Giám đốc")
    page = client_as("city").get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Đã ký: KT. GIÁM ĐỐC – Phó Giám đốc Trần Văn Bình" in page
    assert "Đã ký: Giám đốc Lê Thị Cúc" in page
