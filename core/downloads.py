"""Handing a private file to someone who may have it: never shown inline, never cached,
never sniffed into something else."""

from django.http import FileResponse, StreamingHttpResponse


def private_file_response(fileobj, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        fileobj, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def private_stream_response(chunks, *, filename: str, content_type: str):
    """The same promises for content made as it is sent (an export zip)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
