"""Large exports in the background, end to end with the database task backend: the request queues a job, a worker
(``manage.py db_worker --batch``) builds it, the job page follows it (htmx polling) and its owner downloads the
file; nobody else finds the job; failures show a readable error and can be retried; expired files are pruned."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exports import registry
from exports.models import ExportJob
from exports.tasks import run_export
from tests.downloads import body, download_url, open_pdf, open_workbook, run_worker

# The worker opens its own transactions (and closes connections left outside autocommit): real commits.
pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HX-Request": "true"}


def job_page(client, job, htmx=False):
    return client.get(reverse("exports:job", args=[job.pk]), headers=HTMX if htmx else {})


@pytest.fixture
def big(settings):
    """Every city workbook counts as large: the threshold is under the five members of the test city."""
    settings.EXPORTS_BACKGROUND_UNITS = 1


def test_all_pledges_pdf_end_to_end(exports_world, city_client, client_as):
    response = city_client.post(download_url("city_pledges_pdf", year=2024))

    # A job is created and queued, with a task waiting for a worker.
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.status == ExportJob.Status.QUEUED and job.kind == "city_pledges_pdf" and job.params == {"year": 2024}
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "READY"

    # The job page says so and polls its status part every 2 s.
    page = job_page(city_client, job).content.decode()
    assert "Đang chờ xử lý" in page
    partial = job_page(city_client, job, htmx=True).content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial
    assert reverse("exports:job_file", args=[job.pk]) not in partial
    assert city_client.get(reverse("exports:job_file", args=[job.pk])).status_code == 404   # not yet

    run_worker()

    # Done: the partial no longer polls and links the file.
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    job.refresh_from_db()
    assert (job.status, job.percent_done) == (ExportJob.Status.DONE, 100)
    assert job.expires_at == job.finished_at + datetime.timedelta(days=1)
    assert job.file.name == f"exports/{job.user_id}/{job.pk}.pdf"
    partial = job_page(city_client, job, htmx=True).content.decode()
    assert "every 2s" not in partial and "Đã xong" in partial
    assert reverse("exports:job_file", args=[job.pk]) in partial

    response = city_client.get(reverse("exports:job_file", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-tat-ca-2024.pdf"'
    pdf = open_pdf(body(response))
    assert len(pdf.pages) >= 2
    # One top-level bookmark per group (blocs, then clusters, by name), the pledge's headings under it.
    top = [item for item in pdf.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Cụm thi đua các quận", "Cụm thi đua các sở số 1"]
    assert pdf.get_destination_page_number(top[0]) == 0
    assert pdf.get_destination_page_number(top[1]) > 0
    assert job.size == len(body(city_client.get(reverse("exports:job_file", args=[job.pk]))))

    # Nobody else finds the job, its file or its retry — not even another member of the city staff.
    from accounts.models import User
    from tests.factories import login, make_user

    colleague = login(make_user("city2", User.Role.CITY_STAFF))
    for client in (client_as("viewer"), client_as("officer"), colleague):
        assert job_page(client, job).status_code == 404
        assert client.get(reverse("exports:job_file", args=[job.pk])).status_code == 404
        assert client.post(reverse("exports:job_retry", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("exports:jobs")).content.decode()
    assert job.title in city_client.get(reverse("exports:jobs")).content.decode()


def test_city_workbook_in_the_background_keeps_the_page_filters(exports_world, viewer_client, big):
    w = exports_world
    viewer_client.post(download_url("progress_xlsx", year=2024, period=w.half_year.pk, kind="cluster", sort="-name"))
    job = ExportJob.objects.get()
    assert job.params == {"year": 2024, "period": w.half_year.pk, "kind": "cluster", "sort": "-name"}
    assert job.title == "Tiến độ thi đua năm 2024, kỳ 6 tháng, các cụm thi đua (Excel)"
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    response = viewer_client.get(reverse("exports:job_file", args=[job.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="tien-do-cum-thi-dua-2024-6-thang.xlsx"'
    summary = open_workbook(body(response)).worksheets[0]
    names = [row[1] for row in summary.iter_rows(values_only=True) if row[1]]
    assert names.index("Cụm thi đua các sở số 1") < names.index("Cụm thi đua các quận")


def test_reloading_the_download_does_not_queue_it_twice(exports_world, city_client, big):
    url = download_url("late_xlsx", year=2024, period=exports_world.half_year.pk)
    first = city_client.post(url)
    second = city_client.post(url)
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1 and DBTaskResult.objects.count() == 1
    # Other filters are another export.
    city_client.post(download_url("late_xlsx", year=2024, period=exports_world.half_year.pk, kind="cluster"))
    assert ExportJob.objects.count() == 2


def test_a_failing_build_shows_its_error_and_can_be_retried(exports_world, city_client, client_as, big,
                                                            monkeypatch):
    real = registry.concatenate_pledges
    calls = []

    def fails_once(pledges, percent_done):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom: /srv/secret/path")
        return real(pledges, percent_done)

    monkeypatch.setattr(registry, "concatenate_pledges", fails_once)
    city_client.post(download_url("city_pledges_pdf", year=2024))
    job = ExportJob.objects.get()
    run_worker()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == ("Không tạo được tệp do lỗi của hệ thống. Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản "
                         "trị hệ thống.")
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"   # the traceback stays with the task
    partial = job_page(city_client, job, htmx=True).content.decode()
    assert "Không thành công" in partial and job.error in partial
    assert "every 2s" not in partial
    assert "boom" not in partial and "Traceback" not in partial
    assert f'action="{reverse("exports:job_retry", args=[job.pk])}"' in partial and "Thử lại" in partial
    assert city_client.get(reverse("exports:job_file", args=[job.pk])).status_code == 404

    # Another user cannot retry it; the owner can.
    assert client_as("viewer").post(reverse("exports:job_retry", args=[job.pk])).status_code == 404
    response = city_client.post(reverse("exports:job_retry", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.percent_done, job.error) == (ExportJob.Status.QUEUED, 0, "")
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert "every 2s" in job_page(city_client, job, htmx=True).content.decode()

    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert city_client.get(reverse("exports:job_file", args=[job.pk])).status_code == 200


def test_retrying_a_job_that_is_not_failed_changes_nothing(exports_world, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    response = city_client.post(reverse("exports:job_retry", args=[job.pk]), follow=True)
    assert "không cần thử lại" in response.content.decode()
    assert DBTaskResult.objects.count() == 1


def test_an_owner_who_lost_access_gets_a_clear_error(exports_world, viewer, viewer_client, big):
    viewer_client.post(download_url("progress_xlsx", year=2024))
    job = ExportJob.objects.get()
    viewer.role = viewer.Role.UNIT_OFFICER
    viewer.unit = exports_world.a1
    viewer.save()
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "Bạn không còn quyền xuất tệp này."


def test_a_deactivated_owner_gets_nothing_built(exports_world, city, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    city.is_active = False
    city.save()
    run_worker()
    job = ExportJob.objects.get()
    assert (job.status, job.error, bool(job.file)) == (ExportJob.Status.FAILED, "Bạn không còn quyền xuất tệp này.",
                                                       False)


def test_an_empty_year_says_there_is_nothing_to_export(world, city_client, media):
    city_client.post(download_url("city_pledges_pdf", year=2024))
    run_worker()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "Năm này chưa có giao ước thi đua nào để xuất."


def test_expired_files_are_404_and_pruned(exports_world, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    run_worker()
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    keep = ExportJob.objects.create(user=job.user, kind="plan_xlsx", params={"year": 2024}, title="Giữ lại",
                                    status=ExportJob.Status.QUEUED)

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert city_client.get(reverse("exports:job_file", args=[job.pk])).status_code == 404
    page = job_page(city_client, job).content.decode()
    assert "Tệp đã hết hạn" in page and "Tạo lại" in page

    assert list(ExportJob.objects.expired()) == [ExportJob.objects.get(pk=job.pk)]
    call_command("prune_exports", stdout=StringIO())
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not storage.exists(name)
    assert ExportJob.objects.filter(pk=keep.pk).exists()


def test_prune_also_removes_jobs_abandoned_for_a_week(exports_world, city):
    old = ExportJob.objects.create(user=city, kind="plan_xlsx", params={"year": 2024}, title="Bỏ dở",
                                   created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("prune_exports", stdout=StringIO())
    assert not ExportJob.objects.filter(pk=old.pk).exists()


def test_a_job_whose_task_died_is_shown_as_failed(exports_world, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    # The task ended without touching the job (e.g. it could not even start).
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED", finished_at=timezone.now())
    partial = job_page(city_client, job, htmx=True).content.decode()
    assert "Tác vụ tạo tệp đã dừng bất thường" in partial and "Thử lại" in partial


def test_a_running_job_past_the_timeout_is_shown_as_failed(exports_world, city_client, big, settings):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, percent_done=40,
                                               started_at=timezone.now() - datetime.timedelta(hours=2))
    running = job_page(city_client, job).content.decode()
    assert "Quá thời gian tạo tệp" in running


def test_a_job_waiting_long_hints_at_the_worker(exports_world, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    assert "hơn một phút" not in job_page(city_client, job).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "hơn một phút" in job_page(city_client, job).content.decode()


def test_progress_is_shown_while_running(exports_world, city_client, big):
    city_client.post(download_url("late_xlsx", year=2024))
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, percent_done=42,
                                               started_at=timezone.now())
    partial = job_page(city_client, job, htmx=True).content.decode()
    assert 'value="42"' in partial and "Đã xong 42 %" in partial and "Đang tạo tệp" in partial
    assert 'hx-trigger="every 2s"' in partial


def test_with_the_immediate_backend_the_job_is_done_at_once(exports_world, city_client, big, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = city_client.post(download_url("late_xlsx", year=2024), follow=True)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.task_id
    assert reverse("exports:job_file", args=[job.pk]) in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_the_task_ignores_a_job_that_no_longer_exists(db):
    import uuid

    assert run_export.call(str(uuid.uuid4())) == "missing"
