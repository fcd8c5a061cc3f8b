"""A report's change history (status, figures, submission, return), for city staff only."""

import pytest
from django.urls import reverse

from progress import services, urls
from tests.builders import FULL, period_named, report_with, signed_pledge_of
from tests.matrix import NOT_FOUND, OK, everyone, matrix_tests, route

pytestmark = pytest.mark.django_db



def submitted(w):
    signed_pledge_of(w.cluster_a, [w.a1, w.a2, w.a3])
    return report_with(period_named(w.c2024, "6 tháng"), w.a1, values=FULL, submit=True)


ROUTES = [
    route("report", "progress:report_history", kwargs=lambda w: {"pk": submitted(w).pk},
          city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("report-missing", "progress:report_history", kwargs=lambda w: {"pk": 999999},
          **everyone(NOT_FOUND)),
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
