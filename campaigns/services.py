"""Workflows that span several models of a plan: status changes, reordering, copying to the next year."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    SIGNER_FIELDS,
    Campaign,
    CampaignStatusChange,
    ContentItem,
    Indicator,
    LegalBasis,
    ReportingPeriod,
)
from .signals import campaign_copied

# (from, to) → is it a reopening (going back), which needs a reason.
TRANSITIONS = {
    "issue": (Campaign.Status.DRAFT, Campaign.Status.ISSUED),
    "close": (Campaign.Status.ISSUED, Campaign.Status.CLOSED),
    "reopen": None,  # one step back: issued → draft, closed → issued
}


def default_registration_deadline(year: int) -> datetime.date:
    """The units register their titles by 31 March, most years."""
    return datetime.date(year, 3, 31)


def default_periods(year: int) -> list[dict]:
    """The usual reporting periods: quý I, 6 tháng, 9 tháng, năm; reports due ten days after each."""
    ends = [
        (_("Quý I"), datetime.date(year, 3, 31)),
        (_("6 tháng"), datetime.date(year, 6, 30)),
        (_("9 tháng"), datetime.date(year, 9, 30)),
        (_("Năm"), datetime.date(year, 12, 31)),
    ]
    return [{"name": name, "end_date": end, "deadline": end + datetime.timedelta(days=10)} for name, end in ends]


@transaction.atomic
def create_campaign(campaign: Campaign, legal_bases: list[str], user) -> Campaign:
    """Save a new draft plan with its legal bases and the default reporting periods; the registration deadline,
    left blank, is the usual 31 March of the year."""
    campaign.status = Campaign.Status.DRAFT
    if campaign.registration_deadline is None:
        campaign.registration_deadline = default_registration_deadline(campaign.year)
    campaign.save()
    set_legal_bases(campaign, legal_bases)
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(campaign=campaign, **period) for period in default_periods(campaign.year)
    )
    return campaign


def set_legal_bases(campaign: Campaign, texts: list[str]) -> None:
    """Replace the plan's legal bases by ``texts`` in that order."""
    campaign.ensure_editable()
    campaign.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(campaign=campaign, position=index, text=text) for index, text in enumerate(texts, start=1)
    )


@transaction.atomic
def change_status(campaign: Campaign, action: str, user, reason: str = "") -> CampaignStatusChange:
    """Move the plan along draft → issued → closed, or one step back when reopening (reason required)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    current = campaign.status
    if action == "reopen":
        if current == Campaign.Status.DRAFT:
            raise ValidationError(_("Kế hoạch đang là dự thảo, không cần mở lại."))
        if not reason.strip():
            raise ValidationError(_("Hãy nhập lý do mở lại kế hoạch."))
        target = Campaign.Status.DRAFT if current == Campaign.Status.ISSUED else Campaign.Status.ISSUED
    elif action in TRANSITIONS:
        source, target = TRANSITIONS[action]
        if current != source:
            raise ValidationError(
                _("Không thể chuyển kế hoạch từ trạng thái “%(status)s”.") % {"status": campaign.get_status_display()}
            )
    else:
        raise ValidationError(_("Thao tác không hợp lệ."))
    if target == Campaign.Status.ISSUED and current == Campaign.Status.DRAFT:
        missing = []
        if not campaign.issue_date:
            missing.append(_("ngày ban hành"))
        if not campaign.content_items.exists():
            missing.append(_("nội dung thi đua"))
        if missing:
            raise ValidationError(
                _("Chưa thể phát động: còn thiếu %(missing)s.") % {"missing": ", ".join(missing)}
            )
    campaign.status = target
    campaign.save(update_fields=["status", "updated_at"])
    return CampaignStatusChange.objects.create(
        campaign=campaign, from_status=current, to_status=target, reason=reason.strip(), changed_by=user
    )


_PARKING = 20000  # above any real item number, below the column's limit of 32767


def _renumber(items: list[ContentItem]) -> None:
    """Give ``items`` the positions 1..n in list order without tripping the unique (campaign, position).

    Two statements: first park every row on a distinct number above any real position, then set the final
    numbers (the database checks uniqueness row by row, so a direct swap would collide).
    """
    for index, item in enumerate(items, start=1):
        item.position = _PARKING + index
    ContentItem.objects.bulk_update(items, ["position"])
    for index, item in enumerate(items, start=1):
        item.position = index
    ContentItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def add_content_item(campaign: Campaign, title: str, description: str = "") -> ContentItem:
    campaign.ensure_editable()
    last = campaign.content_items.order_by("-position").values_list("position", flat=True).first() or 0
    return ContentItem.objects.create(campaign=campaign, position=last + 1, title=title, description=description)


@transaction.atomic
def delete_content_item(item: ContentItem) -> None:
    campaign = item.campaign
    item.delete()
    _renumber(list(campaign.content_items.select_for_update().order_by("position")))


@transaction.atomic
def move_content_item(item: ContentItem, direction: str) -> None:
    """Move an item one place up or down, or to the top or bottom; numbering follows the new order."""
    item.campaign.ensure_editable()
    items = list(item.campaign.content_items.select_for_update().order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    moving = items.pop(index)
    new_index = {
        "up": max(index - 1, 0),
        "down": min(index + 1, len(items)),
        "top": 0,
        "bottom": len(items),
    }[direction]
    items.insert(new_index, moving)
    _renumber(items)


def _fields_of(row, *names) -> dict:
    """``row``'s values of the fields ``names``, to build its copy with."""
    return {name: getattr(row, name) for name in names}


def _shift_year(value: datetime.date | None, years: int) -> datetime.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def copy_campaign(source: Campaign, year: int, user) -> Campaign:
    """Start ``year``'s plan as a draft copy of ``source``.

    Copied: the document's text, the signer, the repeat-leader rule, legal bases, content items, indicators (linked to the copied items), the
    reporting periods and key dates shifted by the difference in years, and, through :data:`campaign_copied`,
    what the apps above add (the blocs and clusters with their members and roles). Not copied: the number, date of issue and status (a new plan is a new document), the
    status history, and units retired since (the office regroups them).
    """
    shift = year - source.year
    title = source.title.replace(str(source.year), str(year))
    campaign = Campaign.objects.create(
        year=year,
        title=title,
        **_fields_of(source, "theme", "governing_body", "issuing_authority", "issue_place", "purpose",
                     "repeat_leader_rule", *SIGNER_FIELDS),
        registration_deadline=_shift_year(source.registration_deadline, shift),
        pledge_deadline=_shift_year(source.pledge_deadline, shift),
        mid_year_review_date=_shift_year(source.mid_year_review_date, shift),
        year_end_review_date=_shift_year(source.year_end_review_date, shift),
        copied_from=source,
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(campaign=campaign, position=basis.position, text=basis.text) for basis in source.legal_bases.all()
    )
    source_items = list(source.content_items.order_by("position"))
    new_items = ContentItem.objects.bulk_create(
        ContentItem(campaign=campaign, position=item.position, title=item.title, description=item.description)
        for item in source_items
    )
    item_map = {old.pk: new for old, new in zip(source_items, new_items, strict=True)}
    Indicator.objects.bulk_create(
        Indicator(
            campaign=campaign,
            content_item=item_map.get(indicator.content_item_id),
            **_fields_of(indicator, "position", "code", "name", "measure_unit", "city_value", "direction", "area",
                         "weight", "allows_negative"),
        )
        for indicator in source.indicators.all()
    )
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            campaign=campaign,
            name=period.name,
            end_date=_shift_year(period.end_date, shift),
            deadline=_shift_year(period.deadline, shift),
        )
        for period in source.periods.all()
    )
    # The apps above the plan copy their part (groups: the blocs and clusters with their members).
    campaign_copied.send(sender=Campaign, source=source, campaign=campaign)
    CampaignStatusChange.objects.create(
        campaign=campaign,
        from_status=Campaign.Status.DRAFT,
        to_status=Campaign.Status.DRAFT,
        reason=_("Tạo từ kế hoạch năm %(year)s") % {"year": source.year},
        changed_by=user,
    )
    return campaign
