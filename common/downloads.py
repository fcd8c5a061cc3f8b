"""The HTTP response of a download: one shape for every file the application hands out."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """``content`` as a download named ``filename`` (ASCII, see :func:`common.filenames.ascii_slug`), with
    its length so that the browser shows the download's progress."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Length"] = str(len(content))
    return response
