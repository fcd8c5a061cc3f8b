"""Abstract models every app may build on (the bottom floor)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_upload_to(instance, filename):
    """Where an uploaded document is stored: each model says it in ``storage_path``."""
    return instance.storage_path(filename)


class UploadedDocument(models.Model):
    """A supporting document (PDF or image, checked by ``common.uploads.validate_document``) stored through
    Django's storage API and served only by a permission-checked view of the app that owns it."""

    file = models.FileField(_("tệp minh chứng"), upload_to=document_upload_to)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def storage_path(self, filename) -> str:
        raise NotImplementedError
