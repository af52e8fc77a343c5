"""Writes coordinators make while working a case: status, notes, contacts.

A note or contact summary the coordinator asks to share goes through the claims gate
(cases.review): a clear claim is refused, an unsure verdict holds it for a supervisor, a
pass shares it."""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ApplicationError

from . import review, sla, urgency, workflow
from .assignment import check_version
from .family_notices import family_notice
from .models import (
    Case,
    CaseNote,
    ContactLog,
    CoordinatorProfile,
    FamilyNotice,
    ShareState,
    TimelineEvent,
)
from .review import SharedTextRefusedError  # noqa: F401 (views catch it from here too)
from .timeline import case_event


class TransitionRefusedError(ApplicationError):
    pass


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
    if to == Case.Status.RECORDS_COMPLETE and case.records_completed_at is None:
        case.records_completed_at = now
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
    family_notice(case=case, event=FamilyNotice.Event.STATUS)
    return case


def case_mark_contacted(*, case: Case, at) -> None:
    """The family heard from us at `at` (a logged contact, a message): the first contact,
    unless an earlier one is on record. `case` is locked by the caller."""
    if case.first_contacted_at is None or at < case.first_contacted_at:
        case.first_contacted_at = at
        case.first_contact_working_hours = first_contact_working_hours(case)
        case.save(update_fields=["first_contacted_at", "first_contact_working_hours", "updated_at"])


def first_contact_working_hours(case: Case) -> float | None:
    """Working hours from submission to first contact, on the calendar of the case's
    coordinator (the service's when unassigned)."""
    if case.first_contacted_at is None:
        return None
    profile = (
        CoordinatorProfile.objects.filter(user_id=case.coordinator_id).first()
        if case.coordinator_id
        else None
    )
    return sla.working_hours_between(
        case.submitted_at, case.first_contacted_at, **urgency.working_calendar(profile)
    )


def _share_state(text: str, *, shareable: bool, model: type, case: Case):
    if not shareable:
        return ShareState.INTERNAL, []
    return review.shared_text_judge(text, model=model, language=case.language)


NOTE_WORDS = {
    ShareState.INTERNAL: "Internal note added",
    ShareState.SHARED: "Note shared with the family",
    ShareState.HELD: "Note added (to share with the family once reviewed)",
}
CONTACT_WORDS = {
    ShareState.INTERNAL: "",
    ShareState.SHARED: " (shared with the family)",
    ShareState.HELD: " (to share with the family once reviewed)",
}


@transaction.atomic
def case_add_note(*, case: Case, by, body: str, shareable: bool = False) -> CaseNote:
    body = body.strip()
    state, flags = _share_state(body, shareable=shareable, model=CaseNote, case=case)
    note = CaseNote(
        case=case, author=by, body=body, shareable=shareable, share_state=state, flags=flags
    )
    note.full_clean()
    note.save()
    case_event(
        case,
        TimelineEvent.Kind.NOTE,
        NOTE_WORDS[state],
        actor=by,
        audit=AuditEvent.Action.NOTE_ADDED,
        object_type="note",
        object_id=note.pk,
    )
    if state == ShareState.HELD:
        review.shared_text_record_hold(item=note, by=by)
    elif state == ShareState.SHARED:
        family_notice(case=case, event=FamilyNotice.Event.NOTE_SHARED)
    return note


@transaction.atomic
def case_log_contact(
    *, case: Case, by, channel: str, happened_at, summary: str, shareable: bool = False
) -> ContactLog:
    summary = summary.strip()
    state, flags = _share_state(summary, shareable=shareable, model=ContactLog, case=case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    contact = ContactLog(
        case=case,
        author=by,
        channel=channel,
        happened_at=happened_at,
        summary=summary,
        shareable=shareable,
        share_state=state,
        flags=flags,
    )
    contact.full_clean()
    contact.save()
    case_mark_contacted(case=case, at=happened_at)
    case_event(
        case,
        TimelineEvent.Kind.CONTACT,
        f"{contact.get_channel_display()} with the family logged" + CONTACT_WORDS[state],
        actor=by,
        audit=AuditEvent.Action.CONTACT_LOGGED,
        object_type="contact",
        object_id=contact.pk,
    )
    if state == ShareState.HELD:
        review.shared_text_record_hold(item=contact, by=by)
    elif state == ShareState.SHARED:
        family_notice(case=case, event=FamilyNotice.Event.NOTE_SHARED)
    return contact
