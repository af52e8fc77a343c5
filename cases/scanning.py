"""Virus scanning of uploads through clamd, when CLAMD_ADDRESS is set.

A small client for clamd's INSTREAM command (the `clamd` package on PyPI has not been
maintained since 2014; the protocol is a few lines). While a file waits for its scan it
cannot be downloaded; an infected or unscannable file is moved to quarantine and the
family is asked, kindly, to send another copy.
"""

import logging
import socket
import struct
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction

from audit.models import AuditEvent
from core import storage
from core.enqueue import enqueue
from core.mail import EmailHeldError, send_family_email

from .models import Document, TimelineEvent
from .tasks import scan_document as scan_document_task
from .timeline import case_event

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class ScannerUnavailableError(ConnectionError):
    """clamd could not be reached: try again later, the file keeps waiting."""


class UnscannableError(Exception):
    """clamd answered, but could not scan this file (too large, malformed...)."""


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_ADDRESS)


def _connect(address: str, timeout: float) -> socket.socket:
    parsed = urlparse(address)
    try:
        if parsed.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(parsed.path)
        else:
            sock = socket.create_connection((parsed.hostname, parsed.port or 3310), timeout)
            sock.settimeout(timeout)
        return sock
    except OSError as error:
        raise ScannerUnavailableError(f"clamd at {address}: {error}") from error


def scan_stream(fileobj, *, address: str | None = None, timeout: float = 60) -> str | None:
    """The name of the signature that matched, or None for a clean file."""
    sock = _connect(address or settings.CLAMD_ADDRESS, timeout)
    try:
        sock.sendall(b"zINSTREAM\0")
        for chunk in iter(lambda: fileobj.read(CHUNK), b""):
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    except OSError as error:
        raise ScannerUnavailableError(f"clamd stopped answering: {error}") from error
    finally:
        sock.close()
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    raise UnscannableError(answer or "no answer")


def documents_queue_scans(documents) -> None:
    """After commit, send each new document to the scanner (if one is configured)."""
    if not scanning_enabled():
        return
    for document in documents:
        transaction.on_commit(lambda pk=document.pk: enqueue(scan_document_task, pk))


def document_scan(*, document_id: int) -> str:
    """Scan one waiting document and record the verdict. Returns the new status."""
    document = Document.objects.select_related("case__submitter").filter(pk=document_id).first()
    if document is None or document.scan_status != Document.ScanStatus.PENDING:
        return document.scan_status if document else "missing"
    try:
        with storage.open_stream(document.file.name) as handle:
            signature = scan_stream(handle)
    except UnscannableError as refused:
        return _quarantine(document, Document.ScanStatus.UNSCANNABLE, str(refused))
    if signature:
        return _quarantine(document, Document.ScanStatus.INFECTED, signature)
    Document.objects.filter(pk=document.pk).update(scan_status=Document.ScanStatus.CLEAN)
    return Document.ScanStatus.CLEAN


@transaction.atomic
def _quarantine(document: Document, status: str, detail: str) -> str:
    quarantined = storage.copy(document.file.name, f"quarantine/{document.file.name}")
    old_name = document.file.name
    document.file.name = quarantined
    document.scan_status = status
    document.scan_detail = detail[:300]
    document.save(update_fields=["file", "scan_status", "scan_detail"])
    case_event(
        document.case,
        TimelineEvent.Kind.FAMILY_UPLOAD,
        f"Report #{document.pk} quarantined by the virus scan ({status}); "
        "the family was asked for another copy.",
    )
    transaction.on_commit(lambda: storage.delete_quietly([old_name]))
    if getattr(document.case, "submitter", None) is not None:
        transaction.on_commit(lambda: _tell_family_file_refused(document))
    logger.warning("document %s quarantined: %s", document.pk, status)
    return status


def _tell_family_file_refused(document: Document) -> None:
    submitter = document.case.submitter
    try:
        send_family_email(
            to=submitter.email,
            language=submitter.preferred_language,
            template="file_refused",
            context={
                "case": document.case,
                "name": submitter.full_name,
                "file_name": document.original_name,
            },
        )
    except EmailHeldError as held:
        case_event(
            document.case,
            TimelineEvent.Kind.EMAIL_HELD,
            str(held),
            audit=AuditEvent.Action.EMAIL_HELD,
            object_type="email",
            detail=f"file_refused: {held.verdict.outcome}",
        )
