"""count_of: one correlated count per relation, equal to the related rows, zero when there are none."""

import pytest

from campaigns.models import Campaign
from common.queries import count_of
from tests.factories import make_campaign, make_group, make_unit

pytestmark = pytest.mark.django_db


def test_counts_each_relation_without_multiplying_the_others():
    full = make_campaign(year=2031, items=["Nội dung 1", "Nội dung 2"],
                         indicators=[{"name": "Chỉ tiêu 1", "item": 1}, {"name": "Chỉ tiêu 2", "item": 2},
                                     {"name": "Chỉ tiêu 3", "item": 2}])
    units = [make_unit(f"Q{i}") for i in range(6)]
    for i in range(3):
        make_group(full, f"Cụm {i}", leader=units[2 * i], members=[units[2 * i + 1]])
    empty = make_campaign(year=2032)

    rows = {c.year: c for c in Campaign.objects.filter(pk__in=[full.pk, empty.pk]).annotate(
        groups_n=count_of(Campaign, "groups"), members_n=count_of(Campaign, "memberships"),
        items_n=count_of(Campaign, "content_items"), indicators_n=count_of(Campaign, "indicators"))}

    assert (rows[2031].groups_n, rows[2031].members_n) == (3, 6)
    assert (rows[2031].items_n, rows[2031].indicators_n) == (2, 3)
    assert (rows[2032].groups_n, rows[2032].members_n, rows[2032].items_n, rows[2032].indicators_n) == (0, 0, 0, 0)
