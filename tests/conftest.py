"""Fixtures of the whole suite: the shared world and the personas built on it.

The ``world`` fixture builds the usual city: an issued 2024 plan with two clusters and a draft 2025 plan; the
personas (one per role, see ``tests.matrix.PERSONAS``) are built on top of it, each with a logged-in client.
Factories are plain functions in ``tests/factories.py``, state builders in ``tests/builders.py``, the permission
matrix in ``tests/matrix.py``: test modules import those, never a conftest.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.models import User
from campaigns.models import Campaign, Indicator
from pledges import services as pledge_services
from tests.builders import fill_all, period_named, sign_all, signed_pledge_of
from tests.factories import login, make_campaign, make_group, make_population, make_unit, make_user
from units.models import Unit


def pytest_configure(config):
    # WhiteNoise warns on every request when ``collectstatic`` has not run; tests do not need the files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


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
    # Plans started by the app get a registration deadline (31/03); the world's have none, so only the tests
    # about registration, which set one, meet it.
    Campaign.objects.filter(pk__in=[w.c2024.pk, w.c2025.pk]).update(registration_deadline=None)
    w.c2024.registration_deadline = w.c2025.registration_deadline = None
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


@pytest.fixture(params=[5, 50], ids=lambda size: f"{size}units")
def population(request, db):
    """The same shape of data at two sizes: query counts measured at 5 units must hold at 50."""
    return make_population(request.param)


# --- cluster A's pledge in its states, shared by several packages (pledges, progress, exports, config) ----


@pytest.fixture
def members(world):
    """Cluster A's members: a1 (leader, ``officer``), a2 (deputy, ``officer2``), a3."""
    return [world.a1, world.a2, world.a3]


@pytest.fixture
def pledge(world, city):
    """Cluster A's draft pledge from the 2024 plan (KT01 higher %, XH01 lower is better, CQ01 done / not done),
    nothing filled in yet."""
    return pledge_services.create_pledge(world.cluster_a, city)


@pytest.fixture
def open_pledge(pledge, members):
    """Cluster A's pledge, every cell ``COMPLETE``, open for signing."""
    fill_all(pledge, members)
    return pledge_services.open_for_signing(pledge, None)


@pytest.fixture
def signed_pledge(open_pledge, members):
    """The same pledge signed by every member."""
    sign_all(open_pledge, members)
    open_pledge.refresh_from_db()
    return open_pledge


@pytest.fixture
def signed(world):
    """Cluster A's signed pledge (KT01 higher 8,5 · XH01 lower 0 · CQ01 done, for every member)."""
    return signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])


@pytest.fixture
def half_year(world):
    """The 2024 plan's "6 tháng" period (data to 30/06, due 10/07)."""
    return period_named(world.c2024, "6 tháng")
