"""The demo's registrations of 2024: on time, late, missing, a draft for the demo officer, one reopened; purged by
``--reset``."""

from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import RegisteredPerson, Registration, Title
from awards.wording import registration_state_key
from demo import seed_awards as demo
from demo import seed_data
from groups.models import Membership

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def states() -> dict:
    registrations = {r.unit.code: r for r in Registration.objects.select_related("unit", "campaign")}
    return {m.unit.code: registration_state_key(registrations.get(m.unit.code))
            for m in Membership.objects.filter(campaign__year=2024).select_related("unit")}


def test_most_units_registered_on_time_a_few_late_a_few_not_at_all():
    output = seed()
    by_unit = states()
    assert {code for code, state in by_unit.items() if state == "late"} == set(demo.LATE)
    assert {code for code, state in by_unit.items() if state == "missing"} == demo.MISSING
    assert {code for code, state in by_unit.items() if state == "draft"} == {seed_data.OFFICER_UNIT}
    on_time = sum(1 for state in by_unit.values() if state == "on_time")
    assert on_time == len(by_unit) - 8 and on_time > 30
    assert (f"Đăng ký thi đua: {on_time} đúng hạn, 4 nộp muộn, 1 đang soạn, 3 chưa đăng ký") in output
    reopened = Registration.objects.get(unit__code=demo.REOPENED)
    assert reopened.is_submitted and not reopened.is_late and reopened.reopened_by.username == "city"
    assert reopened.people.filter(full_name="Tôn Nữ Hoài Thương").exists()
    counts = [r.people.count() for r in Registration.objects.all()]
    assert min(counts) >= 2 and max(counts) <= 5
    assert RegisteredPerson.objects.filter(full_name__startswith="Tôn Nữ").exists()


def test_a_reset_purges_the_registrations_and_builds_them_again():
    seed()
    before = sorted(Registration.objects.values_list("unit__code", "status"))
    seed(reset=True)
    assert sorted(Registration.objects.values_list("unit__code", "status")) == before
    assert Title.objects.filter(campaign__year=2024).count() == 7
