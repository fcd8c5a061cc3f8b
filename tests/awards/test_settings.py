"""The meeting rules page (awards:settings): the quorum as a fraction and the elected base, saved by city staff
with a compare-and-set, read by leaders; the plan's repeat-leader rule shown with a link to the plan form.
Who gets what: tests/awards/test_permissions.py."""

import pytest
from django.urls import reverse

from awards.models import AwardSettings
from campaigns.models import RepeatLeaderRule

pytestmark = pytest.mark.django_db

URL = reverse("awards:settings", args=[2024])


def post(client, quorum="3/4", base="present", opened="2/3|members", url=URL):
    return client.post(url, {"quorum": quorum, "elected_base": base, "opened": opened})


def test_the_defaults_show_before_anything_is_saved(world, client_as):
    page = client_as("city").get(URL).content.decode()
    assert 'value="2/3"' in page
    assert "quá nửa tổng số thành viên của cụm, khối" in page
    assert not AwardSettings.objects.exists()  # a GET stores nothing


def test_city_staff_save_the_rules(world, client_as):
    client = client_as("city")
    response = post(client)
    assert response.status_code == 302 and response["Location"] == URL
    rules = AwardSettings.objects.get(campaign=world.c2024)
    assert (rules.quorum_numerator, rules.quorum_denominator, rules.elected_base) == (3, 4, "present")
    page = client.get(URL).content.decode()
    assert "Đã lưu quy định bình xét năm 2024." in page and 'value="3/4"' in page
    # Saved again from the page as it now reads.
    assert post(client, "1/2", "valid", opened="3/4|present").status_code == 302
    assert AwardSettings.objects.get().quorum_denominator == 2


@pytest.mark.parametrize(("quorum", "message"), [
    ("2:3", "Hãy nhập tỷ lệ dạng phân số, ví dụ 2/3."),
    ("", "Trường này là bắt buộc."),
    ("hai phần ba", "Hãy nhập tỷ lệ dạng phân số, ví dụ 2/3."),
    ("0/3", "Tử số phải lớn hơn 0 và không lớn hơn mẫu số; mẫu số không quá 100."),
    ("4/3", "Tử số phải lớn hơn 0 và không lớn hơn mẫu số; mẫu số không quá 100."),
    ("51/101", "Tử số phải lớn hơn 0 và không lớn hơn mẫu số; mẫu số không quá 100."),
])
def test_a_wrong_quorum_is_refused_and_nothing_changes(world, client_as, quorum, message):
    response = post(client_as("city"), quorum)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AwardSettings.objects.exists()


def test_an_unknown_elected_base_is_refused(world, client_as):
    response = post(client_as("city"), base="everyone")
    assert response.status_code == 422
    assert not AwardSettings.objects.exists()


def test_a_save_by_someone_else_meanwhile_is_not_overwritten(world, client_as):
    AwardSettings.objects.create(campaign=world.c2024, quorum_numerator=1, quorum_denominator=2,
                                 elected_base="valid")
    client = client_as("city")
    response = post(client, "3/4", "present", opened="2/3|members")  # opened before the other save
    assert response.status_code == 409
    page = response.content.decode()
    assert "Người khác vừa lưu quy định bình xét: túc số 1/2" in page
    assert 'value="3/4"' in page  # what this user typed is kept
    rules = AwardSettings.objects.get()
    assert (rules.quorum_numerator, rules.quorum_denominator) == (1, 2)
    # Saving again from that page overwrites knowingly.
    assert post(client, "3/4", "present", opened="1/2|valid").status_code == 302
    assert AwardSettings.objects.get().quorum_denominator == 4


def test_leaders_read_the_rules_without_a_form(world, client_as):
    AwardSettings.objects.create(campaign=world.c2024, quorum_numerator=3, quorum_denominator=4)
    page = client_as("viewer").get(URL).content.decode()
    assert "3/4 tổng số đơn vị thành viên" in page
    assert 'name="quorum"' not in page
    assert "Chỉ Ban Thi đua – Khen thưởng sửa được các quy định này." in page


def test_the_repeat_leader_rule_links_to_the_plan_form_of_a_draft(world, client_as):
    client = client_as("city")
    issued = client.get(URL).content.decode()
    assert "Được phép, có cảnh báo" in issued
    assert reverse("campaigns:edit", args=[2024]) not in issued  # an issued plan's form is closed
    world.c2025.repeat_leader_rule = RepeatLeaderRule.REFUSE
    world.c2025.save(update_fields=["repeat_leader_rule"])
    draft = client.get(reverse("awards:settings", args=[2025])).content.decode()
    assert "Không được phép" in draft
    assert reverse("campaigns:edit", args=[2025]) in draft


def test_the_registration_pages_link_to_the_rules(world, client_as):
    for persona in ("city", "viewer"):
        page = client_as(persona).get(reverse("awards:overview", args=[2024])).content.decode()
        assert URL in page
    assert URL in client_as("city").get(reverse("awards:titles", args=[2024])).content.decode()
    assert URL not in client_as("officer").get(reverse("awards:overview", args=[2024])).content.decode()


@pytest.mark.parametrize("persona", ["city", "viewer"])
def test_the_page_runs_a_fixed_number_of_queries(population, client_as, django_assert_max_num_queries, persona):
    client = client_as(persona)
    with django_assert_max_num_queries(4):  # session, user, plan, rules
        assert client.get(reverse("awards:settings", args=[population.campaign.year])).status_code == 200
