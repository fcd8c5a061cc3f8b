"""Query-count baselines: every page runs the same number of queries at 5 and at 50 units.

Each ceiling is the count measured at five units; the ``population`` fixture builds the same shape of data at
both sizes (units, groups, items, indicators all grow), so a query inside a loop shows up as a failure here.
"""

import pytest
from django.urls import reverse

from tests.factories import login, make_user

pytestmark = pytest.mark.django_db

# (id, who asks, url name, args from the population, ceiling, extra check on the response or None)
BASELINES = [
    # City staff: the plans, then what the latest issued plan waits on (pledges, late reports, periods to close;
    # tests/campaigns/test_home_attention.py pins it when periods have ended).
    ("home-city", "city", "home", lambda p: [], 10, None),
    # An officer: its unit's groups, and its to-do list (reminders.deadlines: registration, pledges, reports,
    # scoring; 5 more queries here, with the registration deadline every plan gets; at most 12 more with pledges,
    # reports and an evaluation — tests/reminders pins that list).
    ("home-officer", "officer", "home", lambda p: [], 12, lambda r: len(r.context["memberships"]) == 2),
    ("campaign-list", "city", "campaigns:list", lambda p: [], 3, None),
    ("campaign-detail-city", "city", "campaigns:detail", lambda p: [p.campaign.year], 9, None),
    ("campaign-detail-officer", "officer", "campaigns:detail", lambda p: [p.campaign.year], 8, None),
    # City staff: one more for the leaders of last year's groups of the same names (the repeat-leader warning,
    # shown on every group here: the population's groups had the same leaders the year before).
    ("group-list-city", "city", "groups:list", lambda p: [p.campaign.year], 7,
     lambda r: "làm trưởng" in r.content.decode()),
    ("group-list-officer", "officer", "groups:list", lambda p: [p.campaign.year], 6, None),
    ("group-detail-city", "city", "groups:detail", lambda p: [p.groups[-1].pk], 7,
     lambda r: len(r.context["members"]) == 5 and "làm trưởng" in r.content.decode()),
    ("group-detail-officer", "officer", "groups:detail", lambda p: [p.groups[0].pk], 7, None),
    ("group-edit", "city", "groups:edit", lambda p: [p.groups[0].pk], 10,
     lambda r: "làm trưởng" in r.content.decode()),  # +1: last year's leader, as on the group page
    ("campaign-history", "city", "campaigns:history", lambda p: [p.campaign.year], 4, None),
    ("group-history", "city", "groups:history", lambda p: [p.groups[0].pk], 7, None),
    ("unit-list", "city", "units:list", lambda p: [], 4, None),
    ("unit-detail-city", "city", "units:detail", lambda p: [p.units[0].pk], 6, None),
    ("unit-detail-officer", "officer", "units:detail", lambda p: [p.units[0].pk], 7, None),
]


@pytest.mark.parametrize(
    ("who", "name", "args", "ceiling", "check"),
    [pytest.param(*row[1:], id=row[0]) for row in BASELINES],
)
def test_query_count_does_not_grow_with_the_data(population, django_assert_max_num_queries, who, name, args,
                                                 ceiling, check):
    user = population.officer if who == "officer" else make_user("staff", "city_staff")
    client = login(user)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(name, args=args(population)))
    assert response.status_code == 200
    assert check is None or check(response)
