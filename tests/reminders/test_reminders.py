"""Every deadline in one list (reminders.deadlines) and the daily e-mails (send_reminders)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from evaluation import rounds
from pledges import services as pledge_services
from reminders.deadlines import due_items, for_user
from reminders.models import SentReminder
from tests.builders import FULL, fill_all, period_named, report_with, signed_pledge_of
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE, cluster_table, full_marks, sheet_of
from tests.factories import make_group, make_unit

pytestmark = pytest.mark.django_db


def titles(items, unit=None) -> list:
    return [(item.kind, item.title) for item in items if unit is None or item.unit_id == unit.pk]


def test_a_group_without_a_pledge_waits_on_its_leader_then_on_the_members(world, city):
    a = world.cluster_a
    assert titles(due_items(), world.a1) == [("pledge", "Lập dự thảo giao ước thi đua của Cụm thi đua các sở số 1")]
    assert titles(due_items(), world.a3) == []
    pledge = pledge_services.create_pledge(a, city)
    fill_all(pledge, [world.a1])
    assert titles(due_items(), world.a1) == []
    assert titles(due_items(), world.a3) == [("pledge", "Nhập chỉ tiêu giao ước thi đua của Cụm thi đua các sở số 1")]
    fill_all(pledge, [world.a2, world.a3])
    assert titles(due_items(), world.a1) == [("pledge", "Mở ký kết giao ước thi đua của Cụm thi đua các sở số 1")]
    pledge_services.open_for_signing(pledge, city)
    pledge_services.sign(pledge, world.a1.pk, None, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    signing = [item for item in due_items() if item.key.startswith(f"pledge:{a.pk}:")]
    assert sorted((item.unit_id, item.title) for item in signing) == [
        (world.a2.pk, "Ký giao ước thi đua của Cụm thi đua các sở số 1"),
        (world.a3.pk, "Ký giao ước thi đua của Cụm thi đua các sở số 1")]
    assert all(item.deadline == datetime.date(2024, 3, 31) for item in due_items() if item.kind == "pledge")


def test_reports_are_due_once_the_pledge_is_signed_until_submitted(world, city):
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    reports = [item for item in due_items({world.a2.pk}) if item.kind == "report"]
    assert [item.title for item in reports] == [
        "Nộp báo cáo tiến độ Quý I năm 2024", "Nộp báo cáo tiến độ 6 tháng năm 2024",
        "Nộp báo cáo tiến độ 9 tháng năm 2024", "Nộp báo cáo tiến độ Năm năm 2024"]
    assert reports[0].deadline == datetime.date(2024, 4, 10)
    report_with(period_named(world.c2024, "Quý I"), world.a2, city, FULL, submit=True)
    assert len([item for item in due_items({world.a2.pk}) if item.kind == "report"]) == 3


def test_self_scores_then_cross_scores_are_due(world, city, officer):
    cluster_table(world.c2024, city)
    evaluation = rounds.open_evaluation(world.cluster_a, city, SELF_DEADLINE, CROSS_DEADLINE)
    assert titles([i for i in due_items({world.a2.pk}) if i.kind.endswith("score")]) == [
        ("self_score", "Tự chấm điểm thi đua trong Cụm thi đua các sở số 1")]
    rounds.assign_scorers(evaluation, {world.a2.pk: world.a3.pk}, officer)
    full_marks(sheet_of(evaluation, world.a2))
    rounds.submit_self(sheet_of(evaluation, world.a2), None)
    scoring = [i for i in due_items({world.a3.pk}) if i.kind.endswith("score")]
    assert titles(scoring) == [("self_score", "Tự chấm điểm thi đua trong Cụm thi đua các sở số 1"),
                               ("cross_score", "Chấm chéo cho Sở Tài chính trong Cụm thi đua các sở số 1")]
    assert scoring[1].deadline == CROSS_DEADLINE


def test_an_officer_sees_only_its_units_items_and_others_none(world, officer, officer2, city, viewer):
    assert {item.unit_id for item in for_user(officer)} == {world.a1.pk}
    assert for_user(officer2) == [] and for_user(city) == [] and for_user(viewer) == []


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_takes_the_same_queries_whatever_the_size(world, city, size, django_assert_max_num_queries):
    units = [make_unit(f"R{size}{i:02d}", f"Phường thử {i:02d}") for i in range(size)]
    group = make_group(world.c2024, f"Cụm thử {size}", leader=units[0], members=units[1:])
    signed_pledge_of(group, units)
    with django_assert_max_num_queries(15):
        items = due_items()
    assert len([item for item in items if item.kind == "report" and item.key.endswith(f":{units[-1].pk}")]) == 4


# --- the daily e-mails ------------------------------------------------------------------------------------------

@pytest.fixture
def mailbox(world, officer, officer2):
    officer.email, officer2.email = "skhdt@danang.gov.vn", "stc@danang.gov.vn"
    officer.save()
    officer2.save()
    return world


def run(today: str, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today, *args, stdout=out)
    return out.getvalue()


def test_a_reminder_goes_three_days_before_and_once_after_the_deadline(mailbox):
    assert "Đã gửi 0 lời nhắc." in run("27/03/2024") and mail.outbox == []
    run("28/03/2024")  # three days before 31/03: the leader is to draft the pledge
    assert [m.to for m in mail.outbox] == [["skhdt@danang.gov.vn"]]
    assert mail.outbox[0].subject == "[Thi đua] Sắp đến hạn: Lập dự thảo giao ước thi đua của Cụm thi đua các sở số 1"
    assert "Lập dự thảo giao ước thi đua của Cụm thi đua các sở số 1: hạn 31/03/2024, còn 3 ngày." in mail.outbox[0].body
    run("29/03/2024")
    run("31/03/2024")
    assert len(mail.outbox) == 1  # each stage once
    run("01/04/2024")
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("[Thi đua] Quá hạn: ")
    assert ": quá hạn 1 ngày (hạn 31/03/2024)." in mail.outbox[1].body
    run("05/04/2024")
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2


def test_a_dry_run_sends_and_records_nothing(mailbox):
    out = run("28/03/2024", "--dry-run")
    assert "skhdt@danang.gov.vn: Lập dự thảo giao ước" in out
    assert mail.outbox == [] and not SentReminder.objects.exists()


def test_a_wrong_date_is_refused_in_vietnamese(mailbox):
    with pytest.raises(CommandError, match="không đúng dạng dd/mm/yyyy"):
        run("2024-03-28")


def test_a_deadline_is_worded_one_way_everywhere():
    from reminders.deadlines import Due

    item = Due("report", "k", 1, "Nộp báo cáo", datetime.date(2024, 3, 31), "/")
    assert [item.when(datetime.date(2024, 3, day)) for day in (28, 31)] == [
        "hạn 31/03/2024, còn 3 ngày", "hạn hôm nay (31/03/2024)"]
    assert item.when(datetime.date(2024, 4, 5)) == "quá hạn 5 ngày (hạn 31/03/2024)"


def test_the_officers_start_page_lists_its_units_items(world, client_as):
    from django.urls import reverse

    page = client_as("officer").get(reverse("home")).content.decode()
    assert 'id="todo"' in page and "Lập dự thảo giao ước thi đua của Cụm thi đua các sở số 1" in page
    assert "quá hạn" in page  # 31/03/2024 is long past
    other = client_as("officer2").get(reverse("home")).content.decode()
    assert 'id="todo"' in other and "Lập dự thảo giao ước" not in other
    assert 'id="todo"' not in client_as("city").get(reverse("home")).content.decode()


# --- registration (awards) --------------------------------------------------------------------------------------

def with_registration_deadline(world, day=datetime.date(2024, 3, 31)):
    from campaigns.models import Campaign

    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=day)
    world.c2024.refresh_from_db()


def test_every_member_registers_by_the_deadline_until_it_has_submitted(world, officer2):
    from tests.awards.states import draft_of, submitted_of

    assert [i for i in due_items() if i.kind == "registration"] == []  # a plan without a deadline asks nothing
    with_registration_deadline(world)
    due = [i for i in due_items() if i.kind == "registration"]
    assert sorted(i.unit_id for i in due) == sorted(u.pk for u in (world.a1, world.a2, world.a3, world.b1, world.b2))
    assert {(i.title, i.deadline) for i in due} == {("Đăng ký thi đua năm 2024", datetime.date(2024, 3, 31))}
    assert due[0].url == f"/awards/year/2024/unit/{due[0].unit_id}/"
    draft_of(world.c2024, world.a2, officer2)  # a draft is still due
    assert titles(due_items({world.a2.pk}), world.a2)[0] == ("registration", "Đăng ký thi đua năm 2024")
    submitted_of(world.c2024, world.a2, officer2)
    assert [i for i in due_items({world.a2.pk}) if i.kind == "registration"] == []
    assert titles(for_user(officer2)) == []


def test_the_registration_is_on_the_start_page_and_in_the_mails(mailbox, client_as):
    with_registration_deadline(mailbox, datetime.date(2024, 3, 25))
    page = client_as("officer2").get("/").content.decode()
    assert "Đăng ký thi đua năm 2024" in page and "/awards/year/2024/unit/" in page
    run("22/03/2024")
    assert sorted(m.subject for m in mail.outbox) == ["[Thi đua] Sắp đến hạn: Đăng ký thi đua năm 2024"] * 2
    assert "Đăng ký thi đua năm 2024: hạn 25/03/2024, còn 3 ngày." in mail.outbox[0].body
