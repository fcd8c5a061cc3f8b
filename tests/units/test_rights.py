"""What a unit's page lets each persona do: units.access.UnitRights, read by unit_detail.html."""

import datetime

import pytest
from django.urls import reverse

from units.access import UnitRights

pytestmark = pytest.mark.django_db

ATTRIBUTES = ("edit", "retire", "sees_register")
T, F = True, False

# (persona, whether the unit is active): edit, retire, sees_register. Officers see their own unit a1.
TABLE = {
    ("city", True): (T, T, T),
    ("city", False): (T, F, T),
    ("viewer", True): (F, F, T),
    ("officer", True): (F, F, F),
    ("officer", False): (F, F, F),
}


def unit(world, active):
    if not active:
        world.a1.retired_on, world.a1.retirement_reason = datetime.date(2024, 6, 1), "Sáp nhập"
        world.a1.merged_into = world.a2
        world.a1.save()
    return world.a1


@pytest.mark.parametrize(("persona", "active"), TABLE)
def test_unit_rights_per_persona(request, world, persona, active):
    rights = UnitRights.of(request.getfixturevalue(persona), unit(world, active))
    assert tuple(getattr(rights, name) for name in ATTRIBUTES) == TABLE[persona, active]


@pytest.mark.parametrize(("persona", "active"), TABLE)
def test_the_unit_page_shows_what_the_rights_say(request, client_as, world, persona, active):
    subject = unit(world, active)
    rights = UnitRights.of(request.getfixturevalue(persona), subject)
    page = client_as(persona).get(reverse("units:detail", args=[subject.pk])).content.decode()
    assert (reverse("units:edit", args=[subject.pk]) in page) == rights.edit
    assert (reverse("groups:unit_retire", args=[subject.pk]) in page) == rights.retire
    assert (f'href="{reverse("units:list")}"' in page) == rights.sees_register
    if not active:
        assert (reverse("units:detail", args=[world.a2.pk]) in page) == rights.sees_register
