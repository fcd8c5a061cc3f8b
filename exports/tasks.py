"""The background task that builds a large export (run by ``manage.py db_worker``)."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ExportJob

logger = logging.getLogger(__name__)


def user_message(error: BaseException) -> str:
    """What the owner reads on the job page: a sentence in Vietnamese, never a traceback."""
    from . import registry
    from .pdf import PdfUnavailable

    if isinstance(error, Http404):
        return _("Không tìm thấy dữ liệu cần xuất, hoặc bạn không còn quyền xem dữ liệu này.")
    if isinstance(error, PermissionDenied):
        return _("Bạn không còn quyền xuất tệp này.")
    if isinstance(error, registry.EmptyExport):
        return str(error)
    if isinstance(error, PdfUnavailable):
        return str(error)
    return _("Không tạo được tệp do lỗi của hệ thống. Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản trị hệ thống.")


@task()
def run_export(job_id: str) -> str:
    """Build the job's file from its stored parameters, as its owner, and store it; record a readable error
    on failure. Access is checked again here: the owner may have lost it since asking."""
    from . import registry

    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        return "missing"          # deleted (pruned, or its owner removed) before a worker got to it
    if job.status == ExportJob.Status.DONE:
        return "done"
    job.mark_running()
    try:
        if not job.user.is_active:
            raise PermissionDenied
        prepared = registry.prepare(job.kind, job.user, job.params)
        job.set_percent_done(10)
        content = prepared.build(job.set_percent_done)
        job.mark_done(content, prepared.filename, prepared.content_type)
    except Exception as error:
        logger.exception("Export %s (%s, %s) failed", job.pk, job.kind, job.params)
        job.mark_failed(user_message(error))
        # Re-raised so the task result records the failure and its traceback (for the admin, not the user).
        raise
    return "done"
