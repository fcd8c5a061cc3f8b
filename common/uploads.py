"""Checks for uploaded documents (signed scans, evidence): type by content, not by name alone, and size."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# File name endings we accept and the bytes such a file starts with.
DOCUMENT_SIGNATURES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".png": b"\x89PNG"}
DOCUMENT_ACCEPT = ",".join(DOCUMENT_SIGNATURES)


def validate_document(upload, max_bytes: int) -> None:
    """A PDF, JPG or PNG no larger than ``max_bytes``; a Vietnamese message otherwise."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)s MB.") % {"name": upload.name, "mb": max_bytes // (1024 * 1024)}
        )
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    magic = DOCUMENT_SIGNATURES.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise ValidationError(_("Tệp “%(name)s”: chỉ nhận tệp PDF, JPG hoặc PNG.") % {"name": upload.name})


def store_documents(uploads, build) -> list:
    """Store each upload as the document ``build(upload)`` returns (an unsaved
    :class:`common.models.UploadedDocument`), all or nothing: on a failure the files already stored are removed
    again. Call it inside the transaction that locked the owner."""
    created = []
    try:
        for upload in uploads:
            document = build(upload)
            document.file.save(upload.name, upload, save=False)
            created.append(document)
            document.save()
    except Exception:
        for document in created:
            document.file.storage.delete(document.file.name)
        raise
    return created
