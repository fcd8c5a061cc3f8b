"""Export views: who may download what (the rules of the page each export comes from), direct downloads
(content type, Content-Disposition, the file opens), the buttons on the pages, and PDFs without WeasyPrint."""

import datetime

import pytest
from django.urls import reverse

from exports import urls as export_urls
from exports.models import ExportJob
from tests.downloads import FAKE_PDF, body, download_url, open_pdf, open_workbook, pdf_text
from tests.factories import make_user
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, PERSONAS, REDIRECT, everyone, expect, matrix_tests, route

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def city_job(world, **fields) -> ExportJob:
    """A finished job of the ``city`` persona (created here when the persona under test is another one)."""
    from accounts.models import User

    owner = User.objects.filter(username="city").first() or make_user("city", User.Role.CITY_STAFF)
    job = ExportJob.objects.filter(user=owner).first()
    if job is None:
        job = ExportJob.objects.create(user=owner, kind="plan_xlsx", params={"year": 2024}, title="Kế hoạch 2024",
                                       status=ExportJob.Status.FAILED, error="Lỗi thử")
    return job


# The routes, with the status each persona gets (``tests.matrix.route``).
# The job routes: only the owner (city) finds the job; everybody else gets 404, even another city staff member.
ROUTES = [
    route("download-without-parameters", "exports:download", kwargs=lambda w: {"kind": "plan_pdf"},
          **everyone(NOT_FOUND)),
    route("download-unknown-kind", "exports:download", kwargs=lambda w: {"kind": "nope"},
          **everyone(NOT_FOUND)),
    route("jobs", "exports:jobs", **everyone(OK)),
    route("job", "exports:job", kwargs=lambda w: {"pk": city_job(w).pk},
          city=OK, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
    route("job-file-failed", "exports:job_file", kwargs=lambda w: {"pk": city_job(w).pk},
          **everyone(NOT_FOUND)),
    route("job-retry", "exports:job_retry", method="post", kwargs=lambda w: {"pk": city_job(w).pk}, data={},
          city=REDIRECT, viewer=NOT_FOUND, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND,
          no_unit=NOT_FOUND),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "exports", export_urls.urlpatterns)


# The downloads, with their query strings: each kind follows the page it comes from. 200: streamed at once;
# 200 also for a background export (city_pledges_pdf always): a GET only asks to confirm, see below; 403: the export is not for that role; 404: unseen.
def download(id, kind, *, params, **statuses):
    """One export kind with its query string, and the status each persona gets (all of them, by name)."""
    return pytest.param(kind, params, expect(**statuses), id=id)


DOWNLOADS = [
    download("plan-pdf", "plan_pdf", params=lambda w: {"year": 2024}, **everyone(OK)),
    download("plan-pdf-draft", "plan_pdf", params=lambda w: {"year": 2025},
             city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("plan-xlsx", "plan_xlsx", params=lambda w: {"year": 2024}, **everyone(OK)),
    download("plan-xlsx-draft", "plan_xlsx", params=lambda w: {"year": 2025},
             city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("plan-no-such-year", "plan_xlsx", params=lambda w: {"year": 1999}, **everyone(NOT_FOUND)),
    download("plan-bad-year", "plan_xlsx", params=lambda w: {"year": "abc"}, **everyone(NOT_FOUND)),
    download("pledge-pdf", "pledge_pdf", params=lambda w: {"pledge": w.pledge_a.pk},
             city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("pledge-xlsx", "pledge_xlsx", params=lambda w: {"pledge": w.pledge_a.pk},
             city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("pledge-xlsx-other", "pledge_xlsx", params=lambda w: {"pledge": w.pledge_b.pk},
             city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    download("progress-pdf", "progress_pdf",
             params=lambda w: {"group": w.cluster_a.pk, "period": w.half_year.pk},
             city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("progress-pdf-current-period", "progress_pdf", params=lambda w: {"group": w.cluster_a.pk},
             city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("progress-pdf-foreign-period", "progress_pdf",
             params=lambda w: {"group": w.cluster_a.pk, "period": w.c2025.periods.first().pk},
             **everyone(NOT_FOUND)),
    download("progress-xlsx", "progress_xlsx",
             params=lambda w: {"year": 2024, "period": w.half_year.pk, "kind": "cluster"},
             city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    download("progress-xlsx-draft", "progress_xlsx", params=lambda w: {"year": 2025},
             city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("late-xlsx", "late_xlsx", params=lambda w: {"year": 2024, "period": w.half_year.pk},
             city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    # No evaluation is opened in this world: the page does not exist for anyone (access per persona with an
    # evaluation: tests/exports/test_evaluation_exports.py::test_results_pdf_permissions).
    download("results-pdf-no-evaluation", "results_pdf", params=lambda w: {"group": w.cluster_a.pk},
             **everyone(NOT_FOUND)),
    download("results-pdf-bad-group", "results_pdf", params=lambda w: {"group": "abc"}, **everyone(NOT_FOUND)),
    # The score sheet and the city's results workbook with an evaluation: tests/exports/test_sheet_and_city_results.py.
    download("sheet-pdf-without-sheet", "sheet_pdf", params=lambda w: {}, **everyone(NOT_FOUND)),
    download("sheet-pdf-no-such-sheet", "sheet_pdf", params=lambda w: {"sheet": 999999}, **everyone(NOT_FOUND)),
    download("evaluation-xlsx-no-evaluation", "evaluation_xlsx", params=lambda w: {"year": 2024},
             city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    download("evaluation-xlsx-draft-year", "evaluation_xlsx", params=lambda w: {"year": 2025},
             city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    download("city-pledges-pdf", "city_pledges_pdf", params=lambda w: {"year": 2024},
             city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
]


@pytest.mark.parametrize(
    ("kind", "params", "persona", "expected"),
    [pytest.param(kind, params, persona, statuses[persona], id=f"{case.id}-{persona}")
     for case in DOWNLOADS for kind, params, statuses in [case.values] for persona in PERSONAS],
)
def test_download_permissions(exports_world, client_as, fake_pdfs, kind, params, persona, expected):
    response = client_as(persona).get(download_url(kind, **params(exports_world)))
    assert response.status_code == expected
    assert not ExportJob.objects.exists()  # a GET never queues work


@pytest.mark.parametrize(("persona", "expected"), expect(
    city=REDIRECT, viewer=REDIRECT, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN,
).items())
def test_background_export_is_queued_by_the_confirming_post(exports_world, client_as, fake_pdfs, persona, expected):
    client = client_as(persona)
    url = download_url("city_pledges_pdf", year=2024)
    page = client.get(url)
    if expected == 302:
        assert "Tạo tệp" in page.content.decode()
    response = client.post(url)
    assert response.status_code == expected
    if expected == 302:
        job = ExportJob.objects.get()
        assert response["Location"] == reverse("exports:job", args=[job.pk])
        assert job.user.username == persona
    else:
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize("kind", ["plan_pdf", "plan_xlsx", "late_xlsx", "city_pledges_pdf"])
def test_anonymous_download_is_sent_to_login(exports_world, client, kind):
    url = download_url(kind, year=2024)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not ExportJob.objects.exists()


def test_direct_download_is_get_only(exports_world, city_client):
    assert city_client.post(download_url("plan_xlsx", year=2024)).status_code == 405
    assert city_client.get(reverse("exports:job_retry", args=[city_job(exports_world).pk])).status_code == 405


# --- direct downloads: the files themselves ------------------------------------------------------------------


def test_plan_pdf_is_an_attachment_that_opens(exports_world, city_client):
    response = city_client.get(download_url("plan_pdf", year=2024))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-thi-dua-2024.pdf"'
    content = body(response)
    assert int(response["Content-Length"]) == len(content)
    text = pdf_text(content)
    assert "KẾ HOẠCH" in text.upper()
    assert "2024" in text


def test_plan_workbook_is_an_attachment_that_opens(exports_world, viewer_client):
    response = viewer_client.get(download_url("plan_xlsx", year=2024))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-thi-dua-2024.xlsx"'
    workbook = open_workbook(body(response))
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "Tăng trưởng GRDP" in values


def test_pledge_pdf_and_workbook_of_the_officers_group(exports_world, officer_client):
    w = exports_world
    pdf = officer_client.get(download_url("pledge_pdf", pledge=w.pledge_a.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="giao-uoc-')
    assert len(open_pdf(body(pdf)).pages) >= 1
    assert "Sở Tài chính" in pdf_text(body(pdf))
    xlsx = officer_client.get(download_url("pledge_xlsx", pledge=w.pledge_a.pk))
    assert xlsx["Content-Type"] == XLSX
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    values = {cell.value for sheet in open_workbook(body(xlsx)) for row in sheet.iter_rows() for cell in row}
    assert "Sở Tài chính" in values


def test_progress_pdf_of_a_group_at_a_period(exports_world, officer2_client_factory):
    w = exports_world
    response = officer2_client_factory.get(download_url("progress_pdf", group=w.cluster_a.pk, period=w.half_year.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="tien-do-')
    text = pdf_text(body(response))
    assert "6 tháng" in text
    assert "Sở Tài chính" in text


@pytest.fixture
def officer2_client_factory(client_as):
    return client_as("officer2")


def test_city_progress_workbook_follows_the_page_filters(exports_world, city_client, world):
    """Period, kind and sort of the dashboard go into the workbook: clusters only here, so no bloc appears."""
    from groups.models import Group
    from tests.factories import make_group, make_unit

    bloc_unit = make_unit("SNV", "Sở Nội vụ")
    make_group(world.c2024, "Khối các cơ quan tổng hợp", kind=Group.Kind.BLOC, leader=bloc_unit)
    response = city_client.get(download_url("progress_xlsx", year=2024, period=world.half_year.pk, kind="cluster",
                                            sort="-name"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tien-do-cum-thi-dua-2024-6-thang.xlsx"'
    workbook = open_workbook(body(response))
    summary = workbook.worksheets[0]
    names = [row[1] for row in summary.iter_rows(values_only=True) if row[1]]
    assert "Khối các cơ quan tổng hợp" not in names
    # Sorted Z–A as the page asked: "Cụm thi đua các sở số 1" before "Cụm thi đua các quận".
    assert names.index("Cụm thi đua các sở số 1") < names.index("Cụm thi đua các quận")


def test_late_workbook_lists_the_late_units(exports_world, city_client, monkeypatch):
    w = exports_world
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2024, 7, 20))
    response = city_client.get(download_url("late_xlsx", year=2024, period=w.half_year.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nop-muon-2024-6-thang.xlsx"'
    values = [cell for row in open_workbook(body(response)).worksheets[0].iter_rows(values_only=True) for cell in row]
    assert "Sở Xây dựng" in values          # a3 has not submitted
    assert "Sở Tài chính" not in values     # a2 has


def test_a_large_city_workbook_goes_to_the_background(exports_world, city_client, settings):
    settings.EXPORTS_BACKGROUND_UNITS = 3      # cluster A and B together have five members
    url = download_url("progress_xlsx", year=2024, period=exports_world.half_year.pk)
    assert "Tạo tệp" in city_client.get(url).content.decode() and not ExportJob.objects.exists()
    response = city_client.post(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.kind == "progress_xlsx"
    assert job.params == {"year": 2024, "period": exports_world.half_year.pk, "kind": "all", "sort": "name"}
    # Only the clusters: three members, under the threshold, streamed at once.
    response = city_client.post(download_url("progress_xlsx", year=2024, kind="cluster"))
    assert response.status_code == 302        # 5 members: still over
    settings.EXPORTS_BACKGROUND_UNITS = 5
    response = city_client.get(download_url("progress_xlsx", year=2024, kind="cluster"))
    assert response.status_code == 200


# --- the buttons on the pages ----------------------------------------------------------------------------------


def test_plan_page_offers_pdf_and_excel(exports_world, officer_client):
    page = officer_client.get(reverse("campaigns:detail", args=[2024])).content.decode()
    assert f'href="{download_url("plan_pdf", year=2024)}"' in page
    assert f'href="{download_url("plan_xlsx", year=2024)}"' in page


def test_pledge_page_offers_pdf_and_excel_in_its_header(exports_world, officer2_client_factory):
    pledge = exports_world.pledge_a
    page = officer2_client_factory.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    header = page.split('<div class="actions">', 1)[1].split("</div>", 1)[0]
    assert download_url("pledge_pdf", pledge=pledge.pk) in header
    assert download_url("pledge_xlsx", pledge=pledge.pk) in header


def test_group_dashboard_offers_the_period_report(exports_world, officer_client):
    w = exports_world
    page = officer_client.get(reverse("progress:group", args=[w.cluster_a.pk]) + f"?period={w.half_year.pk}")
    link = download_url("progress_pdf", group=w.cluster_a.pk, period=w.half_year.pk).replace("&", "&amp;")
    assert link in page.content.decode()


def test_city_dashboard_exports_carry_the_current_filters(exports_world, city_client):
    w = exports_world
    url = reverse("progress:city", args=[2024]) + f"?period={w.half_year.pk}&kind=cluster&sort=-attainment"
    expected_progress = download_url("progress_xlsx", year=2024, period=w.half_year.pk, kind="cluster",
                                     sort="-attainment").replace("&", "&amp;")
    expected_late = download_url("late_xlsx", year=2024, period=w.half_year.pk, kind="cluster").replace("&", "&amp;")
    page = city_client.get(url).content.decode()
    assert expected_progress in page and expected_late in page
    # The filters change the results by htmx: the partial carries the links, so they follow the filters.
    partial = city_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert expected_progress in partial and expected_late in partial


def test_overview_offers_all_pledges_to_the_city_only(exports_world, city_client, officer_client):
    url = reverse("pledges:overview", args=[2024])
    assert download_url("city_pledges_pdf", year=2024) in city_client.get(url).content.decode()
    assert "city_pledges_pdf" not in officer_client.get(url).content.decode()


# --- without WeasyPrint --------------------------------------------------------------------------------------

MESSAGE = "Máy chủ chưa cài thư viện tạo PDF (thử)."


@pytest.fixture
def no_pdf(monkeypatch):
    for module in ("exports.views", "exports.templatetags.export_buttons"):
        monkeypatch.setattr(f"{module}.pdf_available", lambda: (False, MESSAGE))

    def refuse(*args, **kwargs):
        raise AssertionError("no PDF may be built")

    for name in ("plan_pdf", "pledge_pdf", "progress_pdf"):
        monkeypatch.setattr(f"exports.documents.{name}", refuse)


def test_without_weasyprint_pdf_downloads_answer_503(exports_world, city_client, no_pdf):
    w = exports_world
    for url in (download_url("plan_pdf", year=2024), download_url("pledge_pdf", pledge=w.pledge_a.pk),
                download_url("progress_pdf", group=w.cluster_a.pk), download_url("city_pledges_pdf", year=2024)):
        response = city_client.get(url)
        assert response.status_code == 503, url
        assert MESSAGE in response.content.decode()
    assert not ExportJob.objects.exists()
    # The rest works: Excel downloads and the pages.
    assert city_client.get(download_url("plan_xlsx", year=2024)).status_code == 200


def test_without_weasyprint_pdf_buttons_are_disabled_with_the_reason(exports_world, city_client, no_pdf):
    page = city_client.get(reverse("campaigns:detail", args=[2024]))
    assert page.status_code == 200
    html = page.content.decode()
    assert download_url("plan_pdf", year=2024) not in html
    assert 'disabled aria-describedby="export-unavailable-plan_pdf"' in html
    assert MESSAGE in html
    assert f'href="{download_url("plan_xlsx", year=2024)}"' in html


def test_the_fake_pdf_marker_is_what_the_fixture_returns(exports_world, city_client, fake_pdfs):
    response = city_client.get(download_url("plan_pdf", year=2024))
    assert body(response) == FAKE_PDF
