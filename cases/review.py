"""Review, not silence: text a coordinator shares with a family goes through the claims
gate, and what the gate is unsure about waits for a supervisor.

- `shared_text_judge()` asks the gate about a note or contact summary a coordinator wants
  to share: a clear claim is refused (nothing is saved), an unsure verdict holds the text
  for review, a pass shares it. casework calls it when a note or contact is added.
- `shared_text_approve()`, `shared_text_edit()` and `shared_text_reject()` are the
  supervisor's decisions on held text (the list is at /staff/review/). Each needs a written
  reason, is made by someone other than the author, and leaves a timeline entry and an
  audit event naming the reviewer, the item and the reason.

Only share state "shared" reaches the family's status page or a hospital case summary
(cases.selectors.shared_with_family).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from claims import gate
from core.errors import ApplicationError

from .family_notices import family_notice
from .models import CaseNote, ContactLog, FamilyNotice, ShareState, TimelineEvent
from .timeline import case_event

CHANNELS = {CaseNote: gate.Channel.SHARED_NOTE, ContactLog: gate.Channel.CONTACT_SUMMARY}
# How the timeline, the audit trail and the review list name each kind of shared text.
NOUNS = {CaseNote: "note", ContactLog: "contact summary"}
OBJECT_TYPES = {CaseNote: "note", ContactLog: "contact"}


class SharedTextRefusedError(ApplicationError):
    """Text meant for the family that the claims gate would not let through: a clear claim
    from a coordinator, or a supervisor's edit the gate still flags. Nothing was saved."""

    def __init__(self, verdict: gate.Verdict, *, edit: bool = False):
        self.verdict = verdict
        self.flags = flags_of(verdict)
        flagged = verdict.summary() or "the claims gate could not judge this text"
        if edit:
            message = (
                "Your edit was not shared: the claims gate still flags it: "
                f"{flagged}. Nothing was changed; rephrase it, or reject the text."
            )
        else:
            message = (
                "This cannot be shared with the family because it reads as an eligibility "
                f"or outcome claim: {flagged}. Please rephrase; only the hospital decides."
            )
        super().__init__(message)


class ReviewRefusedError(ApplicationError):
    """A review decision that cannot be made (no reason, already decided, own text)."""


def flags_of(verdict: gate.Verdict) -> list[dict]:
    """The verdict's flags as stored on the row: sentence, reason and outcome."""
    return [flag.as_dict() for flag in verdict.flags]


def shared_text_judge(text: str, *, model: type, language: str) -> tuple[str, list[dict]]:
    """The share state and flags for `text` a coordinator asked to share as a `model`
    (CaseNote or ContactLog); raises SharedTextRefusedError for a clear claim. Anything
    but a clean pass is held: an outcome the gate may add later errs towards a person."""
    verdict = gate.check(text, channel=CHANNELS[model], language=language)
    if verdict.outcome == gate.Outcome.BLOCK:
        raise SharedTextRefusedError(verdict)
    if verdict.outcome == gate.Outcome.PASS:
        return ShareState.SHARED, []
    return ShareState.HELD, flags_of(verdict)


def shared_text_record_hold(*, item: CaseNote | ContactLog, by) -> None:
    """The timeline entry and audit event for text just held (inside the caller's
    transaction). The flagged sentences stay on the row, never in the trail."""
    noun = NOUNS[type(item)]
    count = len(item.flags)
    unsure = (
        f"the claims gate was unsure about {count} sentence{'s' if count != 1 else ''}"
        if count
        else "the claims gate could not judge it"
    )
    case_event(
        item.case,
        TimelineEvent.Kind.TEXT_HELD,
        f"The {noun} to share with the family is held for review ({unsure}); "
        "the family sees it only once a supervisor approves it.",
        actor=by,
        audit=AuditEvent.Action.TEXT_HELD,
        object_type=OBJECT_TYPES[type(item)],
        object_id=item.pk,
        detail=f"{count} sentence(s) flagged",
    )


# --- A supervisor's decisions ------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefusedError("Write the reason for your decision.")
    return reason


def _locked_held(item: CaseNote | ContactLog, *, by) -> CaseNote | ContactLog:
    model = type(item)
    locked = model.objects.select_for_update().select_related("case").get(pk=item.pk)
    if locked.share_state != ShareState.HELD:
        raise ReviewRefusedError(
            f"This {NOUNS[model]} is no longer held for review "
            f"({ShareState(locked.share_state).label.lower()}); someone decided meanwhile."
        )
    if locked.author_id == by.pk:
        raise ReviewRefusedError(
            f"You wrote this {NOUNS[model]}: another supervisor has to review it."
        )
    return locked


def _decide(item, *, by, reason: str, state: str, action: str, message: str):
    item.share_state = state
    item.reviewed_by = by
    item.reviewed_at = timezone.now()
    item.review_reason = reason
    try:
        item.full_clean()
    except ValidationError as invalid:
        raise ReviewRefusedError("; ".join(invalid.messages)) from invalid
    item.save()
    case_event(
        item.case,
        TimelineEvent.Kind.TEXT_REVIEWED,
        f"{message} Reason: {reason}",
        actor=by,
        audit=action,
        object_type=OBJECT_TYPES[type(item)],
        object_id=item.pk,
        detail=f"Reason: {reason}",
    )
    if state == ShareState.SHARED:
        family_notice(case=item.case, event=FamilyNotice.Event.NOTE_SHARED)
    return item


@transaction.atomic
def shared_text_approve(*, item: CaseNote | ContactLog, by, reason: str):
    """The held text as written becomes shared with the family."""
    reason = _reason(reason)
    item = _locked_held(item, by=by)
    return _decide(
        item,
        by=by,
        reason=reason,
        state=ShareState.SHARED,
        action=AuditEvent.Action.TEXT_APPROVED,
        message=f"The held {NOUNS[type(item)]} was approved and is shared with the family.",
    )


@transaction.atomic
def shared_text_edit(*, item: CaseNote | ContactLog, by, text: str, reason: str):
    """The supervisor's rewording replaces the held text and is shared, if the gate
    passes it; otherwise SharedTextRefusedError (with the flags) and nothing changes.
    The coordinator's words are kept in `original_text`, the gate's flags on them too."""
    reason = _reason(reason)
    text = (text or "").strip()
    if not text:
        raise ReviewRefusedError("Write the text to share, or reject it instead.")
    item = _locked_held(item, by=by)
    verdict = gate.check(text, channel=CHANNELS[type(item)], language=item.case.language)
    if not verdict.passed:
        raise SharedTextRefusedError(verdict, edit=True)
    item.original_text = item.text
    setattr(item, item.TEXT_FIELD, text)
    return _decide(
        item,
        by=by,
        reason=reason,
        state=ShareState.SHARED,
        action=AuditEvent.Action.TEXT_EDITED,
        message=f"The held {NOUNS[type(item)]} was edited by a supervisor and the edit is "
        "shared with the family.",
    )


@transaction.atomic
def shared_text_reject(*, item: CaseNote | ContactLog, by, reason: str):
    """The held text stays internal: the family never sees it."""
    reason = _reason(reason)
    item = _locked_held(item, by=by)
    return _decide(
        item,
        by=by,
        reason=reason,
        state=ShareState.REJECTED,
        action=AuditEvent.Action.TEXT_REJECTED,
        message=f"The held {NOUNS[type(item)]} was not shared with the family.",
    )
