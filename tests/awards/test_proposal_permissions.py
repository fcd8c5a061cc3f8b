"""Every URL of the proposals, decisions, title rules and award register pages × every persona (tests/matrix.py),
and the two downloads. The city list is city staff's and the leaders' (officers do not find it); only city staff
record; an officer reads its own unit's award register (``officer`` is a1's, ``officer2`` a2's)."""

import datetime

import pytest

from awards.models import AwardRecord
from tests.downloads import download_url
from tests.matrix import (
    CITY_ONLY,
    CITY_ONLY_POST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PERSONAS,
    REDIRECT,
    SEES_EVERYTHING,
    expect,
    matrix_tests,
    route,
)

from .states import approved, code_title, minutes_of, proposed


def by_hand(w):
    return proposed(w.c2024, "merit", w.a3, reason="Thành tích đột xuất")


def backfilled(w):
    return AwardRecord.objects.create(unit=w.a1, year=2022, title_name="Giấy khen")


def decided_record(w):
    approved(proposed(w.c2024, "city_flag", w.a1))
    return AwardRecord.objects.get(unit=w.a1, proposal__isnull=False)


def year(w):
    return {"year": 2024}


def on_proposal(make):
    return lambda w: {"year": 2024, "pk": make(w).pk}


def a1_record(make):
    return lambda w: {"unit_id": w.a1.pk, "pk": make(w).pk}


# City staff act; leaders may see the list but not act (403); officers do not find it (404).
CITY_ACTS = dict(city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                 no_unit=NOT_FOUND)
CITY_FORM = dict(CITY_ACTS, city=OK)
# a1's register: read by city staff, leaders and a1's officer; changed by city staff only.
READS_A1 = dict(city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND)
WRITES_A1 = dict(city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=NOT_FOUND, outsider=NOT_FOUND,
                 no_unit=NOT_FOUND)


def decision_data(w):
    return {"version": 1, "decision": "rejected", "decision_number": "", "decision_date": "20/01/2025"}


ROUTES = [
    route("proposals", "awards:proposals", kwargs=year, **SEES_EVERYTHING),
    route("proposal-add-form", "awards:proposal_add", kwargs=year, **CITY_FORM),
    route("proposal-add", "awards:proposal_add", method="post", kwargs=year,
          data=lambda w: {"title": code_title(w.c2024, "government_flag").pk, "unit": w.a1.pk, "reason": "Dẫn đầu"},
          **CITY_ACTS),
    route("proposal-decide", "awards:proposal_decide", method="post", kwargs=on_proposal(by_hand),
          data=decision_data, **CITY_ACTS),
    route("proposal-decide-from-minutes", "awards:proposal_decide", method="post",
          kwargs=on_proposal(lambda w: proposed(w.c2024, "city_flag", w.b1, votes=2, valid=2,
                                                meeting=minutes_of(w.cluster_b))),
          data=decision_data, **CITY_ACTS),
    route("proposal-bulk-decide", "awards:proposal_bulk_decide", method="post", kwargs=year,
          data=lambda w: {"selected": [by_hand(w).pk], "version-1": 1, "decision": "rejected",
                          "decision_date": "20/01/2025"}, **CITY_ACTS),
    route("proposal-delete", "awards:proposal_delete", method="post", kwargs=on_proposal(by_hand), **CITY_ACTS),
    route("proposal-other-year", "awards:proposal_decide", method="post",
          kwargs=lambda w: {"year": 2025, "pk": by_hand(w).pk}, data=decision_data,
          city=NOT_FOUND, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("title-rules", "awards:title_rules", kwargs=lambda w: {"year": 2024, "pk": code_title(w.c2024, "merit").pk},
          **CITY_ONLY),
    route("title-rules-save", "awards:title_rules", method="post",
          kwargs=lambda w: {"year": 2024, "pk": code_title(w.c2024, "merit").pk},
          data={"code": "merit", "min_class": "htt", "max_share_of_members": "30"}, **CITY_ONLY_POST),
    route("register-year", "awards:register_year", kwargs=year, **SEES_EVERYTHING),
    route("register", "awards:register", kwargs=lambda w: {"unit_id": w.a1.pk}, **READS_A1),
    route("register-other-unit", "awards:register", kwargs=lambda w: {"unit_id": w.b2.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("register-backfill", "awards:register", method="post", kwargs=lambda w: {"unit_id": w.a1.pk},
          data={"year": "2023", "title_name": "Giấy khen", "title_code": "", "decision_number": "",
                "decision_date": "", "note": ""}, **WRITES_A1),
    route("register-edit-form", "awards:register_edit", kwargs=a1_record(backfilled),
          **dict(WRITES_A1, city=OK)),
    route("register-edit", "awards:register_edit", method="post", kwargs=a1_record(backfilled),
          data={"year": "2021", "title_name": "Bằng khen"}, **WRITES_A1),
    route("register-edit-decided", "awards:register_edit", kwargs=a1_record(decided_record),
          **dict(WRITES_A1, city=FORBIDDEN)),
    route("register-delete", "awards:register_delete", method="post", kwargs=a1_record(backfilled), **WRITES_A1),
]

# The check that every URL of the app is in a matrix is tests/awards/test_permissions.py's (it includes ROUTES).
test_permissions, test_anonymous_is_sent_to_login, _every_url = matrix_tests(ROUTES, "awards", [])

DOWNLOADS = expect(city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                   no_unit=NOT_FOUND)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["proposals_xlsx", "awards_annex_pdf"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_downloads_are_for_the_city_lists_readers(world, client_as, kind, persona):
    approved(proposed(world.c2024, "city_flag", world.a1), date=datetime.date(2025, 1, 20))
    response = client_as(persona).get(download_url(kind, year=2024))
    assert response.status_code == DOWNLOADS[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"year": "abc"}, {"year": 2025}, {"year": 2031}])
def test_a_download_without_a_readable_plan_is_not_found(world, client_as, params):
    assert client_as("city").get(download_url("proposals_xlsx", **params)).status_code == 404
