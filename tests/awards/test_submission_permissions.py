"""Who may download a group's submission (tờ trình, export kind ``submission_pdf``), per persona: city staff,
leaders (viewer) and the leader unit's officers (``officer`` leads cluster A) always, a draft as DỰ THẢO; the
group's other members (``officer2``) once the minutes are final; other groups' officers (``outsider``) and an
officer without a unit never. A group without a meeting, an unknown or a malformed group: 404 for everyone."""

import pytest

from exports.models import ExportJob
from tests.downloads import FAKE_PDF, download_url
from tests.matrix import NOT_FOUND, OK, PERSONAS, everyone, expect

from .meetings import meeting_of

pytestmark = pytest.mark.django_db


def draft_meeting(w):
    meeting_of(w.cluster_a, final=False)
    return {"group": w.cluster_a.pk}


def final_meeting(w):
    meeting_of(w.cluster_a)
    return {"group": w.cluster_a.pk}


def other_group(w):
    meeting_of(w.cluster_b)
    return {"group": w.cluster_b.pk}


CASES = [
    pytest.param(draft_meeting, expect(city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND,
                                       no_unit=NOT_FOUND), id="draft"),
    pytest.param(final_meeting, expect(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND,
                                       no_unit=NOT_FOUND), id="final"),
    pytest.param(other_group, expect(city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK,
                                     no_unit=NOT_FOUND), id="cluster-b"),
    pytest.param(lambda w: {"group": w.cluster_a.pk}, everyone(NOT_FOUND), id="no-meeting"),
    pytest.param(lambda w: {"group": 999999}, everyone(NOT_FOUND), id="no-such-group"),
    pytest.param(lambda w: {"group": "abc"}, everyone(NOT_FOUND), id="bad-group"),
    pytest.param(lambda w: {}, everyone(NOT_FOUND), id="no-group"),
]


@pytest.fixture
def fake_submission(monkeypatch):
    monkeypatch.setattr("exports.documents.submission_pdf", lambda *args, **kwargs: FAKE_PDF)


@pytest.mark.parametrize(
    ("params", "persona", "expected"),
    [pytest.param(params, persona, statuses[persona], id=f"{case.id}-{persona}")
     for case in CASES for params, statuses in [case.values] for persona in PERSONAS],
)
def test_submission_download(world, client_as, fake_submission, params, persona, expected):
    response = client_as(persona).get(download_url("submission_pdf", **params(world)))
    assert response.status_code == expected
    assert not ExportJob.objects.exists()  # a GET never queues work


def test_anonymous_is_sent_to_login(world, client):
    meeting_of(world.cluster_a)
    response = client.get(download_url("submission_pdf", group=world.cluster_a.pk))
    assert response.status_code == 302 and "/login" in response["Location"]
