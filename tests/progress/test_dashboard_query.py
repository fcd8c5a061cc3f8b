"""One parser for the dashboards' query string (period, kind, sort): progress.query.DashboardQuery."""

from types import SimpleNamespace

import pytest
from django.http import Http404, QueryDict

from progress.query import DashboardQuery


@pytest.mark.parametrize(("qs", "expected"), [
    ("", (None, False, "all", "name", False)),
    ("period=12&kind=bloc&sort=-attainment", (12, False, "bloc", "attainment", True)),
    ("period=abc&kind=nonsense&sort=-nonsense", (None, True, "all", "name", False)),
    ("period=-3&kind=cluster&sort=behind", (None, True, "cluster", "behind", False)),
    ("period=&sort=submitted", (None, False, "all", "submitted", False)),
])
def test_parse(qs, expected):
    query = DashboardQuery.parse(QueryDict(qs))
    assert (query.period_id, query.period_invalid, query.kind, query.sort_key, query.descending) == expected


def test_the_sort_round_trips_and_stored_params_parse_alike():
    assert DashboardQuery.parse(QueryDict("sort=-behind")).sort == "-behind"
    assert DashboardQuery.parse({"period": 7, "kind": "bloc", "sort": "name"}).period_id == 7


def test_pick_period():
    periods = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    assert DashboardQuery.parse(QueryDict("period=2")).pick_period(periods, "current") is periods[1]
    assert DashboardQuery.parse(QueryDict("")).pick_period(periods, "current") == "current"
    with pytest.raises(Http404):
        DashboardQuery.parse(QueryDict("period=9")).pick_period(periods, "current")
