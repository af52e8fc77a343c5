"""Private files wherever they are kept: local disk (the default) or an S3-compatible bucket
(core/s3.py, when NAVIGATOR_S3_BUCKET is set). Code that reads, copies or hands out a
stored file goes through here, so none of it assumes a local path."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage that cannot be reached raises: disk errors, and S3's when in use."""
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        return errors
    return (*errors, BotoCoreError, ClientError, Boto3Error)


def uses_object_storage(storage=None) -> bool:
    return hasattr(storage or default_storage, "open_stream")


def open_stream(name: str, storage=None):
    """A readable binary file object for a stored file, read as it is used; close it after.
    A missing file raises FileNotFoundError, whichever storage holds it."""
    storage = storage or default_storage
    if hasattr(storage, "open_stream"):
        return storage.open_stream(name)
    return storage.open(name, "rb")


def copy(source: str, target: str, storage=None) -> str:
    """Copy a stored file to a new name (inside the bucket, on S3); returns the name used."""
    storage = storage or default_storage
    if hasattr(storage, "copy"):
        return storage.copy(source, target)
    with storage.open(source, "rb") as handle:
        return storage.save(target, handle)


def delete_quietly(names) -> list[str]:
    """Delete stored files after their rows are gone; a failure is logged, not raised (the
    rows' transaction has committed by then). Returns the names left behind, which
    `python manage.py check_storage --orphans` finds again later."""
    left = []
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except storage_errors() as error:
            left.append(name)
            logger.error("stored file %s could not be deleted: %s", name, type(error).__name__)
    return left


def presigned_download_url(name: str, *, filename: str, content_type: str, storage=None):
    """A short-lived URL the bucket answers itself, when presigned downloads are turned on
    and the storage can make one; otherwise None (the view streams the file)."""
    storage = storage or default_storage
    if not (settings.NAVIGATOR_S3_PRESIGNED_DOWNLOADS and hasattr(storage, "download_url")):
        return None
    return storage.download_url(
        name,
        filename=filename,
        content_type=content_type,
        expire=settings.NAVIGATOR_S3_URL_SECONDS,
    )


def describe(storage=None) -> str:
    """Where files are kept, for operators (no keys)."""
    storage = storage or default_storage
    if uses_object_storage(storage):
        where = storage.endpoint_url or "AWS"
        prefix = f"/{storage.location}" if storage.location else ""
        return f"bucket {storage.bucket_name}{prefix} at {where}"
    return f"local directory {storage.location}"


def probe(storage=None) -> str:
    """For /healthz, no detail: "ok" or "error" for a bucket (a HEAD request), "local disk"
    for the default storage (each machine's own disk; nothing to reach)."""
    storage = storage or default_storage
    if not hasattr(storage, "probe"):
        return "local disk"
    try:
        storage.probe()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        logger.error("storage probe failed (%s): %s", describe(storage), type(error).__name__)
        return "error"
    return "ok"
