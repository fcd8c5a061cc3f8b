"""What the user may do wherever they are (the menu, the start page, the list pages' "create" buttons) is
decided once, in accounts.access.UserRights, given to every template by config.context_processors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.access import UserRights
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ATTRIBUTES = ("sees_everything", "manages_registers", "own_unit_id", "lacks_unit", "administers")

# persona: (sees_everything, manages_registers, own unit, lacks_unit, administers); "a1"/"b1" name world units.
TABLE = {
    "city": (True, True, None, False, False),
    "viewer": (True, False, None, False, False),
    "officer": (False, False, "a1", False, False),
    "officer2": (False, False, "a2", False, False),
    "outsider": (False, False, "b1", False, False),
    "no_unit": (False, False, None, True, False),
}


@pytest.mark.parametrize("persona", TABLE)
def test_user_rights_per_persona(request, world, persona):
    rights = UserRights(request.getfixturevalue(persona))
    expected = TABLE[persona]
    unit = getattr(world, expected[2]).pk if expected[2] else None
    assert tuple(getattr(rights, name) for name in ATTRIBUTES) == (*expected[:2], unit, *expected[3:])


def test_a_superuser_administers_and_manages_whatever_the_role(world):
    rights = UserRights(make_user("root", is_superuser=True))
    assert (rights.administers, rights.manages_registers, rights.sees_everything, rights.lacks_unit) == (
        True, True, True, False)


def test_an_anonymous_visitor_may_do_nothing():
    rights = UserRights(AnonymousUser())
    assert not any(getattr(rights, name) for name in ATTRIBUTES)


@pytest.mark.parametrize(("persona", "units_link", "create_button"), [
    ("city", "units:list", True), ("viewer", "units:list", False), ("officer", "units:detail", False),
    ("no_unit", None, False),
])
def test_the_menu_and_the_start_page_read_the_rights(client_as, world, persona, units_link, create_button):
    page = client_as(persona).get(reverse("home")).content.decode()
    menu = page[page.index('class="main-nav"'):page.index("</nav>")]
    assert (f'href="{reverse("units:list")}"' in menu) == (units_link == "units:list")
    assert (f'href="{reverse("units:detail", args=[world.a1.pk])}"' in menu) == (units_link == "units:detail")
    assert (reverse("campaigns:create") in page) == create_button
    assert ("chưa được gắn với đơn vị nào" in page) == (persona == "no_unit")


def test_the_login_page_renders_for_an_anonymous_visitor(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert not response.context["user_rights"].sees_everything
