"""A unit's registration: titles of the plan, saving with compare-and-set, submitting (late or on time), reopening,
and the Excel import (all or nothing)."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.models import RegisteredPerson, Registration, Title
from campaigns.models import Campaign
from campaigns.services import copy_campaign, create_campaign

from .states import draft_of, form_data, submitted_of, title, workbook

pytestmark = pytest.mark.django_db

COLLECTIVE = ["Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc", "Cờ thi đua của UBND thành phố",
              "Cờ thi đua của Chính phủ", "Bằng khen của Chủ tịch UBND thành phố"]


def page_url(w, unit=None):
    return reverse("awards:registration", args=[2024, (unit or w.a2).pk])


def names(campaign, scope):
    return list(Title.objects.filter(campaign=campaign, scope=scope).order_by("position").values_list("name", flat=True))


# --- titles ---------------------------------------------------------------------------------------------------

def test_a_new_plan_starts_with_the_usual_titles_and_its_registration_deadline(city):
    campaign = create_campaign(Campaign(year=2031, title="Kế hoạch 2031"), [], city)
    assert names(campaign, "collective") == COLLECTIVE
    assert names(campaign, "individual") == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert campaign.registration_deadline == datetime.date(2031, 3, 31)
    copy = copy_campaign(campaign, 2032, city)
    assert copy.registration_deadline == datetime.date(2032, 3, 31) and len(names(copy, "collective")) == 5


def test_city_staff_add_rename_reorder_and_remove_titles(world, city_client):
    url = reverse("awards:titles", args=[2024])
    assert city_client.post(url, {"name": "  Giấy khen  của Giám đốc ", "scope": "collective"}).status_code == 302
    added = title(world.c2024, "Giấy khen của Giám đốc")
    assert added.position == 6
    response = city_client.post(url, {"name": "giấy khen của giám đốc", "scope": "individual"})
    assert response.status_code == 422 and "Kế hoạch đã có danh hiệu “giấy khen của giám đốc”." in response.content.decode()
    city_client.post(reverse("awards:title_rename", args=[2024, added.pk]), {"name": "Giấy khen của Chủ tịch"})
    added.refresh_from_db()
    assert added.name == "Giấy khen của Chủ tịch"
    city_client.post(reverse("awards:title_move", args=[2024, added.pk]), {"direction": "up"})
    assert names(world.c2024, "collective")[4:] == ["Giấy khen của Chủ tịch", "Bằng khen của Chủ tịch UBND thành phố"]
    city_client.post(reverse("awards:title_move", args=[2024, title(world.c2024, COLLECTIVE[0]).pk]),
                     {"direction": "up"})
    assert names(world.c2024, "collective")[0] == COLLECTIVE[0]  # the first stays first
    city_client.post(reverse("awards:title_delete", args=[2024, added.pk]))
    assert not Title.objects.filter(pk=added.pk).exists()


def test_a_title_someone_registered_is_kept(world, city_client):
    draft_of(world.c2024, world.a2)
    used, person_title = title(world.c2024, "Tập thể lao động xuất sắc"), title(world.c2024, "Chiến sĩ thi đua cơ sở")
    response = city_client.post(reverse("awards:title_delete", args=[2024, used.pk]), follow=True)
    assert "đã có đơn vị hoặc cá nhân đăng ký, không xóa được" in response.content.decode()
    page = city_client.get(reverse("awards:titles", args=[2024])).content.decode()
    assert "Đang dùng" in page and "1 đơn vị" in page and "1 người" in page
    with pytest.raises(ValidationError):
        services.delete_title(person_title)
    with pytest.raises(ProtectedError):  # the database keeps it too
        used.delete()
    assert Title.objects.filter(pk__in=[used.pk, person_title.pk]).count() == 2


# --- saving ---------------------------------------------------------------------------------------------------

def test_opening_the_page_stores_nothing_and_the_first_save_creates_the_registration(world, client_as):
    client = client_as("officer2")
    page = client.get(page_url(world))
    assert page.status_code == 200 and "Chưa đăng ký" in page.content.decode()
    assert "Bản đăng ký chưa được lưu." not in page.content.decode()
    assert not Registration.objects.exists()
    people = [("Nguyễn Thị Thu Hà", "Phó Giám đốc Sở", "Chiến sĩ thi đua cơ sở"),
              ("Trần Văn Bình", "", "Lao động tiên tiến")]
    response = client.post(page_url(world), form_data(world.c2024, titles=COLLECTIVE[:2], people=people))
    assert response.status_code == 302
    registration = Registration.objects.get(campaign=world.c2024, unit=world.a2)
    assert registration.is_draft and registration.version == 1
    assert sorted(registration.titles.values_list("name", flat=True)) == sorted(COLLECTIVE[:2])
    assert [(p.row, p.full_name, p.position, p.title.name) for p in registration.people.select_related("title")] == [
        (1, "Nguyễn Thị Thu Hà", "Phó Giám đốc Sở", "Chiến sĩ thi đua cơ sở"), (2, "Trần Văn Bình", "", "Lao động tiên tiến")]
    assert "Đang soạn" in client.get(page_url(world)).content.decode()


def test_a_row_with_a_name_needs_a_title_and_a_title_needs_a_name(world, client_as):
    data = form_data(world.c2024)
    data.update({"people-TOTAL_FORMS": 2, "people-0-full_name": "Lê Văn Cường", "people-1-position": "Kế toán",
                 "people-1-title": title(world.c2024, "Lao động tiên tiến").pk})
    response = client_as("officer2").post(page_url(world), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Cần chọn danh hiệu đăng ký." in page and "Cần nhập họ và tên." in page
    assert "Bản đăng ký chưa được lưu." in page
    assert not Registration.objects.exists()


def test_a_collective_title_cannot_be_given_to_a_person(world, officer2):
    with pytest.raises(ValidationError, match="Danh hiệu cá nhân không thuộc kế hoạch này"):
        services.save_registration(world.c2024, world.a2, officer2, version=0, title_ids=[], people=[
            services.PersonRow("Phạm Thị Dung", "", title(world.c2024, COLLECTIVE[0]).pk)])


def test_a_save_over_someone_elses_is_refused_with_their_list_then_overwrites_knowingly(world, client_as, officer2):
    client = client_as("officer2")
    stale = form_data(world.c2024, version=0, people=[("Võ Thị Én", "Chuyên viên", "Lao động tiên tiến")])
    draft_of(world.c2024, world.a2, officer2)  # another officer of the unit saved first (version 1)
    response = client.post(page_url(world), stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Bản đăng ký vừa được người khác lưu trong lúc bạn đang sửa." in page
    assert "Nguyễn Thị Thu Hà (Chiến sĩ thi đua cơ sở)" in page  # what the other saved
    assert 'value="Võ Thị Én"' in page  # what this user typed is kept
    assert list(RegisteredPerson.objects.values_list("full_name", flat=True)) == ["Nguyễn Thị Thu Hà"]
    again = dict(stale, version=response.context["form"]["version"].value())
    assert client.post(page_url(world), again).status_code == 302
    assert list(RegisteredPerson.objects.values_list("full_name", flat=True)) == ["Võ Thị Én"]


# --- submitting and reopening -------------------------------------------------------------------------------

def test_submitting_before_the_deadline_is_on_time_after_it_late(world, client_as):
    client = client_as("officer2")
    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=datetime.date(2099, 3, 31))
    registration = draft_of(world.c2024, world.a2)
    response = client.post(reverse("awards:submit", args=[2024, world.a2.pk]), {"version": registration.version},
                           follow=True)
    assert "Đã nộp bản đăng ký thi đua." in response.content.decode()
    registration.refresh_from_db()
    assert registration.is_submitted and not registration.is_late
    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=datetime.date(2024, 3, 31))
    late = draft_of(world.c2024, world.a3)
    response = client_as_unit(world.a3).post(reverse("awards:submit", args=[2024, world.a3.pk]),
                                             {"version": late.version}, follow=True)
    page = response.content.decode()
    assert "Đã nộp bản đăng ký sau hạn 31/03/2024: bản đăng ký được ghi nhận là nộp muộn." in page
    assert "Nộp muộn" in page
    late.refresh_from_db()
    assert late.is_late and late.submitted_by.unit_id == world.a3.pk


def client_as_unit(unit):
    from tests.factories import login, make_user
    return login(make_user(f"officer-{unit.code}", unit=unit))


def test_nothing_to_submit_is_refused_in_vietnamese(world, client_as, officer2):
    response = client_as("officer2").post(reverse("awards:submit", args=[2024, world.a2.pk]), {"version": 0},
                                          follow=True)
    assert "Chưa đăng ký danh hiệu tập thể hay cá nhân nào" in response.content.decode()
    empty = draft_of(world.c2024, world.a2, officer2, people=(), titles=())
    with pytest.raises(ValidationError, match="Chưa đăng ký danh hiệu"):
        services.submit(empty, officer2, version=empty.version)


def test_a_submitted_registration_is_read_only_until_city_staff_reopen_it(world, client_as, city, officer2):
    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=datetime.date(2024, 3, 31))
    registration = submitted_of(world.c2024, world.a2, officer2, on=datetime.date(2024, 3, 20))
    officer = client_as("officer2")
    page = officer.get(page_url(world)).content.decode()
    assert "Đã nộp" in page and 'id="registration-form"' not in page and "người nộp: officer2." in page
    assert officer.post(page_url(world), form_data(world.c2024, version=registration.version)).status_code == 403
    city_client = client_as("city")
    assert 'id="reopen"' in city_client.get(page_url(world)).content.decode()
    response = city_client.post(reverse("awards:reopen", args=[2024, world.a2.pk]), {"reason": " "}, follow=True)
    assert "Cần nhập lý do mở lại." in response.content.decode()
    city_client.post(reverse("awards:reopen", args=[2024, world.a2.pk]), {"reason": "Bổ sung Chiến sĩ thi đua"})
    registration.refresh_from_db()
    assert registration.is_draft and registration.reopened_by == city
    assert registration.reopen_reason == "Bổ sung Chiến sĩ thi đua"
    page = officer.get(page_url(world)).content.decode()
    assert 'id="registration-form"' in page and "Lý do: Bổ sung Chiến sĩ thi đua" in page
    # Sent again today (long after 31/03/2024): the first submission, on time, decides.
    registration = services.submit(registration, officer2, version=registration.version)
    assert registration.is_submitted and not registration.is_late


def test_a_closed_plan_refuses_changes(world, officer2):
    Campaign.objects.filter(pk=world.c2024.pk).update(status=Campaign.Status.CLOSED)
    world.c2024.refresh_from_db()
    with pytest.raises(ValidationError, match="không ở trạng thái đang phát động"):
        draft_of(world.c2024, world.a2, officer2)


# --- Excel ----------------------------------------------------------------------------------------------------

def test_the_import_replaces_the_people_and_keeps_the_titles(world, client_as, officer2):
    registration = draft_of(world.c2024, world.a2, officer2)
    upload = workbook([(1, "Đặng Thị Hồng Nhung", "Trưởng phòng Kế hoạch – Tài chính", "lao động  tiên tiến"),
                       (None, None, None, None),
                       (2, "Hoàng Văn Khải", None, "Chiến sỹ thi đua cơ sở")])
    response = client_as("officer2").post(reverse("awards:import", args=[2024, world.a2.pk]),
                                          {"version": registration.version, "file": upload}, follow=True)
    assert "Đã nhập 2 cá nhân từ tệp Excel." in response.content.decode()
    registration.refresh_from_db()
    assert [(p.full_name, p.position, p.title.name) for p in registration.people.select_related("title")] == [
        ("Đặng Thị Hồng Nhung", "Trưởng phòng Kế hoạch – Tài chính", "Lao động tiên tiến"),
        ("Hoàng Văn Khải", "", "Chiến sĩ thi đua cơ sở")]
    assert list(registration.titles.values_list("name", flat=True)) == ["Tập thể lao động xuất sắc"]


def test_an_import_with_wrong_rows_writes_nothing_and_lists_every_row(world, client_as, officer2):
    registration = draft_of(world.c2024, world.a2, officer2)
    upload = workbook([(1, "Ngô Thị Lan", "Chuyên viên", "Lao động tiên tiến"),
                       (2, None, "Kế toán", "Lao động tiên tiến"),
                       (3, "Bùi Văn Minh", "", "Tập thể lao động xuất sắc"),
                       (4, "Lý Thị Ngọc", "", None)])
    response = client_as("officer2").post(reverse("awards:import", args=[2024, world.a2.pk]),
                                          {"version": registration.version, "file": upload})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Tệp có 3 dòng lỗi, chưa ghi gì:" in page
    assert "Dòng 3: Thiếu họ và tên." in page
    assert ("Dòng 4: Danh hiệu “Tập thể lao động xuất sắc” không phải là danh hiệu cá nhân của kế hoạch (có: Lao "
            "động tiên tiến, Chiến sĩ thi đua cơ sở).") in page
    assert "Dòng 5: Thiếu danh hiệu đăng ký." in page
    assert list(RegisteredPerson.objects.values_list("full_name", flat=True)) == ["Nguyễn Thị Thu Hà"]


def test_a_file_that_is_not_a_workbook_or_lacks_a_column_is_refused(world, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("officer2")
    url = reverse("awards:import", args=[2024, world.a2.pk])
    response = client.post(url, {"version": 0, "file": SimpleUploadedFile("ds.xlsx", b"not a zip")})
    assert response.status_code == 422
    assert "Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng" in response.content.decode()
    response = client.post(url, {"version": 0, "file": workbook([("A", "B")], headers=("Họ và tên", "Chức vụ"))})
    assert response.status_code == 422 and "Danh hiệu đăng ký" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_template_holds_the_saved_people_as_text(world, client_as, officer2):
    draft_of(world.c2024, world.a2, officer2, people=(("=HYPERLINK(\"x\")", "+Phó phòng", "Lao động tiên tiến"),))
    response = client_as("officer").get(reverse("awards:template", args=[2024, world.a2.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('dang-ky-thi-dua-stc-2024.xlsx"')
    wb = load_workbook(BytesIO(response.content))
    ws = wb["Cá nhân đăng ký"]
    assert [c.value for c in ws[1]] == ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"]
    assert [c.value for c in ws[2]] == [1, "=HYPERLINK(\"x\")", "+Phó phòng", "Lao động tiên tiến"]
    assert ws["B2"].data_type == "s" and ws["C2"].data_type == "s"
    assert "   – Chiến sĩ thi đua cơ sở" in [row[0].value for row in wb["Hướng dẫn"].iter_rows()]
    # The template, filled back unchanged, imports.
    from django.core.files.uploadedfile import SimpleUploadedFile
    result = client_as("officer2").post(reverse("awards:import", args=[2024, world.a2.pk]), {
        "version": Registration.objects.get().version,
        "file": SimpleUploadedFile("t.xlsx", response.content)}, follow=True)
    assert "Đã nhập 1 cá nhân từ tệp Excel." in result.content.decode()


def test_a_registration_sent_and_reopened_by_accounts_since_deleted_still_shows(world, client_as, city):
    registration = submitted_of(world.c2024, world.a2, user=None)
    registration = services.reopen(registration, None, "Bổ sung")
    services.submit(registration, None, version=registration.version)
    page = client_as("city").get(page_url(world)).content.decode()
    assert "người nộp" not in page and "Ban Thi đua – Khen thưởng đã mở lại bản đăng ký lúc" in page


def test_the_admin_shows_registrations_and_changes_nothing(world, officer2):
    from django.test import Client

    from tests.factories import make_user

    registration = draft_of(world.c2024, world.a2, officer2)
    admin = make_user("root", role="city_staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    url = reverse("admin:awards_registration_change", args=[registration.pk])
    assert "Nguyễn Thị Thu Hà" in client.get(url).content.decode()
    client.post(url, {"status": "submitted"})
    registration.refresh_from_db()
    assert registration.is_draft
    assert client.get(reverse("admin:awards_title_changelist")).status_code == 200


def test_registrations_visible_to_each_persona(world, city, viewer, officer, officer2, outsider, no_unit):
    for unit in (world.a1, world.a2, world.a3, world.b1, world.b2):
        draft_of(world.c2024, unit)

    def seen(user):
        return sorted(Registration.objects.visible_to(user).values_list("unit__code", flat=True))

    everyone = sorted(["SKHDT", "STC", "SXD", "QHC", "QST"])
    assert seen(city) == everyone and seen(viewer) == everyone
    assert seen(officer) == sorted(["SKHDT", "STC", "SXD"])  # the leader reads its group's
    assert seen(officer2) == ["STC"] and seen(outsider) == sorted(["QHC", "QST"]) and seen(no_unit) == []

