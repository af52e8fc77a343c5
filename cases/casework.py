"""Writes coordinators make while working a case: status, notes, contacts."""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from claims.gate import find_claims
from core.errors import ApplicationError

from . import workflow
from .assignment import check_version
from .models import Case, CaseNote, ContactLog, TimelineEvent
from .timeline import case_event


class TransitionRefusedError(ApplicationError):
    pass


class SharedTextRefusedError(ApplicationError):
    """Text meant for the family that the claims guard flagged."""

    def __init__(self, claims):
        self.claims = claims
        flagged = "; ".join(f"\u201c{c.sentence}\u201d ({c.reason})" for c in claims)
        super().__init__(
            "This cannot be shared with the family because it reads as an eligibility or "
            f"outcome claim: {flagged}. Please rephrase; only the hospital decides."
        )


def _check_shareable(text: str, shareable: bool) -> None:
    if shareable:
        claims = find_claims(text)
        if claims:
            raise SharedTextRefusedError(claims)


def _locked(case: Case, expected_version: int | None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(case, expected_version)
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
        raise TransitionRefusedError(
            f'A case that is "{Case.Status(before).label}" cannot move to '
            f'"{Case.Status(to).label if to in Case.Status.values else to}".'
        )
    if to == Case.Status.CLOSED and close_reason not in Case.CloseReason.values:
        raise TransitionRefusedError("Choose a reason for closing the case.")
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
    case_event(
        case,
        TimelineEvent.Kind.STATUS_CHANGED,
        message,
        actor=by,
        audit=AuditEvent.Action.STATUS_CHANGED,
        detail=f"{before} -> {to}",
    )
    return case


@transaction.atomic
def case_add_note(*, case: Case, by, body: str, shareable: bool = False) -> CaseNote:
    _check_shareable(body, shareable)
    note = CaseNote(case=case, author=by, body=body.strip(), shareable=shareable)
    note.full_clean()
    note.save()
    case_event(
        case,
        TimelineEvent.Kind.NOTE,
        "Note shared with the family" if shareable else "Internal note added",
        actor=by,
        audit=AuditEvent.Action.NOTE_ADDED,
        object_type="note",
        object_id=note.pk,
    )
    return note


@transaction.atomic
def case_log_contact(
    *, case: Case, by, channel: str, happened_at, summary: str, shareable: bool = False
) -> ContactLog:
    _check_shareable(summary, shareable)
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
    case_event(
        case,
        TimelineEvent.Kind.CONTACT,
        f"{contact.get_channel_display()} with the family logged"
        + (" (shared with the family)" if shareable else ""),
        actor=by,
        audit=AuditEvent.Action.CONTACT_LOGGED,
        object_type="contact",
        object_id=contact.pk,
    )
    return contact
