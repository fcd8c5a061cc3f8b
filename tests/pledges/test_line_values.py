"""One rule for the values of a pledge line (:func:`pledges.models.validate_line_value`), used by every way a value
comes in: the grid's cell, the unit form without JavaScript, the Excel import and the progress report.

KT01 (growth, %) does not allow negatives in the shared world; a negative is refused everywhere with the same
message, and a line that allows negatives takes one everywhere. Non-finite numbers are never values."""

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges.forms import parse_cell
from pledges.models import PledgeLine, validate_line_value
from progress import services as progress_services
from progress.services import Entry
from tests.builders import FULL, period_named, report_with, signed_pledge_of
from tests.factories import login

from .test_excel import import_file, row, sheet

pytestmark = pytest.mark.django_db

NEGATIVE = "Chỉ tiêu “KT01” không nhận số âm."


def kt01(pledge) -> PledgeLine:
    return pledge.lines.get(code="KT01")


# --- the rule ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [Decimal("-0.0001"), Decimal(-5), -7, -7.5])
def test_the_rule_refuses_a_negative_unless_the_line_allows_it(value):
    with pytest.raises(ValidationError, match=NEGATIVE):
        validate_line_value(value, allows_negative=False, code="KT01")
    assert validate_line_value(value, allows_negative=True, code="KT01") == Decimal(str(value))


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"),
                                   float("inf"), float("nan"), float("1e309")])
def test_the_rule_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ValidationError, match="không phải là một số hữu hạn"):
        validate_line_value(value, allows_negative=True, code="KT01")


@pytest.mark.parametrize("value", [Decimal("1e14"), Decimal("0.00001")])
def test_the_rule_refuses_what_the_database_cannot_hold(value):
    with pytest.raises(ValidationError, match="quá lớn hoặc quá 4 chữ số thập phân"):
        validate_line_value(value, allows_negative=True, code="KT01")


def test_zero_and_empty_pass():
    assert validate_line_value(Decimal(0), allows_negative=False, code="KT01") == 0
    assert validate_line_value(None, allows_negative=False, code="KT01") is None


def test_a_line_checks_its_own_values(pledge):
    line = kt01(pledge)
    with pytest.raises(ValidationError, match=NEGATIVE):
        line.clean_value(Decimal("-5"))
    line.allows_negative = True
    assert line.clean_value(Decimal("-5")) == Decimal("-5")


@pytest.mark.parametrize("raw", [float("inf"), float("nan"), Decimal("NaN")])
def test_a_cell_holding_a_non_finite_number_is_refused(pledge, raw):
    with pytest.raises(ValidationError, match="không phải là một số hữu hạn"):
        parse_cell(raw, kt01(pledge))


# --- the four ways in -------------------------------------------------------------------------------------


def post_cell(client, pledge, unit, value):
    url = reverse("pledges:cell", args=[pledge.pk, kt01(pledge).pk, unit.pk])
    return client.post(url, {"value": value, "version": "0"}, headers={"HX-Request": "true"})


def test_grid_refuses_a_negative_target(pledge, world, officer):
    response = post_cell(login(officer), pledge, world.a1, "-5")
    assert response.status_code == 422
    assert NEGATIVE in response.content.decode()
    assert not pledge.targets.exists()


def test_grid_takes_a_negative_where_the_line_allows_it(pledge, world, officer):
    PledgeLine.objects.filter(pk=kt01(pledge).pk).update(allows_negative=True)
    response = post_cell(login(officer), pledge, world.a1, "-5")
    assert response.status_code == 200
    assert pledge.targets.get().value == Decimal(-5)


def test_unit_form_refuses_a_negative_target_and_saves_nothing(pledge, world, officer):
    lines = {line.code: line for line in pledge.lines.all()}
    response = login(officer).post(reverse("pledges:unit_targets", args=[pledge.pk, world.a1.pk]), {
        f"value-{lines['KT01'].pk}": "-5", f"value-{lines['XH01'].pk}": "3", f"value-{lines['CQ01'].pk}": "x"})
    assert response.status_code == 200
    assert NEGATIVE in response.content.decode()
    assert not pledge.targets.exists()


def test_excel_import_refuses_a_negative_target(pledge, world, city):
    result = import_file(pledge, sheet([row(world.a1.code, "KT01", -7), row(world.a2.code, "KT01", 3)]), city)
    assert not result.ok
    assert [str(error) for error in result.errors] == [f"Dòng 2: {NEGATIVE}"]
    assert not pledge.targets.exists()


def test_excel_import_refuses_a_negative_typed_as_text(pledge, world, city):
    result = import_file(pledge, sheet([row(world.a1.code, "KT01", "-7,5")]), city)
    assert [error.message for error in result.errors] == [NEGATIVE]


def test_service_refuses_a_negative_whatever_the_caller(pledge, world, officer):
    from pledges import services

    with pytest.raises(ValidationError, match=NEGATIVE):
        services.save_target(pledge, kt01(pledge), world.a1.pk, officer, status="set", value=Decimal(-5),
                             expected_version=0)
    with pytest.raises(ValidationError, match=NEGATIVE):
        services.apply_import(pledge, [(kt01(pledge), world.a1.pk, "set", Decimal(-7))], officer)
    assert not pledge.targets.exists()


@pytest.fixture
def report(world, officer):
    signed_pledge_of(world.cluster_a, [world.a1, world.a2, world.a3])
    return report_with(period_named(world.c2024, "6 tháng"), world.a1, officer, values=FULL)


def kt01_entry(report, actual):
    value = report.values.get(line__code="KT01")
    return {value.pk: Entry(actual=actual)}


@pytest.mark.parametrize(("actual", "message"), [
    (Decimal("-2"), NEGATIVE),
    (Decimal("NaN"), "không phải là một số hữu hạn"),
    (Decimal("Infinity"), "không phải là một số hữu hạn"),
    (Decimal("1e20"), "quá lớn"),
])
def test_report_refuses_by_the_same_rule(report, officer, actual, message):
    with pytest.raises(ValidationError, match=message):
        progress_services.save_values(report, kt01_entry(report, actual), officer)
    assert report.values.get(line__code="KT01").actual == Decimal("4.25")


def test_excel_import_refuses_an_infinite_number(pledge, world, city):
    """``<v>1e309</v>`` reads as a float infinity: a row error, not a server error."""
    content = sheet([row(world.a1.code, "KT01", 1e308)])
    source, patched = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                assert b"<v>1e+308</v>" in data
                data = data.replace(b"<v>1e+308</v>", b"<v>1e309</v>")
            target.writestr(item, data)
    result = import_file(pledge, patched.getvalue(), city)
    assert [error.message for error in result.errors] == ["Giá trị của chỉ tiêu “KT01” không phải là một số hữu hạn."]
    assert not pledge.targets.exists()
