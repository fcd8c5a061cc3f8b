"""Factories, personas and the shared world of the test suite.

Factories are small functions (``make_unit``, ``make_campaign``, ``make_group``…) so a test says what it needs
in one line. The ``world`` fixture builds the usual city: an issued 2024 plan with two clusters and a draft
2025 plan; the personas (one per role) are built on top of it, each with a logged-in client.
"""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
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
from groups.services import save_group
from units.models import Unit

PERSONAS = ["city", "viewer", "officer", "officer2", "outsider", "no_unit"]


def pytest_configure(config):
    # WhiteNoise warns on every request when ``collectstatic`` has not run; tests do not need the files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


# --- factories -------------------------------------------------------------------------------------------


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
    campaign = Campaign.objects.create(year=year, **fields)
    LegalBasis.objects.bulk_create(
        LegalBasis(campaign=campaign, position=i, text=text) for i, text in enumerate(legal_bases, start=1)
    )
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
    if periods:
        ReportingPeriod.objects.bulk_create(
            ReportingPeriod(campaign=campaign, **period) for period in services.default_periods(year)
        )
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


def make_group(campaign, name, kind=Group.Kind.CLUSTER, leader=None, deputy=None, members=()) -> Group:
    """A group saved through the same service as the form: ``members`` are the plain members."""
    roles = {unit.pk: Membership.Role.MEMBER for unit in members}
    if leader:
        roles[leader.pk] = Membership.Role.LEADER
    if deputy:
        roles[deputy.pk] = Membership.Role.DEPUTY
    return save_group(Group(campaign=campaign, name=name, kind=kind), roles)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the world -------------------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """Units, an issued 2024 plan with clusters A and B, and a draft 2025 plan; no users."""
    w = SimpleNamespace()
    w.a1 = make_unit("SKHDT", "Sở Kế hoạch và Đầu tư")
    w.a2 = make_unit("STC", "Sở Tài chính")
    w.a3 = make_unit("SXD", "Sở Xây dựng")
    w.b1 = make_unit("QHC", "Quận Hải Châu", Unit.Kind.DISTRICT, short_name="Hải Châu")
    w.b2 = make_unit("QST", "Quận Sơn Trà", Unit.Kind.DISTRICT)
    w.loner = make_unit("DTN", "Thành đoàn", Unit.Kind.MASS_ORG)
    w.c2024 = make_campaign(
        2024,
        Campaign.Status.ISSUED,
        issue_date=datetime.date(2024, 2, 5),
        document_number="45/KH-UBND",
        theme="Năm đẩy mạnh cải cách hành chính",
        pledge_deadline=datetime.date(2024, 3, 31),
        mid_year_review_date=datetime.date(2024, 7, 15),
        year_end_review_date=datetime.date(2024, 12, 20),
        legal_bases=["Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 98/2023/NĐ-CP"],
        items=["Đẩy mạnh cải cách hành chính", "Tăng cường kỷ luật, kỷ cương", "Chuyển đổi số"],
        indicators=[
            {"code": "KT01", "name": "Tăng trưởng GRDP", "measure_unit": "%", "city_value": Decimal("8.5"), "item": 1},
            {"code": "XH01", "name": "Tỷ lệ hộ nghèo", "measure_unit": "%", "city_value": Decimal("1234.5"),
             "direction": Indicator.Direction.LOWER, "area": Indicator.Area.SOCIETY, "item": 2},
            {"code": "CQ01", "name": "Hoàn thành chỉ số cải cách hành chính", "direction": Indicator.Direction.DONE,
             "area": Indicator.Area.PARTY_GOVERNMENT},
        ],
    )
    w.cluster_a = make_group(w.c2024, "Cụm thi đua các sở số 1", leader=w.a1, deputy=w.a2, members=[w.a3])
    w.cluster_b = make_group(w.c2024, "Cụm thi đua các quận", leader=w.b1, members=[w.b2])
    w.c2025 = make_campaign(
        2025,
        items=["Nội dung dự thảo"],
        indicators=[{"code": "KT01", "name": "Tăng trưởng GRDP", "item": 1}],
    )
    return w


# --- personas: one per role, on top of the world ---------------------------------------------------------


@pytest.fixture
def city(world):
    return make_user("city", User.Role.CITY_STAFF, first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def viewer(world):
    return make_user("viewer", User.Role.VIEWER)


@pytest.fixture
def officer(world):
    """Officer of the leader unit of cluster A."""
    return make_user("officer", unit=world.a1)


@pytest.fixture
def officer2(world):
    """Officer of the deputy unit of cluster A."""
    return make_user("officer2", unit=world.a2)


@pytest.fixture
def outsider(world):
    """Officer of the leader unit of cluster B."""
    return make_user("outsider", unit=world.b1)


@pytest.fixture
def no_unit(world):
    """An officer account nobody attached to a unit yet: can see issued plans, act on nothing."""
    return make_user("no_unit")


@pytest.fixture
def client_as(request):
    """``client_as("officer")``: a client signed in as that persona (or any user)."""

    def _client(persona):
        user = request.getfixturevalue(persona) if isinstance(persona, str) else persona
        return login(user)

    return _client


@pytest.fixture
def city_client(city):
    return login(city)


@pytest.fixture
def viewer_client(viewer):
    return login(viewer)


@pytest.fixture
def officer_client(officer):
    return login(officer)


@pytest.fixture
def outsider_client(outsider):
    return login(outsider)


# --- data at scale, for query counts ---------------------------------------------------------------------


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


# --- assertions ------------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")


def assert_vietnamese_dates(page: str) -> None:
    """No ISO or English dates in what a person reads, date inputs included (they show dd/mm/yyyy)."""
    assert not ISO_DATE.search(page), ISO_DATE.search(page)
    assert not ENGLISH_MONTH.search(page)


# --- the permission matrix shared by the view tests -----------------------------------------------------------
# A route is (id, method, url name, kwargs(world) -> dict, POST data, expected status per persona in PERSONAS).

MATRIX_ARGS = ("method", "name", "kwargs", "data", "persona", "expected")
ANONYMOUS_ARGS = ("method", "name", "kwargs", "data")


def permission_cases(routes):
    return [
        pytest.param(method, name, kwargs, data, persona, expected[i], id=f"{route_id}-{persona}")
        for route_id, method, name, kwargs, data, expected in routes
        for i, persona in enumerate(PERSONAS)
    ]


def anonymous_cases(routes):
    return [pytest.param(method, name, kwargs, data, id=route_id) for route_id, method, name, kwargs, data, _ in routes]


def matrix_tests(routes, namespace, urlpatterns):
    """The three tests every view module runs over its route table; assign them to module-level names.

    - each persona gets the expected status on each route;
    - an anonymous visitor is sent to the login page, with ``next`` back to the route;
    - every URL name of the app appears in the table (a new view cannot skip the matrix).
    """

    @pytest.mark.parametrize(MATRIX_ARGS, permission_cases(routes))
    def test_permissions(world, client_as, method, name, kwargs, data, persona, expected):
        _, response = request_route(client_as(persona), world, method, name, kwargs, data)
        assert response.status_code == expected

    @pytest.mark.parametrize(ANONYMOUS_ARGS, anonymous_cases(routes))
    def test_anonymous_is_sent_to_login(world, client, method, name, kwargs, data):
        url, response = request_route(client, world, method, name, kwargs, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"

    def test_every_url_is_in_the_matrix():
        covered = {name for _, _, name, _, _, _ in routes}
        assert {f"{namespace}:{pattern.name}" for pattern in urlpatterns} - covered == set()

    return test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix


def request_route(client, world, method, name, kwargs, data):
    """GET or POST one route of the matrix (``data`` may be a function of the world); returns (url, response)."""
    url = reverse(name, kwargs=kwargs(world))
    data = data(world) if callable(data) else data
    return url, client.get(url) if method == "get" else client.post(url, data)


@pytest.fixture(params=[5, 50], ids=lambda size: f"{size}units")
def population(request, db):
    """The same shape of data at two sizes: query counts measured at 5 units must hold at 50."""
    return make_population(request.param)
