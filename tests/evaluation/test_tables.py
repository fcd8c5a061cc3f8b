"""Scoring tables in the database: constraints, publishing, immutability, versions, copies, which table applies."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import Campaign
from evaluation import services
from evaluation.models import Criterion, ScoringTable
from groups.models import Group
from tests.factories import make_campaign, make_group, make_unit, make_user

pytestmark = pytest.mark.django_db


def make_table(campaign, kind=Group.Kind.BLOC, group=None, *, sections=((60, (40, 20)), (40, (30, 10))), **fields):
    """A draft table; ``sections`` are (max, (criteria maxima…)) with codes I, II… and 1.1, 1.2…"""
    table = ScoringTable.objects.create(campaign=campaign, group_kind=kind, group=group,
                                        title=fields.pop("title", "Bảng chấm điểm khối"), **fields)
    position = 0
    for s, (section_max, criteria) in enumerate(sections, start=1):
        position += 1
        section = Criterion.objects.create(table=table, code=["I", "II", "III", "IV"][s - 1],
                                           name=f"Nhóm tiêu chí {s}", max_points=D(section_max), position=position)
        for c, criterion_max in enumerate(criteria, start=1):
            position += 1
            Criterion.objects.create(table=table, parent=section, code=f"{s}.{c}", name=f"Tiêu chí {s}.{c}",
                                     max_points=D(criterion_max), position=position)
    return table


@pytest.fixture
def campaign(db):
    return make_campaign(2024, Campaign.Status.ISSUED)


@pytest.fixture
def city_user(db):
    return make_user("city", role="city_staff")


def test_a_draft_that_breaks_a_sum_can_be_saved_but_not_published(campaign, city_user):
    table = make_table(campaign, sections=((60, (40, 25)), (40, (30, 10))))
    with pytest.raises(ValidationError) as refused:
        services.publish(table, city_user)
    assert refused.value.messages == ["Dòng I – Nhóm tiêu chí 1: điểm chuẩn 60,00 nhưng các dòng con cộng lại 65,00."]
    table.refresh_from_db()
    assert table.is_draft and table.published_at is None


def test_a_published_table_refuses_every_change(campaign, city_user):
    table = services.publish(make_table(campaign), city_user)
    assert table.is_published and table.published_by == city_user
    row = table.criteria.get(code="1.1")
    row.max_points = D(41)
    for attempt in (row.save, row.delete, table.save, table.delete,
                    lambda: Criterion.objects.create(table=table, code="III", name="Mới", max_points=D(1))):
        with pytest.raises(ValidationError, match="đã ban hành"):
            attempt()
    assert table.criteria.get(code="1.1").max_points == D(40) and table.criteria.count() == 6


def test_a_new_version_needs_a_reason_copies_the_tree_and_says_what_changed(campaign, city_user):
    first = services.publish(make_table(campaign), city_user)
    with pytest.raises(ValidationError, match="lý do"):
        services.new_version(first, "  ")
    second = services.new_version(first, "Điều chỉnh theo quy chế mới của khối")
    assert (second.version, second.previous, second.is_draft) == (2, first, True)
    tree = {row.code: (row.parent.code if row.parent else None, row.max_points) for row in second.criteria.all()}
    assert tree == {"I": (None, D(60)), "1.1": ("I", D(40)), "1.2": ("I", D(20)),
                    "II": (None, D(40)), "2.1": ("II", D(30)), "2.2": ("II", D(10))}
    Criterion.objects.filter(table=second, code="1.1").update(max_points=D(35), name="Tiêu chí sửa")
    Criterion.objects.filter(table=second, code="2.2").delete()
    Criterion.objects.create(table=second, parent=second.criteria.get(code="I"), code="1.3", name="Mới",
                             max_points=D(5))
    changes = {(c["code"], c["change"]): c["fields"] for c in services.version_changes(first, second)}
    assert changes == {("1.1", "changed"): ["name", "max_points"], ("1.3", "added"): [], ("2.2", "removed"): []}
    # A second draft of the same version chain is refused, and so is a version of an older table.
    with pytest.raises(ValidationError, match="Chỉ lập phiên bản mới cho bảng đã ban hành"):
        services.new_version(second, "Lần nữa")
    services.publish(_fix_sums(second), city_user)
    with pytest.raises(ValidationError, match="mới hơn"):
        services.new_version(first, "Từ bản cũ")


def _fix_sums(table):
    Criterion.objects.filter(table=table, code="II").update(max_points=D(30))
    Criterion.objects.filter(table=table, code="I").update(max_points=D(60))
    Criterion.objects.filter(table=table, code="1.3").update(max_points=D(5))
    Criterion.objects.filter(table=table, code="1.2").update(max_points=D(20))
    table.total_max = D(90)
    table.save()
    return table


def test_the_group_sees_the_latest_published_version_and_its_own_override_first(campaign, city_user):
    units = [make_unit(f"S{i}", f"Sở {i}") for i in range(3)]
    bloc = make_group(campaign, "Khối các sở kinh tế", Group.Kind.BLOC, leader=units[0], members=units[1:2])
    other = make_group(campaign, "Khối các sở văn hóa – xã hội", Group.Kind.BLOC, leader=units[2])
    assert ScoringTable.objects.current_for_group(bloc) is None
    first = services.publish(make_table(campaign), city_user)
    assert ScoringTable.objects.current_for_group(bloc) == first
    second = services.new_version(first, "Sửa hướng dẫn chấm")
    assert ScoringTable.objects.current_for_group(bloc) == first  # a draft does not apply yet
    services.publish(second, city_user)
    assert ScoringTable.objects.current_for_group(bloc) == second
    own = services.publish(make_table(campaign, group=bloc, title="Bảng riêng của khối kinh tế"), city_user)
    assert ScoringTable.objects.current_for_group(bloc) == own
    assert ScoringTable.objects.current_for_group(other) == second


def test_copying_last_years_table_into_a_new_campaign(campaign, city_user):
    table = services.publish(make_table(campaign, bonus_cap=D(10), htxs_floor=D(90)), city_user)
    next_year = make_campaign(2025)
    copy = services.copy_to_campaign(table, next_year)
    assert (copy.campaign, copy.version, copy.is_draft, copy.bonus_cap, copy.htxs_floor) == (
        next_year, 1, True, D(10), D(90))
    assert sorted(copy.criteria.values_list("code", flat=True)) == ["1.1", "1.2", "2.1", "2.2", "I", "II"]


@pytest.mark.parametrize(("fields", "constraint"), [
    ({"version": 2}, "scoring_table_version_has_reason"),
    ({"total_max": D(0)}, "scoring_table_total_positive"),
    ({"bonus_cap": D(-1)}, "scoring_table_bonus_cap_not_negative"),
    ({"htt_total": D(95)}, "scoring_table_thresholds_ordered"),
    ({"status": "published"}, "scoring_table_published_has_time"),
])
def test_table_constraints(campaign, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        with transaction.atomic():
            ScoringTable.objects.create(campaign=campaign, group_kind=Group.Kind.BLOC, title="Bảng", **fields)


def test_one_draft_per_kind_and_codes_unique_in_a_table(campaign):
    table = make_table(campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_table(campaign)
    make_table(campaign, Group.Kind.CLUSTER)  # the other kind has its own
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(table=table, code="1.1", name="Trùng mã", max_points=D(1))


@pytest.mark.parametrize(("fields", "constraint"), [
    ({"max_points": D(-1)}, "criterion_max_not_negative"),
    ({"kind": "bonus", "parent": "I"}, "criterion_bonus_penalty_top_level"),
    ({"kind": "penalty", "source": "attainment"}, "criterion_computed_is_score"),
    ({"source": "reporting"}, "criterion_reporting_has_deduction"),
])
def test_criterion_constraints(campaign, fields, constraint):
    table = make_table(campaign)
    if fields.get("parent"):
        fields["parent"] = table.criteria.get(code=fields["parent"])
    fields.setdefault("max_points", D(5))
    with pytest.raises(IntegrityError, match=constraint):
        with transaction.atomic():
            Criterion.objects.create(table=table, code="X", name="Dòng thử", **fields)


def test_a_row_cannot_hang_under_a_row_of_another_table_or_under_itself(campaign):
    table = make_table(campaign)
    other = make_table(campaign, Group.Kind.CLUSTER)
    row = table.criteria.get(code="1.1")
    row.parent = other.criteria.get(code="I")
    with pytest.raises(ValidationError, match="bảng chấm điểm khác"):
        row.full_clean()
    section = table.criteria.get(code="I")
    section.parent = table.criteria.get(code="1.1")
    with pytest.raises(ValidationError, match="chính nó"):
        section.full_clean()

