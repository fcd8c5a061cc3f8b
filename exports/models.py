"""Exports made in the background: one row per requested file, owned by the person who asked for it.

Small exports are streamed directly and leave no row. Large ones (see :mod:`exports.registry`) become an
``ExportJob`` that a worker (``manage.py db_worker``) builds through :func:`exports.tasks.run_export`; the file is
kept in the default storage for a day, then ``manage.py prune_exports`` deletes it with its row.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RETENTION = datetime.timedelta(days=1)
# A job that never finished (no worker ran it, its worker died) is pruned after this long.
ABANDONED_AFTER = datetime.timedelta(days=7)


def export_upload_to(job, filename):
    """``exports/<user id>/<job id>.<ext>``: the readable name (Vietnamese) is kept in ``filename`` and sent in
    Content-Disposition, so the stored name stays plain ASCII and unique."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"exports/{job.user_id}/{job.pk}.{extension}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the owner ever sees a job, its file and its retry: not even city staff see another's exports."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def expired(self, now=None):
        """Finished jobs past ``expires_at`` (done or failed), and jobs abandoned unfinished for a week."""
        now = now or timezone.now()
        return self.filter(
            models.Q(expires_at__lte=now) | models.Q(expires_at__isnull=True, created_at__lte=now - ABANDONED_AFTER)
        )

    def active(self):
        return self.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])


class ExportJob(models.Model):
    """A file being built in the background for one user, then kept until ``expires_at``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang tạo tệp")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("loại tệp"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    title = models.CharField(_("tên"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent_done = models.PositiveSmallIntegerField(_("đã xong (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(_("tệp"), upload_to=export_upload_to, max_length=255, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True, db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="exportjob_percent_done_max_100"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and not self.is_expired

    @property
    def can_retry(self) -> bool:
        """A failed job, or a finished one whose file has expired, can be made again from the same parameters."""
        return self.status == self.Status.FAILED or (self.status == self.Status.DONE and not self.is_downloadable)

    # --- state changes, written with update() so a poll never overwrites a worker's percentage -----------------

    def _update(self, **fields):
        type(self).objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def mark_running(self):
        self._update(status=self.Status.RUNNING, started_at=timezone.now(), percent_done=5, error="")

    def set_percent_done(self, percent: int):
        self._update(percent_done=max(0, min(99, int(percent))))

    def mark_done(self, content: bytes, filename: str, content_type: str):
        """Store the file through Django's storage and open it for download for :data:`RETENTION`."""
        from django.core.files.base import ContentFile

        self.delete_file()
        self.file.save(filename, ContentFile(content), save=False)
        now = timezone.now()
        self._update(
            status=self.Status.DONE, percent_done=100, file=self.file.name, filename=filename,
            content_type=content_type, size=len(content), finished_at=now, expires_at=now + RETENTION, error="",
        )

    def mark_failed(self, message: str):
        now = timezone.now()
        self._update(status=self.Status.FAILED, error=message, finished_at=now, expires_at=now + RETENTION)

    def reset_for_retry(self):
        self.delete_file()
        # The old task id goes too: its failed result must not mark the new attempt as failed.
        self._update(status=self.Status.QUEUED, percent_done=0, error="", file="", size=None, task_id="",
                     started_at=None, finished_at=None, expires_at=None, created_at=timezone.now())

    def delete_file(self):
        if self.file:
            self.file.storage.delete(self.file.name)
            self.file = ""
