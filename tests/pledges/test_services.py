"""Workflows: filling in, conflicts, completeness, signing, amendments, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pledges import services
from pledges.diff import diff_versions
from pledges.forms import parse_cell
from pledges.history import target_changes
from pledges.models import Pledge, PledgeLine, Target
from tests.builders import COMPLETE, fill, fill_all, sign_all


def _line(pledge, code):
    return pledge.lines.get(code=code)


@pytest.mark.parametrize(("text", "code", "expected"), [
    ("8,5", "KT01", ("set", Decimal("8.5"))),
    ("1.250", "KT01", ("set", Decimal("1250"))),
    ("0", "KT01", ("set", Decimal("0"))),
    ("0", "XH01", ("set", Decimal("0"))),
    ("-", "KT01", ("na", None)),
    ("", "KT01", ("empty", None)),
    ("x", "CQ01", ("set", None)),
    ("-", "CQ01", ("na", None)),
    (0, "KT01", ("set", Decimal("0"))),
    (7.25, "XH01", ("set", Decimal("7.25"))),
])
def test_parse_cell(pledge, text, code, expected):
    assert parse_cell(text, _line(pledge, code)) == expected


@pytest.mark.parametrize(("text", "code"), [("abc", "KT01"), ("8,5", "CQ01"), ("1,23456", "KT01"), ("1e20", "KT01"),
                                            ("-2,5", "KT01")])
def test_parse_cell_refuses(pledge, text, code):
    with pytest.raises(ValidationError):
        parse_cell(text, _line(pledge, code))


def test_zero_is_a_commitment_and_counts_as_filled(pledge, world, members):
    fill(pledge, world.a1, {"KT01": "0", "XH01": "0", "CQ01": "x"})
    progress = {p.unit.pk: p for p in services._load_completeness(pledge)}
    assert progress[world.a1.pk].is_complete
    assert pledge.targets.get(unit=world.a1, line__code="KT01").value == 0


def test_save_target_conflict_keeps_the_first_value(pledge, world, officer, city):
    line = _line(pledge, "KT01")
    first = services.save_target(pledge, line, world.a1.pk, officer, status="set", value=Decimal("8"),
                                 expected_version=0)
    # A second person saves on top of the same (now stale) state: both had version 0 in their page.
    with pytest.raises(services.TargetConflict) as conflict:
        services.save_target(pledge, line, world.a1.pk, city, status="set", value=Decimal("9"), expected_version=0)
    assert conflict.value.current.value == Decimal("8")
    services.save_target(pledge, line, world.a1.pk, city, status="set", value=Decimal("9"),
                         expected_version=first.version)
    with pytest.raises(services.TargetConflict) as conflict:
        services.save_target(pledge, line, world.a1.pk, officer, status="set", value=Decimal("7"),
                             expected_version=first.version)
    assert conflict.value.current.value == Decimal("9")
    assert conflict.value.current.updated_by == city
    assert pledge.targets.get(line=line, unit=world.a1).value == Decimal("9")


def test_numeric_line_needs_a_value(pledge, world):
    with pytest.raises(ValidationError):
        services.save_target(pledge, _line(pledge, "KT01"), world.a1.pk, None, status="set", value=None,
                             expected_version=0)


def test_open_for_signing_needs_every_member_complete(pledge, world, members):
    fill_all(pledge, [world.a1, world.a2])
    fill(pledge, world.a3, {"KT01": "1", "XH01": "2"})
    with pytest.raises(ValidationError, match="Sở Xây dựng"):
        services.open_for_signing(pledge, None)
    fill(pledge, world.a3, {"CQ01": "-"})
    assert services.open_for_signing(pledge, None).status == Pledge.Status.OPEN


def test_own_line_of_one_unit_is_required_only_of_that_unit(pledge, world, members):
    fill_all(pledge, members)
    services.add_line(pledge, PledgeLine(name="Số sáng kiến được công nhận", measure_unit="sáng kiến", unit=world.a2))
    progress = {p.unit.pk: p for p in services._load_completeness(pledge)}
    assert progress[world.a1.pk].is_complete and progress[world.a3.pk].is_complete
    assert not progress[world.a2.pk].is_complete
    fill(pledge, world.a2, {"R01": "3"})
    assert services.open_for_signing(pledge, None).status == Pledge.Status.OPEN


def test_the_last_signature_signs_the_pledge(open_pledge, world):
    services.sign(open_pledge, world.a1.pk, None, signer_name="A", signer_position="Giám đốc")
    services.sign(open_pledge, world.a2.pk, None, signer_name="B", signer_position="Giám đốc")
    open_pledge.refresh_from_db()
    assert open_pledge.status == Pledge.Status.OPEN
    services.sign(open_pledge, world.a3.pk, None, signer_name="C", signer_position="Giám đốc")
    open_pledge.refresh_from_db()
    assert open_pledge.status == Pledge.Status.SIGNED and open_pledge.signed_at


def test_a_unit_signs_once_and_only_members_sign(open_pledge, world):
    services.sign(open_pledge, world.a1.pk, None, signer_name="A", signer_position="B")
    with pytest.raises(ValidationError):
        services.sign(open_pledge, world.a1.pk, None, signer_name="A", signer_position="B")
    with pytest.raises(ValidationError):
        services.sign(open_pledge, world.b1.pk, None, signer_name="A", signer_position="B")
    assert open_pledge.signatures.count() == 1


def test_return_to_draft_withdraws_signatures(open_pledge, world):
    services.sign(open_pledge, world.a1.pk, None, signer_name="A", signer_position="B")
    pledge = services.return_to_draft(open_pledge, None)
    assert pledge.status == Pledge.Status.DRAFT and pledge.signatures.count() == 0
    fill(pledge, world.a1, {"KT01": "9"})


def test_amendment_is_a_new_draft_version_and_the_old_one_stays(signed_pledge, world, members, city):
    with pytest.raises(ValidationError):
        services.amend(signed_pledge, city, "   ")
    new = services.amend(signed_pledge, city, "Điều chỉnh theo Nghị quyết giữa năm")
    assert (new.version, new.status, new.amends) == (2, Pledge.Status.DRAFT, signed_pledge)
    assert new.targets.count() == signed_pledge.targets.count() == 9
    assert list(Pledge.objects.current().filter(group=world.cluster_a)) == [new]
    with pytest.raises(ValidationError):
        services.amend(signed_pledge, city, "Lần nữa")
    fill(new, world.a1, {"KT01": "9,5"})
    signed_pledge.refresh_from_db()
    assert signed_pledge.status == Pledge.Status.SIGNED
    assert signed_pledge.targets.get(unit=world.a1, line__code="KT01").value == Decimal("8.5")
    diff = diff_versions(signed_pledge, new)
    assert [(unit.pk, line.code, before, after) for unit, line, before, after in diff.targets] == [
        (world.a1.pk, "KT01", "8,5", "9,5")]
    services.open_for_signing(new, city)
    sign_all(new, members)
    new.refresh_from_db()
    assert new.status == Pledge.Status.SIGNED


def test_history_says_who_changed_what_from_what(pledge, world, officer, city):
    fill(pledge, world.a1, {"KT01": "8,5"}, user=officer)
    fill(pledge, world.a1, {"KT01": "9"}, user=city)
    fill(pledge, world.a1, {"KT01": "-"}, user=officer)
    changes = target_changes(pledge)
    assert [(c.user, c.before, c.after, c.kind) for c in changes] == [
        (officer, "9", "-", "~"), (city, "8,5", "9", "~"), (officer, "", "8,5", "+")]


def test_import_writes_all_rows_with_history(pledge, world, members, city):
    lines = {line.code: line for line in pledge.lines.all()}
    fill(pledge, world.a1, {"KT01": "1"})
    rows = [(lines[code], unit.pk, *parse_cell(text, lines[code])) for unit in members for code, text in COMPLETE.items()]
    created, updated = services.apply_import(pledge, rows, city)
    assert (created, updated) == (8, 1)
    assert pledge.targets.filter(status=Target.Status.SET).count() == 9
    assert Target.history.filter(pledge_id=pledge.pk, history_user=city).count() == 9
    assert pledge.targets.get(unit=world.a1, line__code="KT01").version == 2


def test_import_refused_once_open(open_pledge, city):
    with pytest.raises(ValidationError):
        services.apply_import(open_pledge, [], city)


def test_pledge_needs_an_issued_plan_and_only_one_per_group(world, city, pledge):
    with pytest.raises(ValidationError):
        services.create_pledge(world.cluster_a, city)
    from tests.factories import make_group, make_unit

    draft_group = make_group(world.c2025, "Cụm dự thảo", leader=make_unit("X1"))
    with pytest.raises(ValidationError):
        services.create_pledge(draft_group, city)


def test_signing_checks_completeness_again(open_pledge, world, members):
    """Targets cannot change once the pledge is open; should one still be missing (a row changed behind the
    application's back), nobody signs a pledge with a hole in it."""
    Target.objects.filter(pledge=open_pledge, unit=world.a3, line__code="KT01").update(status="empty", value=None)
    with pytest.raises(ValidationError, match="chưa nhập đủ chỉ tiêu: Sở Xây dựng"):
        services.sign(open_pledge, world.a1.pk, None, signer_name="Nguyễn Văn A", signer_position="Giám đốc")
    assert not open_pledge.signatures.exists()
