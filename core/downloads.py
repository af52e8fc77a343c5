"""Handing a private file to someone who may have it: never shown inline, never cached,
never sniffed into something else. The caller has checked access and written the audit
event first; then the file is streamed from storage (disk or bucket, a piece at a time),
or, with NAVIGATOR_S3_PRESIGNED_DOWNLOADS on, the browser is sent to a presigned URL that
works for NAVIGATOR_S3_URL_SECONDS and makes the bucket answer with the same headers."""

import io
import logging

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import storage

logger = logging.getLogger(__name__)


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def private_file_response(stored, *, filename: str, content_type: str):
    """`stored` is a FieldFile (document.file, job.file). A file missing from storage is a
    404 and a storage that cannot be reached a 503, each logged with the file's (random)
    name for the engineer on call."""
    try:
        url = storage.presigned_download_url(
            stored.name, filename=filename, content_type=content_type, storage=stored.storage
        )
        fileobj = None if url else storage.open_stream(stored.name, storage=stored.storage)
    except FileNotFoundError:
        # The row says the file exists and the storage has no such file: an operator's
        # problem (`manage.py check_storage` lists every such row), never the visitor's.
        logger.error("stored file %s is missing", stored.name)
        raise Http404 from None
    except storage.storage_errors() as error:
        logger.error("stored file %s could not be read: %s", stored.name, type(error).__name__)
        unavailable = HttpResponse(
            _("The file cannot be fetched just now. Please try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        unavailable["Retry-After"] = "60"
        return _private(unavailable)
    if url is not None:
        response = HttpResponseRedirect(url)
        response["Referrer-Policy"] = "no-referrer"
        return _private(response)
    response = FileResponse(
        fileobj, as_attachment=True, filename=filename, content_type=content_type
    )
    if "Content-Length" not in response and getattr(fileobj, "size", None) is not None:
        response["Content-Length"] = str(fileobj.size)
    return _private(response)


def private_bytes_response(data: bytes, *, filename: str, content_type: str) -> FileResponse:
    """The same promises for a file made for this one download (a PDF stamped with who it
    was shared with): it is in memory, never in storage."""
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
    return _private(response)


def private_stream_response(chunks, *, filename: str, content_type: str):
    """The same promises for content made as it is sent (an export zip)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return _private(response)
