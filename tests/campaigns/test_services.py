"""Workflows of a plan: reordering, status changes, copying to the next year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    ContentItem,
    Indicator,
    LegalBasis,
    ReportingPeriod,
)
from groups.models import Group, Membership
from tests.factories import make_campaign, make_group, make_unit, make_user, retire

pytestmark = pytest.mark.django_db


def titles(campaign) -> list[str]:
    return list(campaign.content_items.order_by("position").values_list("title", flat=True))


def positions(campaign) -> list[int]:
    return list(campaign.content_items.order_by("position").values_list("position", flat=True))


@pytest.fixture
def draft(db):
    return make_campaign(2030, items=["A", "B", "C", "D"])


@pytest.fixture
def staff(db):
    return make_user("staff", "city_staff")


# --- content items ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "direction", "expected"),
    [
        ("C", "up", ["A", "C", "B", "D"]),
        ("B", "down", ["A", "C", "B", "D"]),
        ("C", "top", ["C", "A", "B", "D"]),
        ("B", "bottom", ["A", "C", "D", "B"]),
        ("A", "up", ["A", "B", "C", "D"]),  # already first: nothing moves
        ("D", "down", ["A", "B", "C", "D"]),  # already last
        ("A", "bottom", ["B", "C", "D", "A"]),
        ("D", "top", ["D", "A", "B", "C"]),
    ],
)
def test_move_content_item(draft, title, direction, expected):
    services.move_content_item(draft.content_items.get(title=title), direction)
    assert titles(draft) == expected
    assert positions(draft) == [1, 2, 3, 4]


def test_move_refuses_an_issued_campaign():
    campaign = make_campaign(2030, Campaign.Status.ISSUED, items=["A", "B"])
    with pytest.raises(ValidationError):
        services.move_content_item(campaign.content_items.get(title="B"), "up")
    assert titles(campaign) == ["A", "B"]


@pytest.mark.parametrize(("title", "expected"), [("A", ["B", "C", "D"]), ("B", ["A", "C", "D"]), ("D", ["A", "B", "C"])])
def test_delete_content_item_renumbers(draft, title, expected):
    services.delete_content_item(draft.content_items.get(title=title))
    assert titles(draft) == expected
    assert positions(draft) == [1, 2, 3]


def test_delete_the_only_item(db):
    campaign = make_campaign(2030, items=["A"])
    services.delete_content_item(campaign.content_items.get())
    assert not campaign.content_items.exists()


def test_add_content_item_numbers_after_the_last(draft):
    item = services.add_content_item(draft, "E", "Diễn giải")
    assert (item.position, item.description) == (5, "Diễn giải")
    first = services.add_content_item(make_campaign(2031), "Đầu tiên")
    assert first.position == 1


def test_add_content_item_refuses_an_issued_campaign():
    campaign = make_campaign(2030, Campaign.Status.ISSUED, items=["A"])
    with pytest.raises(ValidationError):
        services.add_content_item(campaign, "B")


def test_set_legal_bases_replaces_in_order(draft):
    services.set_legal_bases(draft, ["Luật", "Nghị định"])
    services.set_legal_bases(draft, ["Thông tư", "Luật"])
    assert list(draft.legal_bases.values_list("position", "text")) == [(1, "Thông tư"), (2, "Luật")]


def test_create_campaign_adds_default_periods(staff):
    campaign = services.create_campaign(Campaign(year=2030, title="K"), ["Luật"], staff)
    assert campaign.status == Campaign.Status.DRAFT
    assert list(campaign.periods.values_list("name", "end_date", "deadline")) == [
        ("Quý I", datetime.date(2030, 3, 31), datetime.date(2030, 4, 10)),
        ("6 tháng", datetime.date(2030, 6, 30), datetime.date(2030, 7, 10)),
        ("9 tháng", datetime.date(2030, 9, 30), datetime.date(2030, 10, 10)),
        ("Năm", datetime.date(2030, 12, 31), datetime.date(2031, 1, 10)),
    ]
    assert list(campaign.legal_bases.values_list("text", flat=True)) == ["Luật"]


# --- status ----------------------------------------------------------------------------------------------


def test_issue_records_who_and_when(draft, staff):
    Campaign.objects.filter(pk=draft.pk).update(issue_date=datetime.date(2030, 1, 20))
    change = services.change_status(draft, "issue", staff)
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.ISSUED
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == ("draft", "issued", staff, "")
    assert list(draft.status_changes.all()) == [change]


def test_issue_requires_an_issue_date(draft, staff):
    with pytest.raises(ValidationError, match="ngày ban hành"):
        services.change_status(draft, "issue", staff)
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT
    assert not draft.status_changes.exists()


def test_issue_requires_a_content_item(staff):
    campaign = make_campaign(2030, issue_date=datetime.date(2030, 1, 20))
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(campaign, "issue", staff)
    assert excinfo.value.messages == ["Chưa thể phát động: còn thiếu nội dung thi đua."]


def test_issue_names_everything_missing(staff):
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(make_campaign(2030), "issue", staff)
    assert excinfo.value.messages == ["Chưa thể phát động: còn thiếu ngày ban hành, nội dung thi đua."]


def test_close_an_issued_campaign(staff):
    campaign = make_campaign(2030, Campaign.Status.ISSUED, items=["A"])
    change = services.change_status(campaign, "close", staff)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert (change.from_status, change.to_status) == ("issued", "closed")


@pytest.mark.parametrize(
    ("status", "action"),
    [("draft", "close"), ("issued", "issue"), ("closed", "issue"), ("closed", "close")],
)
def test_transitions_from_the_wrong_status_are_refused(staff, status, action):
    campaign = make_campaign(2030, status, items=["A"])
    with pytest.raises(ValidationError, match="Không thể chuyển kế hoạch"):
        services.change_status(campaign, action, staff)
    campaign.refresh_from_db()
    assert campaign.status == status


def test_unknown_action_is_refused(draft, staff):
    with pytest.raises(ValidationError, match="Thao tác không hợp lệ"):
        services.change_status(draft, "publish", staff)


@pytest.mark.parametrize(("status", "back_to"), [("issued", "draft"), ("closed", "issued")])
def test_reopen_steps_back_one_status_with_a_reason(staff, status, back_to):
    campaign = make_campaign(2030, status, items=["A"])
    change = services.change_status(campaign, "reopen", staff, "  Sửa chỉ tiêu theo nghị quyết mới  ")
    campaign.refresh_from_db()
    assert campaign.status == back_to
    assert (change.from_status, change.to_status) == (status, back_to)
    assert change.reason == "Sửa chỉ tiêu theo nghị quyết mới"
    assert change.changed_by == staff and change.is_reopening


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopen_requires_a_reason(staff, reason):
    campaign = make_campaign(2030, "issued", items=["A"])
    with pytest.raises(ValidationError, match="lý do"):
        services.change_status(campaign, "reopen", staff, reason)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.ISSUED


def test_reopen_a_draft_is_refused(draft, staff):
    with pytest.raises(ValidationError, match="dự thảo"):
        services.change_status(draft, "reopen", staff, "Lý do")


def test_reopened_campaign_is_editable_again(staff):
    campaign = make_campaign(2030, "issued", items=["A"])
    with pytest.raises(ValidationError):
        ContentItem(campaign=campaign, position=2, title="B").save()
    services.change_status(campaign, "reopen", staff, "Bổ sung nội dung")
    campaign.refresh_from_db()
    ContentItem(campaign=campaign, position=2, title="B").save()
    assert titles(campaign) == ["A", "B"]


# --- copy ------------------------------------------------------------------------------------------------


@pytest.fixture
def source(staff):
    units = {code: make_unit(code) for code in ["L1", "D1", "M1", "GONE", "L2", "M2"]}
    campaign = make_campaign(
        2024,
        Campaign.Status.ISSUED,
        issue_date=datetime.date(2024, 2, 5),
        document_number="45/KH-UBND",
        title="Kế hoạch phát động phong trào thi đua năm 2024",
        theme="Năm cải cách hành chính",
        governing_body="",
        issuing_authority="ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        issue_place="Đà Nẵng",
        purpose="Mục đích",
        pledge_deadline=datetime.date(2024, 3, 31),
        mid_year_review_date=datetime.date(2024, 2, 29),
        year_end_review_date=datetime.date(2024, 12, 20),
        legal_bases=["Luật", "Nghị định"],
        items=["Một", "Hai"],
        indicators=[
            {"code": "KT01", "name": "GRDP", "city_value": Decimal("8.5"), "measure_unit": "%", "item": 2},
            {"code": "CQ01", "name": "CCHC", "direction": Indicator.Direction.DONE, "area": Indicator.Area.SOCIETY},
        ],
        changed_by=staff,
    )
    make_group(campaign, "Khối các sở", Group.Kind.BLOC, leader=units["L1"], deputy=units["D1"],
               members=[units["M1"], units["GONE"]])
    make_group(campaign, "Cụm các quận", leader=units["L2"], members=[units["M2"]])
    retire(units["GONE"])
    return campaign


def test_copy_campaign_copies_the_document(source, staff):
    copy = services.copy_campaign(source, 2025, staff)
    assert copy.year == 2025
    assert copy.title == "Kế hoạch phát động phong trào thi đua năm 2025"
    assert (copy.theme, copy.issuing_authority, copy.issue_place, copy.purpose) == (
        "Năm cải cách hành chính", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "Đà Nẵng", "Mục đích",
    )
    assert copy.pledge_deadline == datetime.date(2025, 3, 31)
    assert copy.mid_year_review_date == datetime.date(2025, 2, 28)  # 29 February has no 2025
    assert copy.year_end_review_date == datetime.date(2025, 12, 20)
    assert copy.copied_from == source
    assert list(copy.legal_bases.values_list("position", "text")) == [(1, "Luật"), (2, "Nghị định")]
    assert list(copy.content_items.values_list("position", "title")) == [(1, "Một"), (2, "Hai")]


def test_copy_campaign_links_indicators_to_the_copied_items(source, staff):
    copy = services.copy_campaign(source, 2025, staff)
    grdp = copy.indicators.get(code="KT01")
    assert grdp.content_item.campaign == copy and grdp.content_item.title == "Hai"
    assert (grdp.city_value, grdp.measure_unit, grdp.direction) == (Decimal("8.5"), "%", "higher")
    cchc = copy.indicators.get(code="CQ01")
    assert (cchc.content_item, cchc.city_value, cchc.direction, cchc.area) == (None, None, "done", "society")
    # The source is untouched.
    assert source.indicators.get(code="KT01").content_item.campaign == source


def test_copy_campaign_shifts_periods_by_a_year(source, staff):
    copy = services.copy_campaign(source, 2025, staff)
    assert list(copy.periods.values_list("name", "end_date", "deadline")) == [
        ("Quý I", datetime.date(2025, 3, 31), datetime.date(2025, 4, 10)),
        ("6 tháng", datetime.date(2025, 6, 30), datetime.date(2025, 7, 10)),
        ("9 tháng", datetime.date(2025, 9, 30), datetime.date(2025, 10, 10)),
        ("Năm", datetime.date(2025, 12, 31), datetime.date(2026, 1, 10)),
    ]


def test_copy_campaign_copies_groups_roles_but_not_retired_units(source, staff):
    copy = services.copy_campaign(source, 2025, staff)
    groups = {
        group.name: (group.kind, dict(group.memberships.values_list("unit__code", "role")))
        for group in copy.groups.all()
    }
    assert groups == {
        "Khối các sở": ("bloc", {"L1": "leader", "D1": "deputy", "M1": "member"}),
        "Cụm các quận": ("cluster", {"L2": "leader", "M2": "member"}),
    }
    assert set(Membership.objects.filter(group__campaign=copy).values_list("campaign", flat=True)) == {copy.pk}
    assert source.memberships.count() == 6


def test_copy_campaign_does_not_copy_number_date_status_or_history(source, staff):
    copy = services.copy_campaign(source, 2025, staff)
    assert copy.status == Campaign.Status.DRAFT
    assert copy.document_number == ""
    assert copy.issue_date is None
    # Only the record of its own creation; none of the source's history.
    history = list(copy.status_changes.all())
    assert len(history) == 1
    assert (history[0].from_status, history[0].to_status, history[0].changed_by) == ("draft", "draft", staff)
    assert "2024" in history[0].reason
    assert source.status_changes.count() == 1


def test_copy_campaign_counts(source, staff):
    before = {model: model.objects.count() for model in (LegalBasis, ContentItem, Indicator, ReportingPeriod, Group)}
    copy = services.copy_campaign(source, 2025, staff)
    for model, count in before.items():
        assert model.objects.count() == 2 * count, model
    assert copy.memberships.count() == 5
    assert CampaignStatusChange.objects.count() == 2


def test_copy_campaign_to_a_taken_year_fails(source, staff):
    make_campaign(2025)
    with pytest.raises(Exception):  # noqa: B017 - the unique year, whatever the backend's exception
        services.copy_campaign(source, 2025, staff)
    assert Campaign.objects.count() == 2
