"""Writes that make and feed a case: creating it from a finished inquiry, adding files,
re-sending routing that a broker outage dropped; and the queue's saved views.

The inquiry itself (drafts, the wizard, the family's links and e-mails) is the intake
app's; it calls case_create() with plain data.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.roles import is_supervisor
from audit.models import AuditEvent
from core import uploads
from core.conditions import condition_area
from core.enqueue import enqueue

from . import assignment, scanning
from .alerts import coordinator_alert
from .models import (
    PRIORITY_BY_URGENCY,
    Case,
    ConsentRecord,
    CoordinatorAlert,
    Diagnosis,
    Document,
    Patient,
    ReferenceCounter,
    SavedView,
    Submitter,
    TimelineEvent,
    TreatmentLine,
)
from .selectors import case_upload_totals
from .tasks import route_case as route_case_task
from .timeline import case_event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Intake:
    """Everything the inquiry collected, as plain data (no forms, no requests).
    `consent_text_version` names the consent wording the family saw."""

    submitter: dict
    patient: dict
    diagnosis: dict
    urgency: str
    consent_text_version: str
    treatments: list[dict] = field(default_factory=list)
    help_topics: list[str] = field(default_factory=list)
    help_details: str = ""
    consents: list[str] = field(default_factory=list)


def reference_next(*, year: int) -> str:
    """The next case reference for a year, e.g. NAV-2026-000123.

    The counter row is locked by the UPDATE until the surrounding transaction ends, so
    concurrent submissions queue up instead of sharing a number.
    """
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.values_list("last_number", flat=True).get(year=year)
    return f"NAV-{year}-{number:06d}"


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def case_create(*, intake: Intake, files=()) -> Case:
    """A new case from a finished inquiry, in one transaction: the case, who sent it, the
    patient, diagnosis, treatments, consents, the files already in private storage
    (anything with the stored-upload fields, e.g. a draft's uploads) and the first
    timeline entry. Routing is sent after commit."""
    now = timezone.now()
    case = _saved(
        Case(
            reference=reference_next(year=now.year),
            status=Case.Status.NEW,
            condition_area=condition_area(intake.diagnosis["condition"]),
            language=intake.submitter["preferred_language"],
            country=intake.patient["country_of_residence"],
            urgency=intake.urgency,
            priority=PRIORITY_BY_URGENCY[intake.urgency],
            help_topics=list(intake.help_topics),
            help_details=intake.help_details,
            submitted_at=now,
        )
    )
    _saved(Submitter(case=case, **intake.submitter))
    _saved(Patient(case=case, **intake.patient))
    _saved(Diagnosis(case=case, **intake.diagnosis))
    treatments = [
        TreatmentLine(case=case, position=position, **row)
        for position, row in enumerate(intake.treatments, start=1)
    ]
    for treatment in treatments:
        treatment.full_clean()
    TreatmentLine.objects.bulk_create(treatments)

    files = list(files)
    scan_status = _initial_scan_status()
    created = Document.objects.bulk_create(
        Document(
            case=case,
            source=Document.Source.INTAKE,
            scan_status=scan_status,
            **uploads.stored_fields(item.file.name, item, item.category),
        )
        for item in files
    )
    scanning.documents_queue_scans(created)
    ConsentRecord.objects.bulk_create(
        ConsentRecord(case=case, kind=kind, text_version=intake.consent_text_version, given_at=now)
        for kind in intake.consents
    )
    case_event(
        case,
        TimelineEvent.Kind.SUBMITTED,
        f"Inquiry submitted through the website with {len(files)} report(s).",
    )
    case.first_contact_due_at = assignment.first_contact_due(case, None)
    case.save(update_fields=["first_contact_due_at"])
    transaction.on_commit(lambda: enqueue(route_case_task, case.pk))
    return case


def _initial_scan_status() -> str:
    """Files wait for the virus scan when a scanner is configured."""
    if scanning.scanning_enabled():
        return Document.ScanStatus.PENDING
    return Document.ScanStatus.NOT_SCANNED


@contextmanager
def case_documents_stored(
    *, case: Case, checked: list[uploads.CheckedUpload], category: str, **fields
):
    """Store checked uploads as the case's documents, for the caller to finish inside the
    `with` block (inside its own transaction).

    The case's file limits are checked here, with the case row locked, so two uploads at
    once cannot together take it past them: the second waits, then counts the first's
    files. A refused batch raises the limit's ValidationError before anything is stored;
    if the caller's block raises, the stored copies are removed (its transaction rolls the
    rows back), so nothing is half-saved. `fields` are the documents' other fields (source,
    route, added_by).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    count, size = case_upload_totals(case=case)
    uploads.check_limits(
        new=[item.file for item in checked], existing_count=count, existing_bytes=size
    )
    names = uploads.store_files(checked)
    try:
        documents = [
            _saved(
                Document(
                    case=case,
                    scan_status=_initial_scan_status(),
                    **fields,
                    **uploads.stored_fields(name, item, category),
                )
            )
            for name, item in zip(names, checked, strict=True)
        ]
        yield documents
        scanning.documents_queue_scans(documents)
    except BaseException:
        uploads.delete_files(names)
        raise


@transaction.atomic
def case_add_family_documents(
    *,
    case: Case,
    checked: list[uploads.CheckedUpload],
    category: str,
    alert: str = CoordinatorAlert.Kind.FAMILY_UPLOAD,
) -> list[Document]:
    """Reports a family adds from their status page, with the same checks as the inquiry.
    `alert` is the coordinator's alert (a records request's item says "records arrived")."""
    with case_documents_stored(
        case=case, checked=checked, category=category, source=Document.Source.FAMILY
    ) as documents:
        case_event(
            case,
            TimelineEvent.Kind.FAMILY_UPLOAD,
            f"The family added {len(documents)} report(s) from the status page.",
        )
        coordinator_alert(case=case, kind=alert)
    return documents


@transaction.atomic
def case_add_staff_documents(
    *, case: Case, checked: list[uploads.CheckedUpload], category: str, route: str, by
) -> list[Document]:
    """Files that reached us another way (e-mail, a messaging app, post, in person), added
    by a member of staff with the family's uploads' checks, limits and scan, and marked as
    staff's: who added them and by which route."""
    if route not in Document.Route.values:
        raise ValidationError("Choose how the file reached us.", code="route")
    with case_documents_stored(
        case=case,
        checked=checked,
        category=category,
        source=Document.Source.STAFF,
        route=route,
        added_by=by,
    ) as documents:
        for document in documents:
            case_event(
                case,
                TimelineEvent.Kind.DOCUMENT_ADDED,
                f'"{document.original_name}" added by staff (arrived by '
                f"{Document.Route(route).label.lower()}).",
                actor=by,
                audit=AuditEvent.Action.DOCUMENT_ADDED,
                object_type="document",
                object_id=document.pk,
                detail=f"route: {route}",
            )
    return documents


def cases_route_pending() -> int:
    """Route cases whose routing task a broker outage may have dropped."""
    cutoff = timezone.now() - settings.NAVIGATOR_SWEEP_GRACE
    pending = (
        Case.objects.filter(
            routed_at__isnull=True, coordinator__isnull=True, submitted_at__lt=cutoff
        )
        .exclude(status=Case.Status.CLOSED)
        .values_list("pk", flat=True)[:500]
    )
    count = 0
    for case_id in pending:
        enqueue(route_case_task, case_id)
        count += 1
    return count


# --- Saved queue views ----------------------------------------------------------------


def saved_view_save(*, owner, name: str, tab: str, query: str, shared: bool) -> SavedView:
    """Keep a named queue filter (the same name again replaces it). Only supervisors may
    share a view with the team."""
    view, _created = SavedView.objects.update_or_create(
        owner=owner,
        name=name,
        defaults={"query": f"{tab}?{query[:1000]}", "shared": shared and is_supervisor(owner)},
    )
    return view


def saved_view_delete(*, owner, pk: int) -> None:
    SavedView.objects.filter(pk=pk, owner=owner).delete()
