"""Writes coordinators make while working a case: status, notes, contacts."""

from django.db import transaction
from django.utils import timezone

from . import audit, workflow
from .assignment import AssignmentError, StaleCase, _check_version
from .models import AuditEvent, Case, CaseNote, ContactLog, TimelineEvent


class TransitionRefused(AssignmentError):
    pass


def _locked(case: Case, expected_version: int | None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_version(case, expected_version)
    return case


@transaction.atomic
def case_change_status(
    *,
    case: Case,
    to: str,
    by,
    note: str = "",
    close_reason: str = "",
    expected_version: int | None = None,
) -> Case:
    case = _locked(case, expected_version)
    before = case.status
    if not workflow.can_move(before, to, case.status_before_hold):
        raise TransitionRefused(
            f'A case that is "{Case.Status(before).label}" cannot move to '
            f'"{Case.Status(to).label if to in Case.Status.values else to}".'
        )
    if to == Case.Status.CLOSED and close_reason not in Case.CloseReason.values:
        raise TransitionRefused("Choose a reason for closing the case.")
    now = timezone.now()
    if to == Case.Status.ON_HOLD:
        case.status_before_hold = before
    elif before == Case.Status.ON_HOLD:
        case.status_before_hold = ""
    if to == Case.Status.CLOSED:
        case.close_reason = close_reason
        case.closed_at = now
    case.status = to
    case.version += 1
    case.save()
    message = f"Status: {Case.Status(before).label} → {Case.Status(to).label}"
    if to == Case.Status.CLOSED:
        message += f" ({Case.CloseReason(close_reason).label})"
    if note.strip():
        message += f". Note: {note.strip()}"
    TimelineEvent.objects.create(
        case=case, kind=TimelineEvent.Kind.STATUS_CHANGED, actor=by, message=message
    )
    audit.record(
        AuditEvent.Action.STATUS_CHANGED,
        actor=by,
        case_reference=case.reference,
        detail=f"{before} -> {to}",
    )
    return case


@transaction.atomic
def case_add_note(*, case: Case, by, body: str, shareable: bool = False) -> CaseNote:
    note = CaseNote(case=case, author=by, body=body.strip(), shareable=shareable)
    note.full_clean()
    note.save()
    TimelineEvent.objects.create(
        case=case, kind=TimelineEvent.Kind.NOTE, actor=by, message="Internal note added"
    )
    audit.record(
        AuditEvent.Action.NOTE_ADDED,
        actor=by,
        case_reference=case.reference,
        object_type="note",
        object_id=note.pk,
    )
    return note


@transaction.atomic
def case_log_contact(
    *, case: Case, by, channel: str, happened_at, summary: str, shareable: bool = False
) -> ContactLog:
    case = Case.objects.select_for_update().get(pk=case.pk)
    contact = ContactLog(
        case=case,
        author=by,
        channel=channel,
        happened_at=happened_at,
        summary=summary.strip(),
        shareable=shareable,
    )
    contact.full_clean()
    contact.save()
    if case.first_contacted_at is None or happened_at < case.first_contacted_at:
        case.first_contacted_at = happened_at
        case.save(update_fields=["first_contacted_at", "updated_at"])
    TimelineEvent.objects.create(
        case=case,
        kind=TimelineEvent.Kind.CONTACT,
        actor=by,
        message=f"{contact.get_channel_display()} with the family logged",
    )
    audit.record(
        AuditEvent.Action.CONTACT_LOGGED,
        actor=by,
        case_reference=case.reference,
        object_type="contact",
        object_id=contact.pk,
    )
    return contact


__all__ = [
    "AssignmentError",
    "StaleCase",
    "TransitionRefused",
    "case_add_note",
    "case_change_status",
    "case_log_contact",
]
