"""The city's ranking: every unit of the published groups of one kind, ranked across groups."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import display, scoring
from evaluation.models import Evaluation, ScoreEntry, ScoreSheet
from evaluation.views import RANKING_PAGE_SIZE
from groups.models import Group
from tests.evaluation import states
from tests.evaluation.test_rounds import cluster_table
from tests.factories import make_group, make_unit

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8  # measured on SQLite: 8 at 2 and at 40 groups (session, user, campaign, the count, the totals at
# the page's ends, the page's sheets, and for tied totals the tie-break's rows and entries)


def published_group(campaign, table, group, results):
    """A published evaluation of ``group``: ``results`` = [(unit, total, section I points, class, rank)]."""
    evaluation = Evaluation.objects.create(group=group, self_deadline=datetime.date(2025, 1, 10),
                                           cross_deadline=datetime.date(2025, 1, 20),
                                           status=Evaluation.Status.PUBLISHED, published_at=timezone.now())
    for unit, total, first, grade, rank in results:
        sheet = ScoreSheet.objects.create(evaluation=evaluation, unit=unit, table=table, final_total=D(total),
                                          final_class=grade, final_rank=rank)
        # Section I is made of three computed rows: its points sit on 1.1.
        ScoreEntry.objects.create(sheet=sheet, code="1.1", self_points=D(first), cross_points=D(first))
    return evaluation


def names(rows):
    return [(r.rank, r.unit_name, r.group_name, r.group_rank) for r in rows]


def test_units_are_ranked_across_groups_by_total_then_first_section_then_name(world, city):
    table = cluster_table(world.c2024, city)
    published_group(world.c2024, table, world.cluster_a, [
        (world.a1, "91.5", "20", scoring.HTXS, 1), (world.a2, "88", "15", scoring.HTT, 2),
        (world.a3, "70", "10", scoring.HT, 3)])
    published_group(world.c2024, table, world.cluster_b, [
        (world.b1, "88", "18", scoring.HTT, 1), (world.b2, "70", "10", scoring.HT, 2)])
    rows = display.city_ranking(world.c2024, Group.Kind.CLUSTER)
    a, b = world.cluster_a.name, world.cluster_b.name
    # b1 and a2 tie on 88: b1's section I (18) beats a2's (15); a3 and b2 tie on both: the name decides.
    tied = sorted([world.a3, world.b2], key=lambda u: scoring.sort_key(u.name))
    assert names(rows) == [
        (1, world.a1.name, a, 1), (2, world.b1.name, b, 1), (3, world.a2.name, a, 2),
        (4, tied[0].name, a if tied[0] == world.a3 else b, 3 if tied[0] == world.a3 else 2),
        (5, tied[1].name, a if tied[1] == world.a3 else b, 3 if tied[1] == world.a3 else 2),
    ]
    assert display.city_ranking(world.c2024, Group.Kind.BLOC) == []


def test_only_published_groups_count(world, city):
    states.both_rounds(world)  # cluster A scored in both rounds, not published
    assert display.city_ranking(world.c2024, Group.Kind.CLUSTER) == []


def test_the_page_lists_the_published_units_with_class_and_a_kind_filter(world, city, city_client):
    states.published(world)
    url = reverse("evaluation:ranking", args=[2024])
    page = city_client.get(url, {"kind": "cluster"}).content.decode()
    assert world.a1.name in page and world.cluster_a.name in page
    sheet = ScoreSheet.objects.get(unit=world.a1)
    assert str(display.CLASS_LABELS[sheet.final_class]) in page
    assert reverse("evaluation:results", args=[world.cluster_a.pk]) in page
    assert f'href="{url}?kind=bloc"' in page
    bloc = city_client.get(url, {"kind": "bloc"}).content.decode()
    assert world.a1.name not in bloc
    assert "Chưa có khối thi đua nào công bố kết quả" in bloc
    assert f'href="{url}?kind=cluster"' in bloc


def test_an_unknown_kind_shows_the_blocs(world, city_client):
    page = city_client.get(reverse("evaluation:ranking", args=[2024]), {"kind": "x"}).content.decode()
    assert 'aria-current="page">Khối thi đua</a>' in page


def test_the_overview_links_to_the_ranking(world, city_client):
    page = city_client.get(reverse("evaluation:overview", args=[2024])).content.decode()
    assert reverse("evaluation:ranking", args=[2024]) + "?kind=cluster" in page


@pytest.mark.parametrize("size", [2, 40])
def test_the_ranking_takes_the_same_queries_whatever_the_size(world, city, city_client, size,
                                                               django_assert_max_num_queries):
    table = cluster_table(world.c2024, city)
    for g in range(size):
        units = [make_unit(f"R{size}{g:02d}{i}", f"Quận thử nghiệm {g:02d} đơn vị {i}") for i in range(3)]
        group = make_group(world.c2024, f"Cụm thử {g:02d}", leader=units[0], members=units[1:])
        published_group(world.c2024, table, group, [(u, f"{80 + i}", "10", scoring.HTT, 3 - i)
                                                    for i, u in enumerate(units)])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = city_client.get(reverse("evaluation:ranking", args=[2024]), {"kind": "cluster"})
    assert response.status_code == 200
    assert response.content.decode().count('class="unit-name"') == min(3 * size, RANKING_PAGE_SIZE)


def test_the_ranking_shows_fifty_units_a_page_ranked_across_all(world, city, city_client):
    """120 units: pages of 50, 50 and 20, each with real links keeping the kind; ranks go on across the pages."""
    table = cluster_table(world.c2024, city)
    for g in range(40):
        units = [make_unit(f"P{g:02d}{i}", f"Phường thử nghiệm {g:02d} đơn vị {i}") for i in range(3)]
        group = make_group(world.c2024, f"Cụm trang {g:02d}", leader=units[0], members=units[1:])
        published_group(world.c2024, table, group, [(u, f"{10 + g + i / 10}", "10", scoring.HT, 3 - i)
                                                    for i, u in enumerate(units)])
    url = reverse("evaluation:ranking", args=[2024])
    rows = display.city_ranking(world.c2024, Group.Kind.CLUSTER)
    first = city_client.get(url, {"kind": "cluster"}).content.decode()
    assert first.count('class="unit-name"') == 50 and '<span class="badge">120</span>' in first
    assert rows[0].unit_name in first and rows[50].unit_name not in first
    assert 'href="?kind=cluster&amp;page=2"' in first and "Trang 1/3 (1–50 trên 120)" in first
    last = city_client.get(url, {"kind": "cluster", "page": "3"}).content.decode()
    assert last.count('class="unit-name"') == 20 and rows[-1].unit_name in last
    assert '<td class="num">101</td>' in last and 'href="?kind=cluster&amp;page=2"' in last
    assert "Trang sau" not in last
    # A page past the end shows the last one; a page that is no number, the first.
    assert city_client.get(url, {"kind": "cluster", "page": "9"}).content.decode().count('class="unit-name"') == 20
    assert rows[0].unit_name in city_client.get(url, {"kind": "cluster", "page": "x"}).content.decode()



def test_the_paged_ranking_ranks_as_the_whole_ranking_on_ties(world, city):
    """:class:`display.CityRanking` (the page's slices) gives exactly :func:`display.city_ranking`'s ranks: 90
    units whose totals, section I points and names are often shared (runs of a total across page ends, ties on
    both keys that the Vietnamese order of the names decides), on every page size and slice."""
    import random

    chosen = random.Random(14)
    table = cluster_table(world.c2024, city)
    syllables = ["An", "Ân", "Ấn", "Bình", "Đà", "Da", "Hà", "Há", "Hạ", "Ô", "Ơ", "Y", "Z"]
    for g in range(15):
        units = [make_unit(f"T{g:02d}{i}", f"{chosen.choice(syllables)} {chosen.choice(syllables)} {g:02d}{i}")
                 for i in range(6)]
        group = make_group(world.c2024, f"Cụm hòa {g:02d}", leader=units[0], members=units[1:])
        published_group(world.c2024, table, group, [
            (u, chosen.choice(["70", "80", "80", "85.5", "90", "90", "90", "91.25", "100"]),
             chosen.choice(["10", "12", "12", "15"]), scoring.HTT, i + 1) for i, u in enumerate(units)])
    whole = display.city_ranking(world.c2024, Group.Kind.CLUSTER)
    assert len(whole) == 90 and len({r.total for r in whole}) < 10
    paged = display.CityRanking(world.c2024, Group.Kind.CLUSTER)
    assert paged.count() == len(paged) == 90
    for size in (1, 7, 13, 50):
        pages = [paged[start:start + size] for start in range(0, 90, size)]
        assert [row for page in pages for row in page] == whole, size
    for start, stop in [(0, 90), (3, 4), (17, 61), (85, 200), (89, 90), (90, 95)]:
        assert paged[start:stop] == whole[start:stop]
    assert display.CityRanking(world.c2024, Group.Kind.BLOC)[0:50] == []


def test_the_results_show_last_years_total_and_class_beside_this_years(world, city, city_client):
    """2024 (the world's c2024) is last year for 2025: a1's published 2024 sheet shows on 2025's results."""
    published_group(world.c2024, cluster_table(world.c2024, city), world.cluster_a,
                    [(world.a1, "77.25", "20", scoring.HT, 1)])
    group = make_group(world.c2025, "Cụm 2025", leader=world.a1, members=[world.a2])
    published_group(world.c2025, cluster_table(world.c2025, city), group,
                    [(world.a1, "91", "20", scoring.HTXS, 1), (world.a2, "80", "20", scoring.HTT, 2)])
    page = city_client.get(reverse("evaluation:results", args=[group.pk])).content.decode()
    assert "77,25 · Hoàn thành" in page
    assert page.count('class="eval-last-year">—') == 1  # a2 has no 2024 sheet
    sheet = ScoreSheet.objects.get(evaluation__group=group, unit=world.a1)
    page = city_client.get(reverse("evaluation:sheet", args=[sheet.pk])).content.decode()
    assert "Năm nay: 91,00 điểm, Hoàn thành xuất sắc · năm trước: 77,25 điểm, Hoàn thành" in page
    other = ScoreSheet.objects.get(evaluation__group=group, unit=world.a2)
    assert "năm trước" not in city_client.get(reverse("evaluation:sheet", args=[other.pk])).content.decode()
