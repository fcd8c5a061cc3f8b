"""The evaluation pages take the same number of queries for a group of 5 and of 30 members × 40 criteria."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from evaluation import rounds, services
from evaluation.models import Criterion, ScoreEntry, ScoringTable
from groups.models import Group
from tests.evaluation.test_rounds import CROSS_DEADLINE, SELF_DEADLINE
from tests.factories import login, make_group, make_unit, make_user

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL: group 8 (city) / 9 (leader), results 9 / 10 (one for last year) — the
# sheets, entries and rows read once for every round (evaluation.rounds.load; 17 / 18 and 16 / 17 before),
# overview 7; a sheet not yet submitted 13 (city) / 15 (leader, member), 5 of them for the year's data its computed
# rows are worked out from (evaluation.facts.year_facts) — the same at both sizes.
MAX_QUERIES = {"group": 9, "sheet": 15, "own_sheet": 15, "results": 10, "overview": 7}


COMPUTED = ["attainment", "targets_achieved", "pledge_on_time", "reporting"]


def computed(i) -> dict:
    """The first four criteria are computed from the year's data, the others scored by hand."""
    if i >= len(COMPUTED):
        return {}
    return {"source": COMPUTED[i], "points_per_report": D("0.25") if COMPUTED[i] == "reporting" else None}


def bloc_of(world, size):
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Khối",
                                        total_max=D(40))
    section = Criterion.objects.create(table=table, code="I", name="Nhóm", max_points=D(40))
    Criterion.objects.bulk_create(Criterion(table=table, parent=section, code=f"1.{i}", name=f"Tiêu chí {i}",
                                            max_points=D(1), position=i, guide="Hướng dẫn", **computed(i))
                                  for i in range(40))
    services.publish(table, None)
    units = [make_unit(f"B{size}{i:02d}", f"Sở thử nghiệm có tên rất dài số {i:02d}") for i in range(size)]
    group = make_group(world.c2024, f"Khối thử {size}", Group.Kind.BLOC, leader=units[0], members=units[1:])
    evaluation = rounds.open_evaluation(group, None, SELF_DEADLINE, CROSS_DEADLINE)
    rounds.assign_scorers(evaluation, rounds.round_robin([u.pk for u in units]), None)
    sheets = list(evaluation.sheets.all())
    ScoreEntry.objects.bulk_create(ScoreEntry(sheet=s, code=f"1.{i}", self_points=D("0.5"), cross_points=D("0.75"))
                                   for s in sheets for i in range(40))
    return group, evaluation, units, sheets


@pytest.mark.parametrize("size", [5, 30])
@pytest.mark.parametrize("persona", ["city", "leader", "member"])
def test_pages_take_the_same_queries_whatever_the_size(world, city, size, persona, django_assert_max_num_queries):
    group, evaluation, units, sheets = bloc_of(world, size)
    if persona == "member":
        own = next(sheet for sheet in sheets if sheet.unit_id == units[-1].pk)
        client = login(make_user("member", unit=units[-1]))
        urls = {"own_sheet": reverse("evaluation:sheet", args=[own.pk])}
        response = client.get(urls["own_sheet"])
        assert "Tiêu chí 0" in response.content.decode() and "tạm tính" in response.content.decode()
    else:
        user = city if persona == "city" else make_user("leader", unit=units[0])
        client = login(user)
        urls = {"group": reverse("evaluation:group", args=[group.pk]),
                "sheet": reverse("evaluation:sheet", args=[sheets[-1].pk]),
                "results": reverse("evaluation:results", args=[group.pk])}
    if persona == "city":
        urls["overview"] = reverse("evaluation:overview", args=[2024])
    for name, url in urls.items():
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            response = client.get(url)
        assert response.status_code == 200, name
