"""Evaluation pages: who may open which page and do what (by URL), persona by persona.

officer = a1 (leader of cluster A), officer2 = a2 (deputy), outsider = b1 (leader of cluster B). Round robin:
a1's sheet is scored by a2, a2's by a3, a3's by a1.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation import urls as evaluation_urls
from evaluation.models import Criterion, ScoringTable
from groups.models import Group
from tests.evaluation import states
from tests.evaluation.states import PDF, sheet
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, everyone, expect, matrix_tests, route

pytestmark = pytest.mark.django_db

SEEN_BY_GROUP = expect(city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND)
LEAD_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
                   no_unit=NOT_FOUND)
CITY_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=NOT_FOUND,
                   no_unit=NOT_FOUND)
SEES_EVERYTHING = expect(city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                         no_unit=NOT_FOUND)
TABLE_POST = expect(city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
                    no_unit=NOT_FOUND)
# What a2's own officer (officer2) may do on a2's sheet, and nobody else.
OWN_UNIT_POST = expect(city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=REDIRECT, outsider=NOT_FOUND,
                       no_unit=NOT_FOUND)


def draft_table(w):
    return ScoringTable.objects.create(campaign=w.c2024, group_kind=Group.Kind.BLOC, title="Bảng khối (dự thảo)")


def last_year_table(w):
    table = ScoringTable.objects.create(campaign=w.c2024, group_kind=Group.Kind.BLOC, title="Bảng khối 2024")
    Criterion.objects.create(table=table, code="I", name="Nhóm I", max_points=100)
    from evaluation import services
    services.publish(table, None)
    return {"year": 2025}


def group_kwargs(state):
    return lambda w: (state(w), {"group_id": w.cluster_a.pk})[1]


def sheet_kwargs(state, unit_name, **extra):
    return lambda w: {"sheet_id": sheet(state(w), getattr(w, unit_name)).pk, **extra}


def evidence_kwargs(w):
    sheet_, evidence = states.with_evidence(w, w.a3)
    return {"sheet_id": sheet_.pk, "evidence_id": evidence.pk}


ROUTES = [
    route("overview", "evaluation:overview", kwargs=lambda w: {"year": 2024},
          city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    route("ranking", "evaluation:ranking", kwargs=lambda w: (states.published(w), {"year": 2024})[1],
          data={"kind": "cluster"},
          city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    route("table-copy", "evaluation:table_copy", method="post", kwargs=last_year_table, data={"kind": "bloc"},
          city=REDIRECT, viewer=FORBIDDEN, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("table", "evaluation:table", kwargs=lambda w: {"table_id": states.with_table(w).pk}, **SEES_EVERYTHING),
    route("table-publish", "evaluation:table_publish", method="post",
          kwargs=lambda w: {"table_id": draft_table(w).pk}, **TABLE_POST),
    route("table-new-version", "evaluation:table_new_version", method="post",
          kwargs=lambda w: {"table_id": states.with_table(w).pk}, data={"reason": "Sửa tiêu chí 2.1"}, **TABLE_POST),
    route("group-none", "evaluation:group", kwargs=group_kwargs(states.with_table), **SEEN_BY_GROUP),
    route("group", "evaluation:group", kwargs=group_kwargs(states.assigned), **SEEN_BY_GROUP),
    route("group-b", "evaluation:group", kwargs=lambda w: {"group_id": w.cluster_b.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("open", "evaluation:open", method="post", kwargs=group_kwargs(states.with_table),
          data={"self_deadline": "10/12/2024", "cross_deadline": "20/12/2024"}, **LEAD_POST),
    route("assign", "evaluation:assign", method="post", kwargs=group_kwargs(states.opened),
          data={"action": "round_robin"}, **LEAD_POST),
    route("publish", "evaluation:publish", method="post", kwargs=group_kwargs(states.both_rounds), **CITY_POST),
    route("reopen", "evaluation:reopen", method="post", kwargs=group_kwargs(states.published),
          data={"reason": "Khiếu nại"}, **CITY_POST),
    route("results", "evaluation:results", kwargs=group_kwargs(states.assigned),
          city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("results-published", "evaluation:results", kwargs=group_kwargs(states.published), **SEEN_BY_GROUP),
    route("sheet-a3", "evaluation:sheet", kwargs=sheet_kwargs(states.assigned, "a3"),
          city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("sheet-a1", "evaluation:sheet", kwargs=sheet_kwargs(states.assigned, "a1"), **SEEN_BY_GROUP),
    route("sheet-save-all", "evaluation:sheet", method="post", kwargs=sheet_kwargs(states.assigned, "a2"),
          data={"points-2.1": "25", "version-2.1": "0"}, **OWN_UNIT_POST),
    route("row", "evaluation:row", method="post", kwargs=sheet_kwargs(states.assigned, "a2", code="2.1"),
          data={"points-2.1": "25", "version-2.1": "0"}, **OWN_UNIT_POST),
    route("submit-self", "evaluation:submit_self", method="post", kwargs=sheet_kwargs(states.assigned, "a2"),
          **OWN_UNIT_POST),
    route("submit-cross", "evaluation:submit_cross", method="post", kwargs=sheet_kwargs(states.self_done, "a1"),
          city=FORBIDDEN, viewer=FORBIDDEN, officer=FORBIDDEN, officer2=REDIRECT, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("return-row", "evaluation:return_row", method="post",
          kwargs=sheet_kwargs(states.both_rounds, "a2", code="2.1"), data={"reason": "Thiếu minh chứng"},
          city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("answer-row", "evaluation:answer_row", method="post",
          kwargs=sheet_kwargs(states.returned, "a2", code="2.1"), data={"accepts": "1"}, **OWN_UNIT_POST),
    route("agree-row", "evaluation:agree_row", method="post",
          kwargs=sheet_kwargs(states.answered, "a2", code="2.1"), data={"points": "28"},
          city=REDIRECT, viewer=FORBIDDEN, officer=REDIRECT, officer2=FORBIDDEN, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("evidence-upload", "evaluation:evidence_upload", method="post", kwargs=sheet_kwargs(states.assigned, "a2"),
          data=lambda w: {"code": "2.1", "file": SimpleUploadedFile("minh-chung.pdf", PDF)}, **OWN_UNIT_POST),
    route("evidence-download", "evaluation:evidence_download", kwargs=evidence_kwargs,
          city=OK, viewer=OK, officer=OK, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("sheet-missing", "evaluation:sheet", kwargs=lambda w: {"sheet_id": 999999}, **everyone(NOT_FOUND)),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "evaluation", evaluation_urls.urlpatterns)
