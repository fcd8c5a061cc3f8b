"""Every URL of the year-end meeting × every persona (tests/matrix.py), and the minutes PDF's download.

Cluster A's meeting: ``officer`` (a1) leads and records it; ``officer2`` (a2, deputy) is a member who reads the
finalised minutes only (a draft is 404 to it); ``outsider`` leads cluster B and finds nothing of A; ``viewer``
reads every meeting and records nothing (403); ``no_unit`` finds nothing.
"""

import pytest

from awards import urls as award_urls
from awards.models import Meeting
from tests.downloads import download_url
from tests.factories import login
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, PERSONAS, REDIRECT, matrix_tests, route

from . import meeting_states as ms

#: The URL names this module covers (tests/awards/test_permissions.py covers the rest of the app).
MEETING_URL_NAMES = {"meetings", "meeting", "meeting_ballot", "meeting_finalise", "meeting_reopen"}


def group_a(w):
    return {"group_id": w.cluster_a.pk}


def draft(w):
    ms.recorded(w.cluster_a)
    return group_a(w)


def final(w):
    ms.finalised(w)
    return group_a(w)


def ready(w):
    ms.all_ballots(w)
    return group_a(w)


def ballot_of(w):
    ms.recorded(w.cluster_a)
    return {"group_id": w.cluster_a.pk, "question": "leader"}


def meeting_post(w):
    return {"version": ms.version(w.cluster_a), "place": "Hội trường", "held_on": "2024-12-20",
            "held_time": "08:30", **{f"att-{u.pk}-present": "on" for u in ms.units_of(w.cluster_a)}}


def ballot_post(w):
    return {"leader-version": ms.version(w.cluster_a), "leader-issued": 3, "leader-returned": 3, "leader-valid": 3,
            f"leader-{w.a2.pk}-chosen": "on", f"leader-{w.a2.pk}-votes": 3}


# Who reads cluster A's meeting while it is a draft, and once final.
READS_DRAFT = dict(city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND)
READS_FINAL = dict(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND)
# Who records it (the leader's officer and city staff); the others who see it get 403.
RECORDS_DRAFT = dict(city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=NOT_FOUND, outsider=NOT_FOUND,
                     no_unit=NOT_FOUND)
REFUSED_FINAL = dict(city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
                     no_unit=NOT_FOUND)

ROUTES = [
    route("meetings", "awards:meetings", kwargs=lambda w: {"year": 2024},
          city=OK, viewer=OK, officer=OK, officer2=OK, outsider=OK, no_unit=NOT_FOUND),
    route("meetings-draft-plan", "awards:meetings", kwargs=lambda w: {"year": 2025},
          city=NOT_FOUND, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("meeting-none-yet", "awards:meeting", kwargs=group_a, **READS_DRAFT),
    route("meeting-draft", "awards:meeting", kwargs=draft, **READS_DRAFT),
    route("meeting-final", "awards:meeting", kwargs=final, **READS_FINAL),
    route("meeting-other-group", "awards:meeting", kwargs=lambda w: {"group_id": w.cluster_b.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("meeting-save", "awards:meeting", method="post", kwargs=draft, data=meeting_post, **RECORDS_DRAFT),
    route("meeting-save-final", "awards:meeting", method="post", kwargs=final, data=meeting_post, **REFUSED_FINAL),
    route("ballot", "awards:meeting_ballot", method="post", kwargs=ballot_of, data=ballot_post, **RECORDS_DRAFT),
    route("ballot-final", "awards:meeting_ballot", method="post",
          kwargs=lambda w: {**final(w), "question": "leader"}, data=ballot_post, **REFUSED_FINAL),
    route("finalise", "awards:meeting_finalise", method="post", kwargs=ready,
          data=lambda w: {"version": ms.version(w.cluster_a)}, **RECORDS_DRAFT),
    route("finalise-final", "awards:meeting_finalise", method="post", kwargs=final,
          data=lambda w: {"version": ms.version(w.cluster_a)}, **REFUSED_FINAL),
    route("reopen", "awards:meeting_reopen", method="post", kwargs=final, data={"reason": "Sửa số phiếu"},
          city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("reopen-draft", "awards:meeting_reopen", method="post", kwargs=draft, data={"reason": "Sửa"},
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "awards", [p for p in award_urls.urlpatterns if p.name in MEETING_URL_NAMES])


def test_every_meeting_post_that_is_refused_changes_nothing(world, officer2, viewer):
    """403 and 404 leave the minutes as they were."""
    ms.recorded(world.cluster_a)
    before = Meeting.objects.values().get()
    for user in (officer2, viewer):
        login(user).post(f"/awards/group/{world.cluster_a.pk}/meeting/", meeting_post(world))
    assert Meeting.objects.values().get() == before


# --- the minutes PDF: whoever reads the meeting page ------------------------------------------------------

MINUTES_PDF = {"draft": READS_DRAFT, "final": READS_FINAL}


@pytest.mark.parametrize("state", ["draft", "final"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_minutes_pdf_follows_the_meeting_page(world, client_as, state, persona):
    (draft if state == "draft" else final)(world)
    response = client_as(persona).get(download_url("minutes_pdf", group=world.cluster_a.pk))
    assert response.status_code == MINUTES_PDF[state][persona]
    if response.status_code == OK:
        assert response["Content-Type"] == "application/pdf"
