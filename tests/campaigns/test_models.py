"""Campaign and its parts: constraints, Vietnamese messages, read-only once issued, visibility."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    ContentItem,
    Indicator,
    LegalBasis,
    ReportingPeriod,
)
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return make_campaign(2030, items=["Một", "Hai"])


def messages_of(instance) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.messages


# --- Campaign --------------------------------------------------------------------------------------------


def test_year_is_unique(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(year=2030, title="Trùng năm")


def test_unique_year_message_is_vietnamese(draft):
    assert "Đã có kế hoạch thi đua của năm này." in messages_of(Campaign(year=2030, title="Trùng năm"))


def test_issued_campaign_needs_an_issue_date(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=draft.pk).update(status=Campaign.Status.ISSUED)


def test_issue_date_message_is_vietnamese():
    campaign = Campaign(year=2031, title="K", status=Campaign.Status.ISSUED)
    assert "Kế hoạch đã phát động phải có ngày ban hành." in messages_of(campaign)


def test_year_must_be_plausible():
    assert any("2000" in m for m in messages_of(Campaign(year=1999, title="K")))


def test_only_a_draft_is_editable(draft):
    assert draft.is_editable and draft.groups_editable
    issued = make_campaign(2031, Campaign.Status.ISSUED)
    assert not issued.is_editable and issued.groups_editable
    closed = make_campaign(2032, Campaign.Status.CLOSED)
    assert not closed.is_editable and not closed.groups_editable


# --- parts refuse changes once issued --------------------------------------------------------------------


@pytest.mark.parametrize("status", [Campaign.Status.ISSUED, Campaign.Status.CLOSED])
def test_parts_of_an_issued_campaign_cannot_be_saved_or_deleted(status):
    campaign = make_campaign(2030, status, items=["Một"], indicators=[{"item": 1}], legal_bases=["Luật"])
    item = campaign.content_items.get()
    item.title = "Sửa"
    with pytest.raises(ValidationError, match="không thể chỉnh sửa"):
        item.save()
    with pytest.raises(ValidationError):
        ContentItem(campaign=campaign, position=2, title="Mới").save()
    with pytest.raises(ValidationError):
        campaign.indicators.get().delete()
    with pytest.raises(ValidationError):
        campaign.legal_bases.get().save()
    with pytest.raises(ValidationError):
        campaign.periods.first().delete()
    assert campaign.content_items.get().title == "Một"
    assert campaign.indicators.count() == 1 and campaign.periods.count() == 4


# --- ContentItem, LegalBasis -----------------------------------------------------------------------------


def test_content_item_position_is_unique_per_campaign(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentItem.objects.create(campaign=draft, position=1, title="Trùng số")


def test_content_item_position_may_repeat_across_campaigns(draft):
    other = make_campaign(2031)
    ContentItem.objects.create(campaign=other, position=1, title="Một")


def test_content_item_position_starts_at_one(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentItem.objects.create(campaign=draft, position=0, title="Số không")


def test_content_item_str_is_numbered(draft):
    assert str(draft.content_items.get(position=2)) == "2. Hai"


def test_legal_basis_position_is_unique(draft):
    LegalBasis.objects.create(campaign=draft, position=1, text="Luật")
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalBasis.objects.create(campaign=draft, position=1, text="Nghị định")


# --- Indicator -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "value"),
    [
        (Indicator.Direction.DONE, Decimal("1")),
        (Indicator.Direction.DONE, Decimal("0")),
        (Indicator.Direction.HIGHER, None),
        (Indicator.Direction.LOWER, None),
    ],
)
def test_indicator_value_must_match_direction(draft, direction, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(campaign=draft, code="X", name="X", direction=direction, city_value=value)


@pytest.mark.parametrize(
    ("direction", "value"),
    [(Indicator.Direction.DONE, None), (Indicator.Direction.HIGHER, Decimal("0")), (Indicator.Direction.LOWER, Decimal("1.5"))],
)
def test_indicator_value_matching_direction_is_saved(draft, direction, value):
    indicator = Indicator.objects.create(campaign=draft, code="X", name="X", direction=direction, city_value=value)
    indicator.refresh_from_db()
    assert indicator.city_value == value


def test_indicator_value_message_is_vietnamese(draft):
    indicator = Indicator(campaign=draft, code="X", name="X", direction=Indicator.Direction.DONE, city_value=1)
    assert (
        "Chỉ tiêu định lượng phải có giá trị; chỉ tiêu hoàn thành/không hoàn thành thì không."
        in messages_of(indicator)
    )


def test_indicator_code_is_unique_per_campaign(draft):
    Indicator.objects.create(campaign=draft, code="KT01", name="X", city_value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(campaign=draft, code="KT01", name="Y", city_value=2)
    duplicate = Indicator(campaign=draft, code="KT01", name="Y", city_value=2)
    assert "Mã chỉ tiêu đã được dùng trong kế hoạch này." in messages_of(duplicate)


def test_indicator_cannot_belong_to_an_item_of_another_campaign(draft):
    other = make_campaign(2031, items=["Khác"])
    indicator = Indicator(
        campaign=draft, code="X", name="X", city_value=1, content_item=other.content_items.get()
    )
    assert "Nội dung này thuộc kế hoạch khác." in messages_of(indicator)


def test_deleting_an_item_keeps_its_indicators(draft):
    indicator = Indicator.objects.create(
        campaign=draft, code="X", name="X", city_value=1, content_item=draft.content_items.get(position=1)
    )
    draft.content_items.get(position=1).delete()
    indicator.refresh_from_db()
    assert indicator.content_item is None


# --- ReportingPeriod -------------------------------------------------------------------------------------


def test_period_deadline_cannot_precede_end_date(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            campaign=draft, name="Tháng 1", end_date=datetime.date(2030, 1, 31), deadline=datetime.date(2030, 1, 30)
        )


def test_period_deadline_on_the_end_date_is_fine(draft):
    ReportingPeriod.objects.create(
        campaign=draft, name="Tháng 1", end_date=datetime.date(2030, 1, 31), deadline=datetime.date(2030, 1, 31)
    )


def test_period_deadline_message_is_vietnamese(draft):
    period = ReportingPeriod(
        campaign=draft, name="Tháng 1", end_date=datetime.date(2030, 1, 31), deadline=datetime.date(2030, 1, 1)
    )
    assert "Hạn nộp báo cáo không được trước ngày cuối kỳ." in messages_of(period)


def test_period_name_is_unique_per_campaign(draft):
    period = ReportingPeriod(
        campaign=draft, name="Quý I", end_date=datetime.date(2030, 3, 31), deadline=datetime.date(2030, 4, 10)
    )
    assert "Kế hoạch đã có kỳ báo cáo cùng tên." in messages_of(period)
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()


def test_periods_are_ordered_by_end_date(draft):
    assert [p.name for p in draft.periods.all()] == ["Quý I", "6 tháng", "9 tháng", "Năm"]


# --- status history, visibility --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status", "reopening"),
    [("draft", "issued", False), ("issued", "closed", False), ("issued", "draft", True), ("closed", "issued", True),
     ("draft", "draft", False)],
)
def test_status_change_knows_a_reopening(from_status, to_status, reopening):
    assert CampaignStatusChange(from_status=from_status, to_status=to_status).is_reopening is reopening


def test_status_change_str():
    assert str(CampaignStatusChange(from_status="draft", to_status="issued")) == "Dự thảo → Đã phát động"


def test_visible_to_by_persona(world, city, viewer, officer, no_unit):
    from django.contrib.auth.models import AnonymousUser

    assert set(Campaign.objects.visible_to(city)) == {world.c2024, world.c2025}
    assert set(Campaign.objects.visible_to(viewer)) == {world.c2024, world.c2025}
    assert list(Campaign.objects.visible_to(officer)) == [world.c2024]
    assert list(Campaign.objects.visible_to(no_unit)) == [world.c2024]
    assert list(Campaign.objects.visible_to(AnonymousUser())) == []
