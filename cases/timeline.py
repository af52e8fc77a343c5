"""One helper for "this happened on a case": a line on the case's timeline and, for what
staff did, the matching line in the audit trail.

The timeline is the case's own story (shown in the workspace, may name what was done in
plain words); the audit trail is the record of who did what (never health data, only
workflow facts in `detail`). Writing both here keeps them from drifting apart.
"""

from audit.services import record

from .models import Case, TimelineEvent


def case_event(
    case: Case,
    kind: str,
    message: str,
    *,
    actor=None,
    audit: str | None = None,
    object_type: str = "",
    object_id="",
    detail: str = "",
) -> TimelineEvent:
    """Add a timeline entry of `kind`; with `audit` (an AuditEvent.Action), also record it
    in the trail with the given object and workflow detail."""
    event = TimelineEvent.objects.create(case=case, kind=kind, actor=actor, message=message)
    if audit:
        record(
            audit,
            actor=actor,
            case_reference=case.reference,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )
    return event
