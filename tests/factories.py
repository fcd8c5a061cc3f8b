"""Factories: small functions that make one object each, so a test says what it needs in one line.

``make_unit``, ``make_user``, ``make_campaign`` (a plan with its items, indicators and periods, moved to a status),
``make_group`` (saved through the same service as the form), ``retire`` (a unit merged away), ``login`` (a signed-in
test client) and ``make_population`` (the same shape of data at any size, for query counts). States built from
several objects (a signed pledge, a submitted report) are in ``tests/builders.py``.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.test import Client

from accounts.models import User
from campaigns import services
from campaigns.models import Campaign, CampaignStatusChange, ContentItem, Indicator
from groups.models import Group, Membership
from groups.services import save_group
from units.models import Unit


def make_unit(code, name=None, kind=Unit.Kind.DEPARTMENT, **fields) -> Unit:
    return Unit.objects.create(code=code, name=name or f"Đơn vị {code}", kind=kind, **fields)


def retire(unit: Unit, on=datetime.date(2024, 6, 30), reason="Sáp nhập theo nghị quyết", merged_into=None) -> Unit:
    Unit.objects.filter(pk=unit.pk).update(retired_on=on, retirement_reason=reason, merged_into=merged_into)
    unit.refresh_from_db()
    return unit


def make_user(username, role=User.Role.UNIT_OFFICER, unit=None, **fields) -> User:
    user = User(username=username, role=role, unit=unit, **fields)
    user.set_unusable_password()
    user.save()
    return user


def make_campaign(
    year,
    status=Campaign.Status.DRAFT,
    *,
    items=(),
    indicators=(),
    legal_bases=(),
    periods=True,
    issue_date=None,
    changed_by=None,
    **fields,
) -> Campaign:
    """A plan built as a draft (its parts refuse to be saved otherwise), then moved to ``status``.

    ``items`` are titles; ``indicators`` are dicts of Indicator fields, where ``item`` (a 1-based position)
    links the indicator to a content item.
    """
    fields.setdefault("title", f"Kế hoạch phát động phong trào thi đua năm {year}")
    campaign = Campaign(year=year, **fields)
    if periods:  # as the app starts a plan: with its legal bases and the default reporting periods
        services.create_campaign(campaign, list(legal_bases), changed_by)
    else:
        campaign.save()
        services.set_legal_bases(campaign, list(legal_bases))
    created_items = ContentItem.objects.bulk_create(
        ContentItem(campaign=campaign, position=i, title=title) for i, title in enumerate(items, start=1)
    )
    new_indicators = []
    for i, spec in enumerate(indicators, start=1):
        spec = dict(spec)
        item = spec.pop("item", None)
        spec.setdefault("code", f"CT{i:02d}")
        spec.setdefault("name", f"Chỉ tiêu {i}")
        spec.setdefault("position", i)
        if spec.get("direction") != Indicator.Direction.DONE:
            spec.setdefault("city_value", Decimal(i))
        new_indicators.append(
            Indicator(campaign=campaign, content_item=created_items[item - 1] if item else None, **spec)
        )
    Indicator.objects.bulk_create(new_indicators)
    if status != Campaign.Status.DRAFT:
        issue_date = issue_date or datetime.date(year, 1, 15)
        Campaign.objects.filter(pk=campaign.pk).update(status=status, issue_date=issue_date)
        CampaignStatusChange.objects.create(
            campaign=campaign, from_status=Campaign.Status.DRAFT, to_status=Campaign.Status.ISSUED,
            changed_by=changed_by,
        )
        if status == Campaign.Status.CLOSED:
            CampaignStatusChange.objects.create(
                campaign=campaign, from_status=Campaign.Status.ISSUED, to_status=Campaign.Status.CLOSED,
                changed_by=changed_by,
            )
        campaign.refresh_from_db()
    elif issue_date:
        Campaign.objects.filter(pk=campaign.pk).update(issue_date=issue_date)
        campaign.refresh_from_db()
    return campaign


# The roles in a group, as the group tests name them.
LEADER, DEPUTY, MEMBER = Membership.Role.LEADER, Membership.Role.DEPUTY, Membership.Role.MEMBER


def make_group(campaign, name, kind=Group.Kind.CLUSTER, leader=None, deputy=None, members=()) -> Group:
    """A group saved through the same service as the form: ``members`` are the plain members."""
    roles = {unit.pk: Membership.Role.MEMBER for unit in members}
    if leader:
        roles[leader.pk] = Membership.Role.LEADER
    if deputy:
        roles[deputy.pk] = Membership.Role.DEPUTY
    return save_group(Group(campaign=campaign, name=name, kind=kind), roles)


def make_first_cluster(year: int = 2030) -> tuple[Campaign, list[Unit], Group]:
    """A draft plan of ``year``, five units U0…U4 and "Cụm 1": U0 leads, U1 is deputy, U2 a member; U3, U4 free."""
    campaign = make_campaign(year)
    units = [make_unit(f"U{i}") for i in range(5)]
    group = make_group(campaign, "Cụm 1", leader=units[0], deputy=units[1], members=[units[2]])
    return campaign, units, group


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_population(size: int, year: int = 2030) -> SimpleNamespace:
    """An issued plan with ``size`` units in clusters of five, ``size`` items and ``size`` indicators.

    Everything grows with ``size`` so a view with an N+1 shows a different query count at 5 and at 50.
    """
    units = Unit.objects.bulk_create(
        Unit(code=f"U{year}{i:03d}", name=f"Đơn vị {i:03d}", kind=Unit.Kind.WARD) for i in range(size)
    )
    # Every tenth unit is retired (merged into the first) so the retirement columns are exercised too.
    for unit in units[9::10]:
        retire(unit, merged_into=units[0])
    campaign = make_campaign(
        year,
        Campaign.Status.ISSUED,
        items=[f"Nội dung {i}" for i in range(size)],
        indicators=[{"code": f"C{i:03d}", "item": i + 1} for i in range(size)],
        legal_bases=[f"Văn bản {i}" for i in range(size)],
    )
    groups = []
    for start in range(0, size, 5):
        chunk = units[start:start + 5]
        groups.append(
            make_group(
                campaign, f"Cụm {start // 5 + 1:02d}",
                kind=Group.Kind.BLOC if start % 10 else Group.Kind.CLUSTER,
                leader=chunk[0], deputy=chunk[1] if len(chunk) > 1 else None, members=chunk[2:],
            )
        )
    # The same units a year earlier, closed, so units and officers have a history of several campaigns.
    previous = make_campaign(year - 1, Campaign.Status.CLOSED, items=["Nội dung"])
    for start in range(0, size, 5):
        chunk = units[start:start + 5]
        make_group(previous, f"Cụm {start // 5 + 1:02d}", leader=chunk[0], members=chunk[1:])
    for i in range(size):
        CampaignStatusChange.objects.create(
            campaign=campaign, from_status="issued", to_status="issued", reason=f"Ghi chú {i}"
        )
    officer = make_user(f"officer{year}", unit=units[0])
    return SimpleNamespace(units=units, campaign=campaign, groups=groups, officer=officer, previous=previous)
