"""The permission matrix: every route of an app × every persona, with the status each persona must get.

A view module lists its routes with the expectation of each persona by name::

    ROUTES = [
        route("detail", "pledges:detail", kwargs=lambda w: {"pk": draft(w).pk},
              city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
        route("open", "pledges:open", method="post", kwargs=lambda w: {"pk": complete(w).pk}, **MANAGERS_POST),
    ]
    test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
        ROUTES, "pledges", pledge_urls.urlpatterns)

Every persona must be named, in ``route`` or in an ``expect(...)`` shared by several routes: a missing or unknown
persona is an error when the module is imported, so no persona is silently skipped.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

# The personas of tests/conftest.py, one per role, built on top of the ``world`` fixture.
PERSONAS = ("city", "viewer", "officer", "officer2", "outsider", "no_unit")

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


def expect(**statuses: int) -> dict[str, int]:
    """The status of every persona, by name; refuses a missing or an unknown persona."""
    missing = [persona for persona in PERSONAS if persona not in statuses]
    unknown = [persona for persona in statuses if persona not in PERSONAS]
    if missing or unknown:
        raise TypeError(f"expected a status for every persona; missing {missing}, unknown {unknown}")
    return {persona: statuses[persona] for persona in PERSONAS}


def everyone(status: int) -> dict[str, int]:
    """The same status for every persona: ``route(..., **everyone(NOT_FOUND))``."""
    return expect(**dict.fromkeys(PERSONAS, status))


# Expectations several apps share (officer and officer2 are members of cluster A, outsider is not).
CITY_ONLY = expect(city=OK, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN,
                   no_unit=FORBIDDEN)
CITY_ONLY_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN,
                        outsider=FORBIDDEN, no_unit=FORBIDDEN)
SEES_EVERYTHING = expect(city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                         no_unit=NOT_FOUND)
SEEN_BY_GROUP = expect(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND)


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    method: str
    kwargs: Callable[[Any], dict]
    data: Any
    expected: dict[str, int]


def route(id: str, name: str, *, method: str = "get", kwargs: Callable[[Any], dict] = lambda w: {}, data=None,
          **statuses: int) -> Route:
    """One line of the matrix: ``kwargs`` (and ``data``, which may be a function) are functions of the world."""
    if method not in ("get", "post"):
        raise ValueError(f"{id}: method must be 'get' or 'post', not {method!r}")
    return Route(id, name, method, kwargs, data, expect(**statuses))


def permission_cases(routes: list[Route]):
    return [
        pytest.param(r.method, r.name, r.kwargs, r.data, persona, r.expected[persona], id=f"{r.id}-{persona}")
        for r in routes
        for persona in PERSONAS
    ]


def anonymous_cases(routes: list[Route]):
    return [pytest.param(r.method, r.name, r.kwargs, r.data, id=r.id) for r in routes]


def matrix_tests(routes: list[Route], namespace: str, urlpatterns):
    """The three tests every view module runs over its route table; assign them to module-level names.

    - each persona gets the expected status on each route;
    - an anonymous visitor is sent to the login page, with ``next`` back to the route;
    - every URL name of the app appears in the table (a new view cannot skip the matrix).
    """
    ids = [r.id for r in routes]
    if len(ids) != len(set(ids)):
        raise ValueError(f"route ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")

    @pytest.mark.parametrize(("method", "name", "kwargs", "data", "persona", "expected"), permission_cases(routes))
    def test_permissions(world, client_as, method, name, kwargs, data, persona, expected):
        _, response = request_route(client_as(persona), world, method, name, kwargs, data)
        assert response.status_code == expected

    @pytest.mark.parametrize(("method", "name", "kwargs", "data"), anonymous_cases(routes))
    def test_anonymous_is_sent_to_login(world, client, method, name, kwargs, data):
        url, response = request_route(client, world, method, name, kwargs, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"

    def test_every_url_is_in_the_matrix():
        covered = {r.name for r in routes}
        assert {f"{namespace}:{pattern.name}" for pattern in urlpatterns} - covered == set()

    return test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix


def request_route(client, world, method, name, kwargs, data):
    """GET or POST one route of the matrix (``data`` may be a function of the world); returns (url, response)."""
    url = reverse(name, kwargs=kwargs(world))
    data = data(world) if callable(data) else data
    return url, client.get(url) if method == "get" else client.post(url, data)
