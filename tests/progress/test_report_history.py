"""A report's change history (status, figures, submission, return), for city staff only."""

import pytest
from django.urls import reverse

from progress import services, urls

from ..conftest import PERSONAS, matrix_tests
from .conftest import FULL, period_named, report_with, signed_pledge_of

pytestmark = pytest.mark.django_db

OK, NOT_FOUND = 200, 404


def submitted(w):
    signed_pledge_of(w.cluster_a, [w.a1, w.a2, w.a3])
    return report_with(period_named(w.c2024, "6 tháng"), w.a1, values=FULL, submit=True)


ROUTES = [
    ("report", "get", "progress:report_history", lambda w: {"pk": submitted(w).pk}, None,
     (OK,) + (NOT_FOUND,) * (len(PERSONAS) - 1)),
    ("report-missing", "get", "progress:report_history", lambda w: {"pk": 999999}, None, (NOT_FOUND,) * 6),
]
test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "progress", urls.history_patterns
)


def test_report_history_shows_submission_and_return_with_their_authors(world, city, city_client, officer):
    report = submitted(world)
    services.return_report(report, city, "Thiếu số liệu quý II")
    page = city_client.get(reverse("progress:report_history", args=[report.pk])).content.decode()
    assert "Lịch sử thay đổi báo cáo" in page
    assert "Đã nộp → Bị trả lại" in page
    assert "Thiếu số liệu quý II" in page
    report_page = city_client.get(reverse("progress:report", args=[report.period_id, report.unit_id]))
    assert reverse("progress:report_history", args=[report.pk]) in report_page.content.decode()
