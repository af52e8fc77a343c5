"""Writes to cases: submitting an inquiry, family uploads and the private status link."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import assignment, emails, scanning, tasks, uploads
from .conditions import condition_area
from .enqueue import enqueue
from .models import (
    PRIORITY_BY_URGENCY,
    Case,
    ConsentRecord,
    Diagnosis,
    Document,
    DraftUpload,
    InquiryDraft,
    Patient,
    ReferenceCounter,
    Submitter,
    TimelineEvent,
    TreatmentLine,
)
from .tokens import new_token

logger = logging.getLogger(__name__)

# Bump when the consent wording in the inquiry changes; each record keeps the version
# the family actually saw.
CONSENT_TEXT_VERSION = "2026-11-v1"


@dataclass(frozen=True)
class Intake:
    """Everything the inquiry collected, as plain data (no forms, no requests)."""

    submitter: dict
    patient: dict
    diagnosis: dict
    urgency: str
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
def case_submit(*, draft: InquiryDraft, intake: Intake) -> Case:
    """Turn a finished draft into a case, in one transaction.

    Submitting the same draft twice (a double click, a resent form) returns the case
    the first submission made.
    """
    draft = InquiryDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_case_id:
        return draft.submitted_case

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

    drafted = list(draft.uploads.all())
    scan_status = _initial_scan_status()
    created = Document.objects.bulk_create(
        Document(
            case=case,
            source=Document.Source.INTAKE,
            scan_status=scan_status,
            **uploads.stored_fields(upload.file.name, upload, upload.category),
        )
        for upload in drafted
    )
    scanning.documents_queue_scans(created)
    ConsentRecord.objects.bulk_create(
        ConsentRecord(case=case, kind=kind, text_version=CONSENT_TEXT_VERSION, given_at=now)
        for kind in intake.consents
    )
    TimelineEvent.objects.create(
        case=case,
        kind=TimelineEvent.Kind.SUBMITTED,
        message=f"Inquiry submitted through the website with {len(drafted)} report(s).",
    )

    # The files now belong to the case's documents; only the draft rows go.
    DraftUpload.objects.filter(draft=draft).delete()
    draft.submitted_case = case
    draft.data = {}
    draft.resume_token_hash = None
    draft.save(update_fields=["submitted_case", "data", "resume_token_hash", "updated_at"])

    case.first_contact_due_at = assignment.first_contact_due(case, None)
    case.save(update_fields=["first_contact_due_at"])

    transaction.on_commit(lambda: enqueue(tasks.send_case_confirmation, case.pk))
    transaction.on_commit(lambda: enqueue(tasks.route_case, case.pk))
    return case


def _initial_scan_status() -> str:
    """Files wait for the virus scan when a scanner is configured."""
    if scanning.scanning_enabled():
        return Document.ScanStatus.PENDING
    return Document.ScanStatus.NOT_SCANNED


def case_issue_status_link(*, case: Case, now: datetime | None = None) -> str:
    """A new private status-page token for the case; any earlier link stops working."""
    now = now or timezone.now()
    raw, hashed = new_token()
    case.status_token_hash = hashed
    case.status_token_expires_at = now + settings.NAVIGATOR_STATUS_LINK_TTL
    case.save(update_fields=["status_token_hash", "status_token_expires_at", "updated_at"])
    return raw


def status_url(raw_token: str) -> str:
    from django.urls import reverse

    return settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + reverse(
        "cases:status", kwargs={"token": raw_token}
    )


@transaction.atomic
def case_send_confirmation(*, case: Case) -> bool:
    """E-mail the submitter their reference and private link, once. The token is made
    here, in the worker, so the raw link never passes through the broker."""
    case = Case.objects.select_for_update(of=("self",)).select_related("submitter").get(pk=case.pk)
    if case.confirmation_sent_at:
        return False
    raw = case_issue_status_link(case=case)
    emails.send_family_email(
        to=case.submitter.email,
        language=case.submitter.preferred_language,
        template="submitted",
        context={"case": case, "status_url": status_url(raw), "name": case.submitter.full_name},
    )
    case.confirmation_sent_at = timezone.now()
    case.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True


@transaction.atomic
def case_send_new_status_link(*, case: Case) -> None:
    """Replace the family's status link and e-mail the new one to the submitter."""
    case = Case.objects.select_for_update(of=("self",)).select_related("submitter").get(pk=case.pk)
    raw = case_issue_status_link(case=case)
    emails.send_family_email(
        to=case.submitter.email,
        language=case.submitter.preferred_language,
        template="status_link",
        context={"case": case, "status_url": status_url(raw), "name": case.submitter.full_name},
    )
    TimelineEvent.objects.create(
        case=case,
        kind=TimelineEvent.Kind.STATUS_LINK,
        message="A new status link was requested and e-mailed to the submitter.",
    )


def status_link_request(*, reference: str, email: str) -> None:
    """Someone lost their link. Whether or not the pair matches a case, the caller
    says the same thing, so this cannot be used to learn who has a case."""
    case = (
        Case.objects.filter(
            reference__iexact=reference.strip(), submitter__email__iexact=email.strip()
        )
        .only("pk")
        .first()
    )
    if case is not None:
        enqueue(tasks.send_status_link, case.pk)


@transaction.atomic
def case_add_family_documents(
    *, case: Case, checked: list[uploads.CheckedUpload], category: str
) -> list[Document]:
    """Reports a family adds from their status page, with the same checks as the inquiry."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    names = uploads.store_files(checked)
    try:
        documents = [
            _saved(
                Document(
                    case=case,
                    source=Document.Source.FAMILY,
                    scan_status=_initial_scan_status(),
                    **uploads.stored_fields(name, item, category),
                )
            )
            for name, item in zip(names, checked, strict=True)
        ]
        TimelineEvent.objects.create(
            case=case,
            kind=TimelineEvent.Kind.FAMILY_UPLOAD,
            message=f"The family added {len(documents)} report(s) from the status page.",
        )
        scanning.documents_queue_scans(documents)
    except Exception:
        uploads.delete_files(names)
        raise
    return documents


def confirmations_send_pending() -> int:
    """Re-enqueue confirmation e-mails that a broker outage may have dropped."""
    cutoff = timezone.now() - settings.NAVIGATOR_SWEEP_GRACE
    pending = Case.objects.filter(
        confirmation_sent_at__isnull=True, submitted_at__lt=cutoff
    ).values_list("pk", flat=True)[:500]
    count = 0
    for case_id in pending:
        enqueue(tasks.send_case_confirmation, case_id)
        count += 1
    return count


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
        enqueue(tasks.route_case, case_id)
        count += 1
    return count
