"""The rules the models and the database hold, whatever path a change comes through."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pledges import services
from pledges.models import Commitment, Pledge, PledgeLine, Signature, Target
from tests.builders import fill


def test_draft_is_prefilled_from_the_plan(pledge, world):
    assert pledge.title == "Giao ước thi đua năm 2024 — Cụm thi đua các sở số 1"
    assert pledge.legal_bases.splitlines() == ["Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 98/2023/NĐ-CP"]
    assert [c.text for c in pledge.commitments.all()] == [
        "Đẩy mạnh cải cách hành chính", "Tăng cường kỷ luật, kỷ cương", "Chuyển đổi số"]
    lines = list(pledge.lines.all())
    assert [(line.code, line.direction, line.city_value) for line in lines] == [
        ("KT01", "higher", Decimal("8.5")), ("XH01", "lower", Decimal("1234.5")), ("CQ01", "done", None)]
    assert all(line.indicator_id for line in lines)


def test_signed_pledge_refuses_every_model_change(signed_pledge, world):
    signed_pledge.title = "Sửa trộm"
    with pytest.raises(ValidationError):
        signed_pledge.save()
    with pytest.raises(ValidationError):
        signed_pledge.delete()
    target = signed_pledge.targets.first()
    target.value = Decimal("99")
    with pytest.raises(ValidationError):
        target.save()
    with pytest.raises(ValidationError):
        target.delete()
    line = signed_pledge.lines.first()
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        PledgeLine(pledge=signed_pledge, code="R01", name="Mới").save()
    with pytest.raises(ValidationError):
        signed_pledge.commitments.first().delete()
    signature = signed_pledge.signatures.first()
    signature.signer_name = "Người khác"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    signed_pledge.refresh_from_db()
    assert signed_pledge.title != "Sửa trộm"
    assert signed_pledge.targets.filter(value=99).count() == 0


def test_open_pledge_targets_are_locked_too(open_pledge, world):
    target = open_pledge.targets.first()
    target.value = Decimal("1")
    with pytest.raises(ValidationError):
        target.save()


def test_signature_only_while_open(pledge, world):
    with pytest.raises(ValidationError):
        Signature(pledge=pledge, unit=world.a1, signer_name="A", signer_position="B").save()


def test_database_allows_one_unsigned_version_per_group(pledge, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=pledge.campaign, group=pledge.group, version=2, amendment_reason="x",
                              title="Bản thứ hai")


def test_amendment_needs_a_reason_in_the_database(signed_pledge):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=signed_pledge.campaign, group=signed_pledge.group, version=2, title="x")


def test_target_value_only_when_set(pledge, world):
    line = pledge.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(pledge=pledge, line=line, unit=world.a1, status=Target.Status.NOT_APPLICABLE,
                              value=Decimal("1"))


def test_one_target_per_line_and_unit(pledge, world):
    fill(pledge, world.a1, {"KT01": "1"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(pledge=pledge, line=pledge.lines.first(), unit=world.a1, status="set", value=2)


def test_one_signature_per_unit(open_pledge, world):
    services.sign(open_pledge, world.a1.pk, None, signer_name="A", signer_position="B")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.bulk_create([Signature(pledge=open_pledge, unit=world.a1, signer_name="C",
                                                 signer_position="D")])


def test_commitments_and_lines_editable_in_draft(pledge):
    Commitment.objects.create(pledge=pledge, position=9, text="Cam kết riêng của cụm")
    assert pledge.commitments.count() == 4
