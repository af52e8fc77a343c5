"""Checks on a medical report before Navigator keeps it.

A file is judged by its content (libmagic), not by its name: the extension and the
type the browser declared must both agree with what the bytes are. Images are opened
with Pillow's decompression-bomb limits turned into errors; PDFs must parse.
"""

import hashlib
import logging
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import storage

logger = logging.getLogger(__name__)

# What each accepted content type may be called, and what browsers may declare for it.
# "application/octet-stream" is what a browser sends when it does not know a type
# (DICOM files, often); it is accepted as "not declared", never as a type of its own.
ACCEPTED_TYPES = {
    "application/pdf": {
        "extensions": {".pdf"},
        "declared": {"application/pdf", "application/x-pdf"},
    },
    "image/jpeg": {
        "extensions": {".jpg", ".jpeg", ".jpe", ".jfif"},
        "declared": {"image/jpeg", "image/jpg", "image/pjpeg"},
    },
    "image/png": {"extensions": {".png"}, "declared": {"image/png", "image/x-png"}},
    "image/tiff": {"extensions": {".tif", ".tiff"}, "declared": {"image/tiff", "image/tif"}},
    "application/dicom": {
        "extensions": {".dcm", ".dicom"},
        "declared": {"application/dicom", "application/dicom+json"},
    },
}
UNDECLARED = {"", "application/octet-stream", "binary/octet-stream"}
ACCEPTED_DESCRIPTION = "PDF, JPEG, PNG, TIFF or DICOM"
_PILLOW_TYPES = {"image/jpeg", "image/png", "image/tiff"}
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SNIFF_BYTES = 8192


def report_upload_path(instance, filename: str) -> str:
    """A random name under the private upload root: the family's file name is never
    used on disk (it is kept, escaped, in `original_name`)."""
    name = uuid.uuid4().hex
    return f"reports/{name[:2]}/{name}"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check, with what we learnt about it."""

    file: UploadedFile
    original_name: str
    content_type: str
    size: int
    sha256: str
    page_count: int | None


def clean_filename(name: str) -> str:
    """The name to show staff: no directories, no control characters, not too long.

    The name is only ever displayed (escaped); files are stored under random names.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _CONTROL_CHARS.sub("", name).strip().strip(".")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or "report"


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def _sniff(upload: UploadedFile) -> str:
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


def _hash(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_image(upload: UploadedFile, name: str) -> None:
    from PIL import Image

    with warnings.catch_warnings():
        # Pillow only warns between 1x and 2x its pixel limit; we refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = settings.NAVIGATOR_MAX_IMAGE_PIXELS
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("%(name)s: the image is too large to open safely. Please send a smaller scan.")
                % {"name": name},
                code="image_bomb",
            ) from None
        except Exception:
            raise ValidationError(
                _("%(name)s: the image appears to be damaged and could not be opened.")
                % {"name": name},
                code="corrupt",
            ) from None
        finally:
            Image.MAX_IMAGE_PIXELS = previous
            upload.seek(0)


def _pdf_page_count(upload: UploadedFile, name: str) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        upload.seek(0)
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("%(name)s is protected with a password. Please send a copy without one.")
                % {"name": name},
                code="encrypted",
            )
        return len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ValidationError(
            _("%(name)s appears to be damaged and could not be opened as a PDF.") % {"name": name},
            code="corrupt",
        ) from None
    finally:
        upload.seek(0)


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Every check one file must pass, or a ValidationError that says why in plain words."""
    name = clean_filename(upload.name)
    if not upload.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if upload.size > settings.NAVIGATOR_MAX_FILE_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; each file can be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.NAVIGATOR_MAX_FILE_BYTES),
            },
            code="too_large",
        )

    detected = _sniff(upload)
    accepted = ACCEPTED_TYPES.get(detected)
    if accepted is None:
        raise ValidationError(
            _("%(name)s is not a %(types)s file, so we cannot accept it.")
            % {"name": name, "types": ACCEPTED_DESCRIPTION},
            code="type_refused",
        )
    if _extension(name) not in accepted["extensions"]:
        raise ValidationError(
            _("%(name)s: the file name ending does not match its content (%(type)s).")
            % {"name": name, "type": detected},
            code="extension_mismatch",
        )
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared not in UNDECLARED and declared not in accepted["declared"]:
        raise ValidationError(
            _("%(name)s: the file's declared type does not match its content.") % {"name": name},
            code="declared_mismatch",
        )

    page_count = None
    if detected == "application/pdf":
        page_count = _pdf_page_count(upload, name)
    elif detected in _PILLOW_TYPES:
        _check_image(upload, name)

    return CheckedUpload(
        file=upload,
        original_name=name,
        content_type=detected,
        size=upload.size,
        sha256=_hash(upload),
        page_count=page_count,
    )


def check_limits(*, new: list[UploadedFile], existing_count: int, existing_bytes: int) -> None:
    """Refuse a batch that would take a case over its file-count or total-size limit."""
    max_files = settings.NAVIGATOR_MAX_FILES_PER_CASE
    max_bytes = settings.NAVIGATOR_MAX_CASE_BYTES
    if existing_count + len(new) > max_files:
        raise ValidationError(
            _(
                "A case can hold at most %(max)d files. You have %(have)d already and "
                "chose %(new)d more."
            )
            % {"max": max_files, "have": existing_count, "new": len(new)},
            code="too_many_files",
        )
    total = existing_bytes + sum(f.size or 0 for f in new)
    if total > max_bytes:
        raise ValidationError(
            _("Together these files come to %(total)s; a case can hold at most %(limit)s.")
            % {"total": filesizeformat(total), "limit": filesizeformat(max_bytes)},
            code="case_too_large",
        )


def stored_fields(name: str, item, category: str) -> dict:
    """The fields of a stored upload (cases.models.StoredUpload) for a file saved under
    `name`: `item` is a CheckedUpload, or a draft's upload whose file becomes a case
    document."""
    return {
        "file": name,
        "original_name": item.original_name,
        "category": category,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "page_count": item.page_count,
    }


def store_files(checked: list[CheckedUpload]) -> list[str]:
    """Copy checked uploads into private storage under random names.

    All or nothing: if one copy fails, the ones already written are removed. A storage
    that cannot be reached (a full disk, a bucket that does not answer) is a ValidationError
    the form shows next to the file field: nothing is kept, and the family can try again.
    """
    from django.core.files.storage import default_storage

    names: list[str] = []
    try:
        for item in checked:
            item.file.seek(0)
            names.append(default_storage.save(report_upload_path(None, ""), item.file))
    except storage.storage_errors() as error:
        delete_files(names)
        logger.error("uploads could not be stored: %s", type(error).__name__)
        raise ValidationError(
            _(
                "We could not store your files just now, so none of them were kept. "
                "Please try again in a few minutes."
            ),
            code="storage_unavailable",
        ) from error
    except Exception:
        delete_files(names)
        raise
    return names


def delete_files(names) -> None:
    """Remove stored files; one that cannot be removed is logged, never raised (see
    core.storage.delete_quietly)."""
    storage.delete_quietly(names)
