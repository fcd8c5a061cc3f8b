"""Downloads: small exports streamed at once, large ones built in the background and followed on a job page.

Access: :mod:`exports.registry` applies the rules of the page each export comes from (404 / 403); a job, its
file and its retry are found only through ``ExportJob.objects.for_user`` (404 for anyone but the owner).
"""

import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.downloads import attachment

from . import registry
from .models import ExportJob
from .pdf import PdfUnavailable, pdf_available
from .tasks import run_export

logger = logging.getLogger(__name__)

# A running job that has not finished after this long lost its worker (killed, machine restarted).
DEFAULT_JOB_TIMEOUT = datetime.timedelta(hours=1)
# A job still queued after this long is shown with a hint that no worker may be running.
QUEUED_HINT_AFTER = datetime.timedelta(minutes=1)
RECENT_JOBS = 30


def get_job_for_user(user, pk) -> ExportJob:
    return get_object_or_404(ExportJob.objects.for_user(user), pk=pk)


def pdf_unavailable(request, message: str) -> HttpResponse:
    return render(request, "exports/pdf_unavailable.html", {"message": message}, status=503)


def enqueue(job: ExportJob) -> ExportJob:
    """Hand the job to the task backend (a worker, or at once with the immediate backend)."""
    try:
        result = run_export.enqueue(str(job.pk))
    except Exception:
        logger.exception("Could not enqueue export %s", job.pk)
        job.mark_failed(_("Không đưa được yêu cầu vào hàng đợi. Hãy thử lại sau ít phút."))
        return job
    # update(), not save(): with the immediate backend the task has already finished and saved the job.
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def start_job(user, prepared: registry.Prepared) -> ExportJob:
    """A job for this export, or the same one already waiting or running (a reload does not queue it twice)."""
    for job in ExportJob.objects.for_user(user).active().filter(kind=prepared.kind.name):
        if job.params == prepared.params:
            return job
    job = ExportJob.objects.create(user=user, kind=prepared.kind.name, params=prepared.params, title=prepared.title,
                                   filename=prepared.filename, content_type=prepared.content_type)
    return enqueue(job)


@require_http_methods(["GET", "POST"])
@login_required
def download(request, kind):
    """``?year=…``, ``?pledge=…``, ``?group=…&period=…``, ``?year=…&period=…&kind=…`` depending on the kind."""
    export_kind = registry.get_kind(kind)
    prepared = export_kind.prepare(request.user, request.GET)
    if export_kind.is_pdf:
        available, message = pdf_available()
        if not available:
            return pdf_unavailable(request, message)
    if request.method == "POST" and not prepared.in_background:
        return HttpResponseNotAllowed(["GET"])
    if prepared.in_background:
        # A GET changes nothing (a link followed from elsewhere cannot queue work): it asks to confirm, and the
        # confirming POST, protected by CSRF, creates the job.
        if request.method != "POST":
            return render(request, "exports/confirm.html", {"prepared": prepared})
        job = start_job(request.user, prepared)
        return redirect("exports:job", pk=job.pk)
    try:
        content = prepared.build()
    except PdfUnavailable as error:
        return pdf_unavailable(request, str(error))
    return attachment(content, prepared.filename, prepared.content_type)


def reconcile(job: ExportJob) -> ExportJob:
    """A job whose task died without updating it (the worker was killed, the task failed before it started)
    is shown as failed, so its owner can retry instead of waiting for ever."""
    if not job.is_active:
        return job
    if job.task_id and run_export.get_backend().supports_get_result:
        from django_tasks import TaskResultStatus
        from django_tasks.exceptions import TaskResultDoesNotExist

        try:
            result = run_export.get_result(job.task_id)
        except TaskResultDoesNotExist:
            result = None
        if result is not None and result.is_finished:
            job.refresh_from_db()
            if job.is_active:
                job.mark_failed(_("Tác vụ tạo tệp đã dừng bất thường. Hãy bấm “Thử lại”.")
                                if result.status == TaskResultStatus.FAILED else
                                _("Tác vụ tạo tệp đã kết thúc nhưng không lưu được tệp. Hãy bấm “Thử lại”."))
            return job
    timeout = getattr(settings, "EXPORTS_JOB_TIMEOUT", DEFAULT_JOB_TIMEOUT)
    if job.status == ExportJob.Status.RUNNING and job.started_at and job.started_at < timezone.now() - timeout:
        job.mark_failed(_("Quá thời gian tạo tệp. Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản trị hệ thống."))
    return job


@require_GET
@login_required
def job(request, pk):
    """The job's status; htmx polls the status part every 2 s while the file is being made."""
    job = reconcile(get_job_for_user(request.user, pk))
    context = {
        "job": job,
        "queued_long": job.status == ExportJob.Status.QUEUED and job.created_at < timezone.now() - QUEUED_HINT_AFTER,
    }
    if request.htmx:
        return render(request, "exports/job.html#job-status", context)
    return render(request, "exports/job.html", context)


@require_GET
@login_required
def job_file(request, pk):
    """The finished file, for its owner only and only until it expires."""
    job = get_job_for_user(request.user, pk)
    if not job.is_downloadable:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)


@require_POST
@login_required
def job_retry(request, pk):
    """Make a failed (or expired) job's file again, from the same parameters."""
    job = get_job_for_user(request.user, pk)
    if job.can_retry:
        job.reset_for_retry()
        enqueue(job)
        messages.success(request, _("Đã gửi lại yêu cầu tạo tệp."))
    else:
        messages.info(request, _("Tệp này đang được tạo hoặc đã sẵn sàng, không cần thử lại."))
    return redirect("exports:job", pk=job.pk)


@require_GET
@login_required
def jobs(request):
    """The user's recent exports made in the background."""
    jobs = list(ExportJob.objects.for_user(request.user)[:RECENT_JOBS])
    return render(request, "exports/jobs.html", {"jobs": jobs})
