"""Query counts of the proposal, rules and register pages: the same at 5 proposals in 2 groups and at 40 in 8
(scores, registrations, last year's awards and quotas are read in a few queries, whatever their number)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from awards.models import AwardRecord
from tests.factories import login, make_population, make_user

from .states import code_title, minutes_of, proposed, published_results, registered

pytestmark = pytest.mark.django_db

# Measured on SQLite, the same at both sizes; every page starts with the session and the user.
PROPOSALS_QUERIES = 10  # plan, titles, counts per title, proposals, groups with members, sheets, registrations,
#                         last year's awards
REGISTER_QUERIES = 5    # unit, its records, the title names offered when back-filling
RULES_QUERIES = 5       # plan, title, the session's messages
YEAR_REGISTER_QUERIES = 4  # the order of every record (three columns), the page's records with their units
ADD_QUERIES = 5         # plan, titles, the plan's members with their groups


@pytest.fixture(params=[(10, 5), (40, 40)], ids=["5-proposals-2-groups", "40-proposals-8-groups"])
def proposals_world(request):
    units_count, proposals_count = request.param
    p = make_population(units_count)
    campaign = p.campaign
    for group in p.groups:
        members = [m.unit for m in group.memberships.all()]
        published_results(campaign, group, [(u, 90 - i, "htxs" if i < 2 else "htt", i + 1)
                                            for i, u in enumerate(members)])
        minutes = minutes_of(group)
        for unit in members:
            if len(campaign.award_proposals.all()) < proposals_count:
                proposed(campaign, "merit", unit, group=group, votes=3, valid=5, meeting=minutes)
    for unit in p.units[:proposals_count:2]:
        registered(campaign, unit, "merit")
    for i, unit in enumerate(p.units[:proposals_count]):
        AwardRecord.objects.create(unit=unit, year=campaign.year - 1 - i % 3, title_name=f"Giấy khen {i}",
                                   title_code="merit", decision_date=datetime.date(2020, 1, 1))
    p.city = make_user("city-staff", User.Role.CITY_STAFF)
    p.proposals_count = proposals_count
    return p


def test_the_proposal_list(proposals_world, django_assert_max_num_queries):
    p = proposals_world
    client = login(p.city)
    url = reverse("awards:proposals", args=[p.campaign.year]) + f"?title={code_title(p.campaign, 'merit').pk}"
    with django_assert_max_num_queries(PROPOSALS_QUERIES):
        response = client.get(url)
    assert len(response.context["title_list"].rows) == p.proposals_count


def test_the_award_register(proposals_world, django_assert_max_num_queries):
    p = proposals_world
    unit = p.units[0]
    for year in range(1990, 1990 + p.proposals_count):
        AwardRecord.objects.create(unit=unit, year=year, title_name="Bằng khen")
    client = login(p.city)
    with django_assert_max_num_queries(REGISTER_QUERIES):
        response = client.get(reverse("awards:register", args=[unit.pk]))
    assert response.context["count"] == p.proposals_count + 1


def test_the_title_rules_page(proposals_world, django_assert_max_num_queries):
    p = proposals_world
    client = login(p.city)
    with django_assert_max_num_queries(RULES_QUERIES):
        response = client.get(reverse("awards:title_rules", args=[p.campaign.year,
                                                                  code_title(p.campaign, "merit").pk]))
    assert response.status_code == 200


def test_the_add_proposal_page(proposals_world, django_assert_max_num_queries):
    p = proposals_world
    client = login(p.city)
    with django_assert_max_num_queries(ADD_QUERIES):
        response = client.get(reverse("awards:proposal_add", args=[p.campaign.year]))
    assert response.status_code == 200


def test_the_years_register(proposals_world, django_assert_max_num_queries):
    p = proposals_world
    client = login(p.city)
    with django_assert_max_num_queries(YEAR_REGISTER_QUERIES):
        response = client.get(reverse("awards:register_year", args=[p.campaign.year - 1]))
    assert response.status_code == 200
