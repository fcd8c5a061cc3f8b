"""Unit: database constraints, their Vietnamese messages, visibility and Vietnamese alphabetical order."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.collation import compare, sort_key
from tests.factories import make_unit, make_user, retire
from units.models import Unit

pytestmark = pytest.mark.django_db


# --- constraints -----------------------------------------------------------------------------------------


def test_code_is_unique():
    make_unit("SKHDT")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit("SKHDT", "Một đơn vị khác")


def test_active_unit_cannot_have_a_retirement_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="X", name="X", retirement_reason="Giải thể")


def test_active_unit_cannot_be_merged_into_another():
    other = make_unit("Y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="X", name="X", merged_into=other)


def test_retired_unit_keeps_its_details():
    other = make_unit("Y")
    unit = Unit.objects.create(
        code="X", name="X", retired_on=datetime.date(2024, 6, 30), retirement_reason="Sáp nhập", merged_into=other
    )
    assert not unit.is_active
    assert list(other.merged_units.all()) == [unit]


def test_unit_cannot_be_merged_into_itself():
    unit = make_unit("X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(
            retired_on=datetime.date(2024, 1, 1), retirement_reason="?", merged_into=unit
        )


def test_full_clean_explains_retirement_details_in_vietnamese():
    unit = Unit(code="X", name="X", retirement_reason="Giải thể")
    with pytest.raises(ValidationError) as excinfo:
        unit.full_clean()
    assert "Đơn vị đang hoạt động không có lý do ngừng hoạt động hay đơn vị sáp nhập." in excinfo.value.messages


def test_full_clean_explains_merging_into_itself_in_vietnamese():
    unit = make_unit("X")
    unit.retired_on, unit.retirement_reason, unit.merged_into = datetime.date(2024, 1, 1), "?", unit
    with pytest.raises(ValidationError) as excinfo:
        unit.full_clean()
    assert "Không thể sáp nhập đơn vị vào chính nó." in excinfo.value.messages


def test_display_name_prefers_the_short_name():
    assert Unit(name="Quận Hải Châu", short_name="Hải Châu").display_name == "Hải Châu"
    assert Unit(name="Quận Hải Châu").display_name == "Quận Hải Châu"


def test_active_excludes_retired_units():
    active, gone = make_unit("A"), retire(make_unit("B"))
    assert list(Unit.objects.active()) == [active]
    assert gone not in Unit.objects.active()


# --- visibility ------------------------------------------------------------------------------------------


def test_visible_to_by_persona(world, city, viewer, officer, outsider, no_unit):
    everything = set(Unit.objects.all())
    assert set(Unit.objects.visible_to(city)) == everything
    assert set(Unit.objects.visible_to(viewer)) == everything
    assert set(Unit.objects.visible_to(officer)) == {world.a1, world.a2, world.a3}
    assert set(Unit.objects.visible_to(outsider)) == {world.b1, world.b2}
    assert list(Unit.objects.visible_to(no_unit)) == []


def test_visible_to_an_officer_whose_unit_is_in_no_group(world):
    loner = make_user("loner", unit=world.loner)
    assert list(Unit.objects.visible_to(loner)) == [world.loner]


# --- Vietnamese order ------------------------------------------------------------------------------------

ALPHABETICAL = ["An", "Ăn", "Ân", "Bắc", "Đà Nẵng", "Zeta"]
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng (Từ điển tiếng Việt; ICU/CLDR "vi").
TONES = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def _names_in_database_order(names):
    Unit.objects.bulk_create(Unit(code=f"C{i}", name=name) for i, name in enumerate(reversed(names)))
    return list(Unit.objects.order_by("name").values_list("name", flat=True))


def test_database_orders_names_alphabetically_in_vietnamese():
    assert _names_in_database_order(ALPHABETICAL) == ALPHABETICAL


def test_database_orders_names_with_spaces_and_case():
    names = ["an", "An", "Ba Đình", "Bà Rịa", "Bạc Liêu", "Bắc", "Dz", "Đà Nẵng", "Ôn", "Ơn", "Uyên", "Ưng"]
    assert _names_in_database_order(names) == names


def test_database_orders_tones_as_the_dictionary_does():
    assert _names_in_database_order(TONES) == TONES


def test_default_ordering_is_by_name():
    assert _names_in_database_order(ALPHABETICAL) == [u.name for u in Unit.objects.all()]


# --- common.collation.sort_key ---------------------------------------------------------------------------


def test_sort_key_letters_of_their_own():
    assert sorted(reversed(ALPHABETICAL), key=sort_key) == ALPHABETICAL
    assert sorted(["e", "ê", "d", "đ", "o", "ơ", "ô", "u", "ư"], key=sort_key) == [
        "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư",
    ]


def test_sort_key_tones_only_break_ties():
    # A tone never outweighs a later letter: "Má" < "Man" although "a" < "á".
    assert sorted(["Man", "Má"], key=sort_key) == ["Má", "Man"]
    assert sort_key("Hà")[0] == sort_key("Ha")[0]


def test_sort_key_tones_in_dictionary_order():
    assert sorted(reversed(TONES), key=sort_key) == TONES


def test_sort_key_case_breaks_the_last_tie():
    assert sorted(["AN", "An", "an"], key=sort_key) == ["an", "An", "AN"]


def test_sort_key_space_sorts_before_letters():
    assert sorted(["Bac", "Ba Đình"], key=sort_key) == ["Ba Đình", "Bac"]


def test_sort_key_is_the_same_composed_or_decomposed():
    import unicodedata

    assert sort_key(unicodedata.normalize("NFD", "Đà Nẵng")) == sort_key("Đà Nẵng")


def test_sort_key_digits_first_and_unknown_characters_last():
    assert sorted(["b", "2", "—"], key=sort_key) == ["2", "b", "—"]


def test_sort_key_of_none_sorts_first():
    assert sort_key(None) == sort_key("")
    assert sort_key(None) < sort_key("a")


@pytest.mark.parametrize(
    ("left", "right", "expected"), [("An", "Ăn", -1), ("Ăn", "An", 1), ("Đà", "Đà", 0), ("zeta", "Ân", 1)]
)
def test_compare_is_a_strcmp(left, right, expected):
    assert compare(left, right) == expected
