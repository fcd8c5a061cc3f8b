"""Every URL of the awards app × every persona (tests/matrix.py). officer leads cluster A, officer2 is its deputy
(a member, not the leader), outsider leads cluster B, no_unit has no unit."""

from awards import urls as award_urls
from awards.models import Title
from tests.matrix import (
    CITY_ONLY,
    CITY_ONLY_POST,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    SEES_EVERYTHING,
    matrix_tests,
    route,
)

from .states import draft_of, form_data, submitted_of, workbook
from .test_meeting_permissions import MEETING_URL_NAMES
from .test_proposal_permissions import ROUTES as PROPOSAL_ROUTES


def unused_title(w):
    return Title.objects.create(campaign=w.c2024, name="Danh hiệu thử", scope=Title.Scope.COLLECTIVE, position=9)


def a2(w):
    return {"year": 2024, "unit_id": w.a2.pk}


# What city staff, leaders and the officers of cluster A see of the deputy's (a2) registration; cluster B's
# leader and an officer without a unit do not find it.
READS_A2 = dict(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND)
# Only the unit's own officer changes it (the leader reads its members' registrations, never writes them).
OWN_WRITES_A2 = dict(city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=REDIRECT, outsider=NOT_FOUND,
                     no_unit=NOT_FOUND)

ROUTES = [
    route("overview", "awards:overview", kwargs=lambda w: {"year": 2024},
          city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("titles", "awards:titles", kwargs=lambda w: {"year": 2024}, **CITY_ONLY),
    route("titles-add", "awards:titles", method="post", kwargs=lambda w: {"year": 2024},
          data={"name": "Giấy khen", "scope": "collective"}, **CITY_ONLY_POST),
    route("title-rename", "awards:title_rename", method="post",
          kwargs=lambda w: {"year": 2024, "pk": unused_title(w).pk}, data={"name": "Tên mới"}, **CITY_ONLY_POST),
    route("title-move", "awards:title_move", method="post",
          kwargs=lambda w: {"year": 2024, "pk": unused_title(w).pk}, data={"direction": "up"}, **CITY_ONLY_POST),
    route("title-delete", "awards:title_delete", method="post",
          kwargs=lambda w: {"year": 2024, "pk": unused_title(w).pk}, **CITY_ONLY_POST),
    route("registration", "awards:registration", kwargs=a2, **READS_A2),
    route("registration-own-leader", "awards:registration", kwargs=lambda w: {"year": 2024, "unit_id": w.a1.pk},
          city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("registration-other-group", "awards:registration", kwargs=lambda w: {"year": 2024, "unit_id": w.b2.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("registration-ungrouped-unit", "awards:registration",
          kwargs=lambda w: {"year": 2024, "unit_id": w.loner.pk},
          city=NOT_FOUND, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("registration-draft-plan", "awards:registration", kwargs=lambda w: {"year": 2025, "unit_id": w.a2.pk},
          city=NOT_FOUND, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("save", "awards:registration", method="post", kwargs=a2,
          data=lambda w: form_data(w.c2024, people=[("Trần Văn Bình", "Chuyên viên", "Lao động tiên tiến")]),
          **OWN_WRITES_A2),
    route("submit", "awards:submit", method="post", kwargs=a2,
          data=lambda w: {"version": draft_of(w.c2024, w.a2).version}, **OWN_WRITES_A2),
    route("import", "awards:import", method="post", kwargs=a2,
          data=lambda w: {"version": 0, "file": workbook([(1, "Lê Thị Mai", "Kế toán", "Lao động tiên tiến")])},
          **OWN_WRITES_A2),
    route("reopen", "awards:reopen", method="post",
          kwargs=lambda w: {"year": 2024, "unit_id": submitted_of(w.c2024, w.a2).unit_id},
          data={"reason": "Bổ sung cá nhân"},
          city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("template", "awards:template", kwargs=a2, **READS_A2),
    # The meeting rules: city staff change them, leaders read them (a draft plan's too), officers do not find them.
    route("settings", "awards:settings", kwargs=lambda w: {"year": 2024}, **SEES_EVERYTHING),
    route("settings-draft-plan", "awards:settings", kwargs=lambda w: {"year": 2025}, **SEES_EVERYTHING),
    route("settings-save", "awards:settings", method="post", kwargs=lambda w: {"year": 2024},
          data={"quorum": "3/4", "elected_base": "present", "opened": "2/3|members"},
          city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
]

test_permissions, test_anonymous_is_sent_to_login, _every_url = matrix_tests(ROUTES, "awards", [])
# Every URL of the app, in this table or in another module's (whose own tests run its routes); the meeting's
# routes are in tests/awards/test_meeting_permissions.py, whose own matrix checks its URL names.
_, _, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES + PROPOSAL_ROUTES, "awards", [p for p in award_urls.urlpatterns if p.name not in MEETING_URL_NAMES])
