"""The permission matrix refuses a route that forgets a persona: none is silently skipped."""

import pytest

from tests.matrix import NOT_FOUND, OK, PERSONAS, everyone, expect, route


def test_a_route_names_every_persona():
    r = route("detail", "pledges:detail", city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND,
              no_unit=NOT_FOUND)
    assert list(r.expected) == list(PERSONAS)
    assert r.expected["outsider"] == NOT_FOUND


def test_a_missing_persona_is_an_error():
    with pytest.raises(TypeError, match="missing \\['no_unit'\\]"):
        route("detail", "pledges:detail", city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND)


def test_an_unknown_persona_is_an_error():
    with pytest.raises(TypeError, match="unknown \\['officer_other'\\]"):
        expect(**everyone(OK), officer_other=NOT_FOUND)
