"""The permission matrix shared by the view tests."""

import pytest
from django.urls import reverse

PERSONAS = ["city", "viewer", "officer", "officer2", "outsider", "no_unit"]


MATRIX_ARGS = ("method", "name", "kwargs", "data", "persona", "expected")
ANONYMOUS_ARGS = ("method", "name", "kwargs", "data")


def permission_cases(routes):
    return [
        pytest.param(method, name, kwargs, data, persona, expected[i], id=f"{route_id}-{persona}")
        for route_id, method, name, kwargs, data, expected in routes
        for i, persona in enumerate(PERSONAS)
    ]


def anonymous_cases(routes):
    return [pytest.param(method, name, kwargs, data, id=route_id) for route_id, method, name, kwargs, data, _ in routes]


def matrix_tests(routes, namespace, urlpatterns):
    """The three tests every view module runs over its route table; assign them to module-level names.

    - each persona gets the expected status on each route;
    - an anonymous visitor is sent to the login page, with ``next`` back to the route;
    - every URL name of the app appears in the table (a new view cannot skip the matrix).
    """

    @pytest.mark.parametrize(MATRIX_ARGS, permission_cases(routes))
    def test_permissions(world, client_as, method, name, kwargs, data, persona, expected):
        _, response = request_route(client_as(persona), world, method, name, kwargs, data)
        assert response.status_code == expected

    @pytest.mark.parametrize(ANONYMOUS_ARGS, anonymous_cases(routes))
    def test_anonymous_is_sent_to_login(world, client, method, name, kwargs, data):
        url, response = request_route(client, world, method, name, kwargs, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"

    def test_every_url_is_in_the_matrix():
        covered = {name for _, _, name, _, _, _ in routes}
        assert {f"{namespace}:{pattern.name}" for pattern in urlpatterns} - covered == set()

    return test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix


def request_route(client, world, method, name, kwargs, data):
    """GET or POST one route of the matrix (``data`` may be a function of the world); returns (url, response)."""
    url = reverse(name, kwargs=kwargs(world))
    data = data(world) if callable(data) else data
    return url, client.get(url) if method == "get" else client.post(url, data)

