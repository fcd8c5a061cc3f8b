"""The city's list of award proposals per title: scores, votes, registration, eligibility and quota problems, the
proposals city staff add by hand, the title rules, and the council's decisions feeding the award register.

World (tests/conftest.py): the 2024 plan; cluster A = a1 (leader, ``officer``), a2 (deputy), a3; cluster B = b1
(leader, ``outsider``), b2. Titles are the defaults (city flag: HTXS, 1 per group; Government flag: HTXS, 20 % of
the groups, city flag the year before; Bằng khen: HTT, 30 % of the members)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import proposals as rules
from awards.models import AwardRecord, Proposal, Title
from tests.factories import make_group, make_unit

from .states import code_title, minutes_of, proposed, published_results, registered

pytestmark = pytest.mark.django_db

CITY_FLAG = "Cờ thi đua của UBND thành phố"
MERIT = "Bằng khen của Chủ tịch UBND thành phố"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def list_url(title=None):
    url = reverse("awards:proposals", args=[2024])
    return url + (f"?title={title.pk}" if title else "")


def decide_url(proposal):
    return reverse("awards:proposal_decide", args=[2024, proposal.pk])


@pytest.fixture
def cluster_a_results(world):
    return published_results(world.c2024, world.cluster_a, [
        (world.a1, "95.5", "htxs", 1), (world.a2, "88", "htt", 2), (world.a3, "70", "ht", 3)])


@pytest.fixture
def flag_proposals(world, cluster_a_results):
    """a1 voted by cluster A (registered, HTXS); b1 voted by cluster B (not registered, no published result)."""
    registered(world.c2024, world.a1, "city_flag")
    a1 = proposed(world.c2024, "city_flag", world.a1, votes=3, valid=3, meeting=minutes_of(world.cluster_a))
    b1 = proposed(world.c2024, "city_flag", world.b1, votes=1, valid=2, meeting=minutes_of(world.cluster_b),
                  reason="Dẫn đầu cụm ba năm liền")
    return a1, b1


def rows_of(campaign, code):
    (title_list,) = rules.title_lists(campaign, [code_title(campaign, code)])
    return {row.unit.code: row for row in title_list.rows}, title_list


# --- the list ------------------------------------------------------------------------------------------------


def test_the_list_shows_score_class_rank_votes_registration_problems_and_documents(world, city_client,
                                                                                    flag_proposals,
                                                                                    cluster_a_results):
    response = city_client.get(list_url(code_title(world.c2024, "city_flag")))
    assert response.status_code == 200
    page = text(response)
    for words in ("Sở Kế hoạch và Đầu tư", "Cụm thi đua các sở số 1", "95,50", "Hoàn thành xuất sắc",
                  "3/3 phiếu hợp lệ", "Có đăng ký", "Đủ điều kiện", "Quận Hải Châu", "1/2 phiếu hợp lệ",
                  "Không đăng ký", "Lý do: Dẫn đầu cụm ba năm liền",
                  "Chưa có kết quả chấm điểm năm 2024.",
                  f"Không đăng ký danh hiệu {CITY_FLAG} đầu năm.", "Chờ Hội đồng xét"):
        assert words in page, words
    html = response.content.decode()
    sheet = cluster_a_results.sheets.get(unit=world.a1)
    assert f"{reverse('exports:download', kwargs={'kind': 'sheet_pdf'})}?sheet={sheet.pk}" in html
    assert reverse("evaluation:results", args=[world.cluster_a.pk]) in html
    assert reverse("awards:register", args=[world.a1.pk]) in html
    # The tabs: every collective title with its count; the chosen one marked.
    assert f'?title={code_title(world.c2024, "city_flag").pk}" aria-current="page">{CITY_FLAG} (2)' in html


def test_without_a_title_the_first_title_with_proposals_is_shown(world, viewer, client_as, flag_proposals):
    response = client_as("viewer").get(list_url())
    assert response.context["chosen"] == code_title(world.c2024, "city_flag")
    assert "decision-form" not in response.content.decode()  # leaders read, only city staff record
    assert "Chờ Hội đồng xét" in text(response)


def test_a_list_without_proposals_says_so(world, city_client):
    response = city_client.get(list_url(code_title(world.c2024, "merit")))
    assert "Chưa có đề nghị nào cho danh hiệu này." in text(response)


# --- eligibility -----------------------------------------------------------------------------------------------


def test_class_below_the_titles_minimum_is_a_problem(world, cluster_a_results):
    proposed(world.c2024, "city_flag", world.a2, votes=2, valid=3)
    rows, _ = rows_of(world.c2024, "city_flag")
    assert rows["STC"].problems == ["Xếp loại Hoàn thành tốt, danh hiệu cần Hoàn thành xuất sắc trở lên.",
                                    f"Không đăng ký danh hiệu {CITY_FLAG} đầu năm."]
    assert (rows["STC"].total, rows["STC"].grade, rows["STC"].rank) == (Decimal("88.00"), "htt", 2)


def test_an_unpublished_evaluation_gives_no_result(world):
    from tests.evaluation import states as evaluation_states

    evaluation_states.both_rounds(world)  # cluster A scored, not published
    registered(world.c2024, world.a1, "city_flag")
    proposed(world.c2024, "city_flag", world.a1)
    rows, _ = rows_of(world.c2024, "city_flag")
    assert rows["SKHDT"].problems == ["Chưa có kết quả chấm điểm năm 2024."]
    assert rows["SKHDT"].total is None


def test_the_government_flag_needs_last_years_city_flag_in_the_register(world, cluster_a_results):
    registered(world.c2024, world.a1, "government_flag")
    proposed(world.c2024, "government_flag", world.a1, reason="Dẫn đầu thành phố")
    rows, _ = rows_of(world.c2024, "government_flag")
    assert rows["SKHDT"].problems == ["Chưa nhận Cờ thi đua của UBND thành phố năm 2023."]
    AwardRecord.objects.create(unit=world.a1, year=2023, title_name=CITY_FLAG, title_code="city_flag")
    rows, _ = rows_of(world.c2024, "government_flag")
    assert rows["SKHDT"].problems == []


def test_a_title_without_rules_checks_only_the_registration(world):
    title = Title.objects.create(campaign=world.c2024, name="Giấy khen", scope="collective", position=9)
    Proposal.objects.create(campaign=world.c2024, title=title, unit=world.a3, group=world.cluster_a)
    (title_list,) = rules.title_lists(world.c2024, [title])
    assert title_list.rows[0].problems == ["Không đăng ký danh hiệu Giấy khen đầu năm."]
    assert title_list.quota_problems == []


# --- quotas ------------------------------------------------------------------------------------------------------


@pytest.fixture
def economic_bloc(world):
    """"Khối các sở kinh tế": eight members."""
    units = [make_unit(f"KT{i}", f"Sở kinh tế {i}") for i in range(8)]
    return make_group(world.c2024, "Khối các sở kinh tế", kind="bloc", leader=units[0], members=units[1:])


def test_the_share_of_members_names_the_group_the_count_the_limit_and_the_excess(world, economic_bloc, city_client):
    members = [m.unit for m in economic_bloc.memberships.order_by("unit__code")]
    for unit in members[:3]:
        proposed(world.c2024, "merit", unit, votes=5, valid=8)
    rows, title_list = rows_of(world.c2024, "merit")
    message = f"Khối các sở kinh tế: 3 đề nghị {MERIT}, tối đa 2 (30 % của 8 thành viên) — vượt 1."
    assert title_list.quota_problems == [message]
    assert all(row.quota_problems == [message] for row in rows.values())
    page = text(city_client.get(list_url(code_title(world.c2024, "merit"))))
    assert "3 đề nghị vượt chỉ tiêu" in page and message in page


def test_at_most_one_city_flag_per_group_and_a_rejected_one_takes_no_place(world, cluster_a_results):
    first = proposed(world.c2024, "city_flag", world.a1)
    proposed(world.c2024, "city_flag", world.a2)
    _, title_list = rows_of(world.c2024, "city_flag")
    assert title_list.quota_problems == [
        f"Cụm thi đua các sở số 1: 2 đề nghị {CITY_FLAG}, tối đa 1 mỗi cụm, khối — vượt 1."]
    rules.record_decision(first, None, version=first.version, decision="rejected", date=datetime.date(2025, 1, 20))
    rows, title_list = rows_of(world.c2024, "city_flag")
    assert title_list.quota_problems == [] and rows["SKHDT"].quota_problems == []


def test_the_government_flag_is_capped_at_a_share_of_the_citys_groups(world, economic_bloc):
    proposed(world.c2024, "government_flag", world.a1, reason="Dẫn đầu")
    _, title_list = rows_of(world.c2024, "government_flag")
    # 20 % of 3 groups, rounded down: none.
    assert title_list.quota_problems == [
        "Toàn thành phố: 1 đề nghị Cờ thi đua của Chính phủ, tối đa 0 (20 % của 3 cụm, khối) — vượt 1."]
    Title.objects.filter(campaign=world.c2024, code="government_flag").update(max_share_of_groups=Decimal(50))
    _, title_list = rows_of(world.c2024, "government_flag")
    assert title_list.quota_problems == []


def test_share_limit_rounds_down():
    assert rules.share_limit(Decimal(30), 8) == 2
    assert rules.share_limit(Decimal(20), 5) == 1
    assert rules.share_limit(Decimal(20), 4) == 0
    assert rules.share_limit(Decimal("33.34"), 3) == 1


# --- proposals added by city staff ----------------------------------------------------------------------------------


def add_url():
    return reverse("awards:proposal_add", args=[2024])


def test_city_staff_add_a_proposal_for_a_unit_of_the_plan_with_a_reason(world, city, city_client):
    title = code_title(world.c2024, "government_flag")
    assert city_client.get(add_url()).status_code == 200
    response = city_client.post(add_url(), {"title": title.pk, "unit": world.a1.pk,
                                            "reason": "Dẫn đầu toàn thành phố"})
    assert response.status_code == 302 and response["Location"] == list_url(title)
    proposal = Proposal.objects.get(title=title, unit=world.a1)
    assert (proposal.group, proposal.meeting, proposal.votes, proposal.created_by) == (
        world.cluster_a, None, None, city)
    page = text(city_client.get(list_url(title)))
    assert "Ban Thi đua – Khen thưởng đề nghị" in page and "Lý do: Dẫn đầu toàn thành phố" in page


@pytest.mark.parametrize(("data", "message"), [
    (lambda w: {"unit": w.a1.pk, "reason": ""}, "Trường này là bắt buộc."),
    (lambda w: {"unit": w.loner.pk, "reason": "Lý do"}, "Đơn vị không thuộc cụm, khối nào của kế hoạch này."),
    (lambda w: {"unit": w.a2.pk, "reason": "Lý do"}, "Sở Tài chính đã được đề nghị Cờ thi đua của Chính phủ."),
])
def test_a_wrong_proposal_is_refused_with_a_message_and_nothing_is_added(world, city_client, data, message):
    title = code_title(world.c2024, "government_flag")
    proposed(world.c2024, "government_flag", world.a2, reason="Có sẵn")
    response = city_client.post(add_url(), {"title": title.pk, **data(world)})
    assert response.status_code == 422
    assert message in text(response)
    assert Proposal.objects.count() == 1


def test_only_a_pending_proposal_added_by_hand_is_removed(world, city_client):
    by_hand = proposed(world.c2024, "merit", world.a3, reason="Thành tích đột xuất")
    voted = proposed(world.c2024, "merit", world.a2, votes=2, valid=3, meeting=minutes_of(world.cluster_a))
    page = city_client.get(list_url(code_title(world.c2024, "merit"))).content.decode()
    assert reverse("awards:proposal_delete", args=[2024, by_hand.pk]) in page
    assert reverse("awards:proposal_delete", args=[2024, voted.pk]) not in page
    city_client.post(reverse("awards:proposal_delete", args=[2024, voted.pk]))
    assert Proposal.objects.filter(pk=voted.pk).exists()
    response = city_client.post(reverse("awards:proposal_delete", args=[2024, by_hand.pk]), follow=True)
    assert not Proposal.objects.filter(pk=by_hand.pk).exists()
    assert "Đã xóa đề nghị" in text(response)


def test_a_decided_proposal_is_not_removed(world, city_client):
    by_hand = proposed(world.c2024, "merit", world.a3, reason="Thành tích đột xuất")
    rules.record_decision(by_hand, None, version=1, decision="rejected", date=datetime.date(2025, 1, 20))
    response = city_client.post(reverse("awards:proposal_delete", args=[2024, by_hand.pk]), follow=True)
    assert "Đề nghị đã có kết quả xét, không xóa được." in text(response)
    assert Proposal.objects.filter(pk=by_hand.pk).exists()


# --- the title rules -----------------------------------------------------------------------------------------------


def test_city_staff_edit_a_titles_rules_on_the_titles_page(world, city_client):
    merit = code_title(world.c2024, "merit")
    url = reverse("awards:title_rules", args=[2024, merit.pk])
    page = text(city_client.get(reverse("awards:titles", args=[2024])))
    assert "Xếp loại từ Hoàn thành tốt; tối đa 30 % số thành viên cụm, khối" in page
    assert url in city_client.get(reverse("awards:titles", args=[2024])).content.decode()
    response = city_client.post(url, {"code": "merit", "min_class": "htxs", "max_per_group": "2",
                                      "max_share_of_members": "25,5", "max_share_of_groups": "",
                                      "earlier_title_code": ""})
    assert response.status_code == 302
    merit.refresh_from_db()
    assert (merit.min_class, merit.max_per_group, merit.max_share_of_members) == ("htxs", 2, Decimal("25.5"))
    assert "tối đa 2 mỗi cụm, khối; tối đa 25,5 % số thành viên" in text(
        city_client.get(reverse("awards:titles", args=[2024])))


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "merit", "earlier_title_code": "merit"}, "Danh hiệu năm trước phải khác loại"),
    ({"code": "city_flag"}, "Kế hoạch đã có danh hiệu khác thuộc loại này."),
    ({"code": "merit", "max_share_of_members": "120"}, "Nhập tỷ lệ từ 0 đến 100."),
    ({"code": "merit", "max_per_group": "-1"}, "Nhập số đề nghị từ 0 trở lên."),
])
def test_wrong_rules_are_refused_and_nothing_changes(world, city_client, data, message):
    merit = code_title(world.c2024, "merit")
    response = city_client.post(reverse("awards:title_rules", args=[2024, merit.pk]), data)
    assert response.status_code == 422
    assert message in text(response)
    merit.refresh_from_db()
    assert (merit.code, merit.max_share_of_members, merit.max_per_group) == ("merit", Decimal(30), None)


# --- the council's decisions ------------------------------------------------------------------------------------


def decision(proposal, value="approved", number="12/QĐ-UBND", date="20/01/2025", **extra):
    return {"version": proposal.version, "decision": value, "decision_number": number, "decision_date": date,
            **extra}


def test_approving_writes_the_award_register_and_another_decision_removes_it(world, city, city_client,
                                                                             flag_proposals):
    a1, _ = flag_proposals
    response = city_client.post(decide_url(a1), decision(a1))
    assert response.status_code == 302
    assert response["Location"] == list_url(a1.title) + f"#proposal-{a1.pk}"
    a1.refresh_from_db()
    assert (a1.decision, a1.decision_number, a1.decision_date, a1.decided_by, a1.version) == (
        "approved", "12/QĐ-UBND", datetime.date(2025, 1, 20), city, 2)
    record = AwardRecord.objects.get(unit=world.a1)
    assert (record.year, record.title_name, record.title_code, record.decision_number, record.decision_date,
            record.proposal) == (2024, CITY_FLAG, "city_flag", "12/QĐ-UBND", datetime.date(2025, 1, 20), a1)
    assert "Được khen thưởng (QĐ số 12/QĐ-UBND ngày 20/01/2025)" in text(city_client.get(list_url(a1.title)))
    city_client.post(decide_url(a1), decision(a1, "rejected", number=""))
    a1.refresh_from_db()
    assert a1.decision == "rejected" and not AwardRecord.objects.exists()
    city_client.post(decide_url(a1), decision(a1, "approved", number="15"))
    assert AwardRecord.objects.get().decision_number == "15"
    a1.refresh_from_db()
    city_client.post(decide_url(a1), decision(a1, "pending", number="", date=""))
    a1.refresh_from_db()
    assert (a1.decision, a1.decision_number, a1.decision_date, a1.decided_at) == ("pending", "", None, None)
    assert not AwardRecord.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"decision": "approved", "decision_number": ""}, "Cần nhập số quyết định khen thưởng."),
    ({"decision": "approved", "decision_date": ""}, "Cần nhập ngày quyết định."),
    ({"decision": "rejected", "decision_date": ""}, "Cần nhập ngày quyết định."),
    ({"decision_date": "31/02/2025"}, "Nhập ngày theo dạng ngày/tháng/năm"),
    ({"decision": "maybe"}, "Kết quả xét không hợp lệ."),
])
def test_a_wrong_decision_is_refused_with_a_message_and_nothing_changes(world, city_client, flag_proposals, data,
                                                                        message):
    a1, _ = flag_proposals
    response = city_client.post(decide_url(a1), {**decision(a1), **data}, follow=True)
    assert message in text(response)
    a1.refresh_from_db()
    assert (a1.decision, a1.version) == ("pending", 1) and not AwardRecord.objects.exists()
    htmx = city_client.post(decide_url(a1), {**decision(a1), **data}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422 and message in text(htmx)


def test_the_htmx_row_form_swaps_the_list_back_in(world, city_client, flag_proposals):
    a1, _ = flag_proposals
    response = city_client.post(decide_url(a1), decision(a1), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="proposal-list">') and "<html" not in html
    assert "Đã ghi kết quả xét: Sở Kế hoạch và Đầu tư." in html
    assert 'name="version" value="2"' in html


def test_a_decision_recorded_meanwhile_is_not_overwritten(world, city, city_client, flag_proposals):
    a1, _ = flag_proposals
    stale = decision(a1, "rejected", number="")
    rules.record_decision(a1, city, version=1, decision="approved", number="12", date=datetime.date(2025, 1, 20))
    response = city_client.post(decide_url(a1), stale, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    page = text(response)
    assert "vừa ghi “Được khen thưởng (QĐ số 12 ngày 20/01/2025)”" in page
    assert 'name="version" value="2"' in response.content.decode()  # saving again overwrites knowingly
    a1.refresh_from_db()
    assert a1.decision == "approved" and AwardRecord.objects.count() == 1


def test_approving_beyond_a_quota_asks_for_confirmation(world, city_client, cluster_a_results):
    first = proposed(world.c2024, "city_flag", world.a1)
    second = proposed(world.c2024, "city_flag", world.a2)
    assert city_client.post(decide_url(first), decision(first)).status_code == 302
    response = city_client.post(decide_url(second), decision(second), HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    page = text(response)
    assert f"Cụm thi đua các sở số 1: 2 đề nghị {CITY_FLAG}, tối đa 1 mỗi cụm, khối — vượt 1." in page
    assert 'name="confirm"' in response.content.decode()
    second.refresh_from_db()
    assert second.decision == "pending"
    response = city_client.post(decide_url(second), decision(second, confirm="1"))
    second.refresh_from_db()
    assert second.decision == "approved" and AwardRecord.objects.count() == 2


def test_a_back_filled_row_of_the_same_title_and_year_is_reported(world, city_client, flag_proposals):
    a1, _ = flag_proposals
    AwardRecord.objects.create(unit=world.a1, year=2024, title_name=CITY_FLAG)
    response = city_client.post(decide_url(a1), decision(a1), follow=True)
    assert "Sổ khen thưởng của Sở Kế hoạch và Đầu tư đã có Cờ thi đua của UBND thành phố năm 2024" in text(response)
    a1.refresh_from_db()
    assert a1.decision == "pending"


def bulk(proposals, **fields):
    data = {"selected": [p.pk for p in proposals], "decision": "approved", "decision_number": "20/QĐ-UBND",
            "decision_date": "25/01/2025", **fields}
    data.update({f"version-{p.pk}": p.version for p in proposals})
    return data


def test_one_decision_number_for_the_selected_proposals(world, city_client, cluster_a_results):
    title = code_title(world.c2024, "merit")
    Title.objects.filter(pk=title.pk).update(max_share_of_members=None)
    a2 = proposed(world.c2024, "merit", world.a2)
    a3 = proposed(world.c2024, "merit", world.a3)
    b2 = proposed(world.c2024, "merit", world.b2)
    url = reverse("awards:proposal_bulk_decide", args=[2024])
    response = city_client.post(url, bulk([a2, a3]), follow=True)
    assert "Đã ghi kết quả xét cho 2 đề nghị." in text(response)
    assert sorted(AwardRecord.objects.values_list("unit__code", "decision_number")) == [
        ("STC", "20/QĐ-UBND"), ("SXD", "20/QĐ-UBND")]
    b2.refresh_from_db()
    assert b2.decision == "pending"


def test_the_selected_proposals_are_decided_all_or_nothing(world, city, city_client, cluster_a_results):
    a2 = proposed(world.c2024, "merit", world.a2)
    a3 = proposed(world.c2024, "merit", world.a3)
    url = reverse("awards:proposal_bulk_decide", args=[2024])
    # 30 % of cluster A's 3 members is 0: over the quota without the confirmation.
    response = city_client.post(url, bulk([a2, a3]), follow=True)
    assert "Chưa ghi đề nghị nào." in text(response) and not AwardRecord.objects.exists()
    data = bulk([a2, a3], confirm="1")
    rules.record_decision(a3, city, version=1, decision="rejected", date=datetime.date(2025, 1, 20))
    response = city_client.post(url, data, follow=True)
    assert "vừa được người khác ghi kết quả" in text(response)
    a2.refresh_from_db()
    assert a2.decision == "pending" and not AwardRecord.objects.exists()
    response = city_client.post(url, bulk([], decision_number=""), follow=True)
    assert "Chưa chọn đề nghị nào." in text(response)


# --- pagination (issue 14: a request renders a page of rows, the quotas and exports cover them all) -------------


@pytest.fixture
def many_merits(world):
    """25 members of "Khối thử nghiệm" proposed for the Bằng khen by city staff: two pages."""
    units = [make_unit(f"TN{i:02d}", f"Sở thử nghiệm {i:02d}") for i in range(25)]
    make_group(world.c2024, "Khối thử nghiệm", kind="bloc", leader=units[0], members=units[1:])
    return [proposed(world.c2024, "merit", unit, reason="Hoàn thành xuất sắc") for unit in units]


def test_a_titles_list_shows_twenty_a_page_with_the_title_kept_in_the_links(world, city_client, many_merits):
    from awards.proposal_views import PROPOSALS_PAGE_SIZE

    title = many_merits[0].title
    first, second = (city_client.get(list_url(title), {"page": n}).content.decode() for n in (1, 2))
    assert first.count('<tr id="proposal-') == PROPOSALS_PAGE_SIZE and second.count('<tr id="proposal-') == 5
    assert "Sở thử nghiệm 00" in first and "Sở thử nghiệm 00" not in second and "Sở thử nghiệm 24" in second
    assert f"?title={title.pk}&amp;page=2" in first and f"?title={title.pk}&amp;page=1" in second
    assert '<td class="num">' in second and f'form="bulk-form"> {PROPOSALS_PAGE_SIZE + 1}</td>' in second  # STT
    # The counts and the quota banner cover all 25: 30 % of 25 members is 7.
    assert f"{title.name} (25)" in second and "<span class=\"badge\">25</span>" in second
    assert "vượt 18" in text(city_client.get(list_url(title), {"page": 2}))


def test_a_decision_on_the_second_page_comes_back_to_it(world, city_client, many_merits):
    last = many_merits[-1]
    response = city_client.post(decide_url(last), {**decision(last, number="9"), "page": "2"})
    assert response["Location"] == f"{list_url(last.title)}&page=2#proposal-{last.pk}"
    last.refresh_from_db()
    htmx = city_client.post(decide_url(last), decision(last, "rejected", number=""), HTTP_HX_REQUEST="true")
    assert f'id="proposal-{last.pk}"' in htmx.content.decode() and "Trang 2/2" in htmx.content.decode()
