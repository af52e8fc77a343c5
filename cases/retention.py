"""Keeping health data no longer than needed, and handing a family everything we hold.

- Closed cases are anonymised after NAVIGATOR_RETENTION_CLOSED_DAYS (default two years):
  people, diagnosis, treatments, notes, contacts, messages, consents and files go; a tombstone with
  the reference, the dates and the outcome category stays. A dry run lists what would go.
- A supervisor can export everything held on one case (a family's access request) as a
  zip of its uploads, generated PDFs and a JSON of the record.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from core import storage
from core.uploads import clean_filename

from .models import Case, TimelineEvent
from .timeline import case_event


@dataclass(frozen=True)
class RetentionResult:
    references: list[str]
    files_deleted: int
    dry_run: bool


def closed_cases_due(*, now: datetime | None = None):
    now = now or timezone.now()
    cutoff = now - settings.NAVIGATOR_RETENTION_CLOSED
    return Case.objects.filter(
        status=Case.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    ).order_by("closed_at")


def cases_anonymise_closed(*, now=None, dry_run: bool = False, limit: int = 500) -> RetentionResult:
    due = list(closed_cases_due(now=now).values_list("pk", "reference")[:limit])
    if dry_run:
        return RetentionResult([ref for _pk, ref in due], 0, True)
    deleted = 0
    for case_id, _reference in due:
        deleted += case_anonymise(case=Case.objects.get(pk=case_id))
    return RetentionResult([ref for _pk, ref in due], deleted, False)


@transaction.atomic
def case_anonymise(*, case: Case) -> int:
    """Remove everything personal from one case; returns how many files were deleted."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    names = [d.file.name for d in case.documents.all() if d.file]
    names += [j.file.name for j in case.document_jobs.all() if j.file]
    # Relations of the apps above (conversations' messages, logistics' practical tasks,
    # records' requests) are reached by name; they point at documents, so they go first.
    relations = (
        "conversation_messages",
        "tasks",
        "records_requests",
        "documents",
        "document_jobs",
        "notes",
    )
    for relation in (*relations, "contacts", "treatments", "consents"):
        getattr(case, relation).all().delete()
    for one_to_one in ("submitter", "patient", "diagnosis"):
        related = getattr(case, one_to_one, None)
        if related is not None:
            related.delete()
    case.timeline.all().delete()
    case.help_topics = []
    case.help_details = ""
    case.status_token_hash = None
    case.status_token_expires_at = None
    case.pending_status_token_hash = None
    case.pending_status_token_expires_at = None
    case.anonymised_at = timezone.now()
    case.save()
    case_event(
        case,
        TimelineEvent.Kind.NOTE,
        "Personal data removed after the retention period; this record is a tombstone.",
        audit=AuditEvent.Action.ANONYMISED,
        object_type="case",
    )
    transaction.on_commit(lambda: storage.delete_quietly(names))
    return len(names)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return (
        value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    )


def _row(instance, exclude=("id", "case")) -> dict:
    return {
        field.name: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in exclude
    }


def case_record(case: Case) -> dict:
    """Everything held on a case, as plain data."""
    record = {"case": _row(case, exclude=("id", "status_token_hash", "pending_status_token_hash"))}
    for one in ("submitter", "patient", "diagnosis"):
        related = getattr(case, one, None)
        record[one] = _row(related) if related is not None else None
    for many in ("treatments", "consents", "notes", "contacts", "tasks", "timeline"):
        record[many] = [_row(item) for item in getattr(case, many).all()]
    record["messages"] = [_row(m) for m in case.conversation_messages.all()]
    record["records_requests"] = [
        {**_row(r), "items": [_row(i, exclude=("id", "request")) for i in r.items.all()]}
        for r in case.records_requests.all()
    ]
    record["documents"] = [_row(d, exclude=("id", "case", "file")) for d in case.documents.all()]
    record["generated_documents"] = [
        _row(j, exclude=("id", "case", "file")) for j in case.document_jobs.all()
    ]
    return record


CHUNK = 256 * 1024


def _chunks(name: str):
    """A stored file, read a piece at a time as the zip streams out."""
    with storage.open_stream(name) as source:
        yield from iter(lambda: source.read(CHUNK), b"")


def case_export_zip(*, case: Case, by):
    """A zip of one case (record.json, the uploads, the generated PDFs) as it is written:
    the first bytes leave at once, and nothing is held in a temporary file. Reports and
    PDFs are already compressed, so they are stored as they are; the record is deflated."""
    from zipstream import ZIP_DEFLATED, ZIP_STORED, ZipStream

    archive = ZipStream(compress_type=ZIP_STORED)
    record_json = json.dumps(case_record(case), indent=2, ensure_ascii=False).encode("utf-8")
    archive.add(record_json, "record.json", compress_type=ZIP_DEFLATED)
    for document in case.documents.all():
        # Quarantined files (a virus, or unscannable) are listed, never handed out.
        if document.downloadable and document.file and default_storage.exists(document.file.name):
            name = f"uploads/{document.pk}-{clean_filename(document.original_name)}"
            archive.add(_chunks(document.file.name), name)
    for job in case.document_jobs.filter(status="ready"):
        if job.file and default_storage.exists(job.file.name):
            archive.add(_chunks(job.file.name), f"generated/{job.download_name}")
    record(AuditEvent.Action.EXPORTED, actor=by, case_reference=case.reference, object_type="case")
    return archive
