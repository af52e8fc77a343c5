"""Writes of the conversation: a message from the family, a reply from staff, each side
reading, and the reply-due clock a family message starts."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases import sla
from cases.alerts import coordinator_alert
from cases.assignment import working_calendar
from cases.casework import case_mark_contacted
from cases.family_notices import family_notice
from cases.models import Case, CoordinatorAlert, FamilyNotice, ReportCategory, TimelineEvent
from cases.services import case_add_family_documents
from cases.timeline import case_event
from claims import gate
from core.errors import ApplicationError
from core.uploads import CheckedUpload

from .models import Message, MessageTemplate


class MessageRefusedError(ApplicationError):
    """The claims gate would not let a coordinator's message through. Nothing was saved;
    `flags` holds each flagged sentence and why, to show next to the reply box."""

    def __init__(self, verdict: gate.Verdict):
        self.verdict = verdict
        self.flags = [flag.as_dict() for flag in verdict.flags]
        flagged = verdict.summary() or "the claims gate could not judge this text"
        super().__init__(
            "This message was not sent: it reads as an eligibility or outcome claim, or the "
            f"claims gate could not judge it: {flagged}. Please rephrase; only the hospital "
            "decides."
        )


def _existing(case: Case, key: uuid.UUID) -> Message | None:
    return Message.objects.filter(case=case, idempotency_key=key).first()


def reply_due(*, case: Case, start: datetime) -> datetime:
    """`start` plus NAVIGATOR_REPLY_DUE_WORKING_HOURS on the coordinator's calendar (the
    service's while the case has none)."""
    profile = getattr(case.coordinator, "coordinator_profile", None) if case.coordinator else None
    return sla.add_working_hours(
        start, settings.NAVIGATOR_REPLY_DUE_WORKING_HOURS, **working_calendar(profile)
    )


@transaction.atomic
def message_from_family(
    *, case: Case, body: str, idempotency_key: uuid.UUID, attachments: list[CheckedUpload] = ()
) -> Message:
    """The family's message from their status page, never judged by the claims gate (their
    own words). Attachments become the case's documents, with the status page's checks and
    limits. A form sent twice (the same key) makes one message. Starts the reply-due clock
    unless one is already running, and alerts the coordinator."""
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("coordinator").get(pk=case.pk)
    )
    if (existing := _existing(case, idempotency_key)) is not None:
        return existing
    now = timezone.now()
    message = Message(
        case=case,
        body=body.strip(),
        idempotency_key=idempotency_key,
        created_at=now,
        read_by_family_at=now,
    )
    message.full_clean(exclude=["case"])
    documents = (
        case_add_family_documents(
            case=case, checked=list(attachments), category=ReportCategory.OTHER
        )
        if attachments
        else []
    )
    message.save()
    message.attachments.set(documents)
    if case.reply_due_at is None:
        case.reply_due_at = reply_due(case=case, start=now)
        case.save(update_fields=["reply_due_at", "updated_at"])
    case_event(case, TimelineEvent.Kind.MESSAGE, "The family wrote a message.")
    coordinator_alert(case=case, kind=CoordinatorAlert.Kind.FAMILY_MESSAGE)
    return message


@transaction.atomic
def message_from_staff(
    *,
    case: Case,
    by,
    body: str,
    idempotency_key: uuid.UUID,
    template: MessageTemplate | None = None,
) -> Message:
    """A coordinator's message to the family. It passes the claims gate or is refused with
    the flagged sentences (MessageRefusedError, nothing saved). Sent, it stops the
    reply-due clock, counts the family's messages as read and tells the family by e-mail
    (no message text in it)."""
    body = body.strip()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if (existing := _existing(case, idempotency_key)) is not None:
        return existing
    if case.anonymised_at:
        raise ApplicationError("This case was anonymised: there is no family to write to.")
    verdict = gate.check(body, channel=gate.Channel.MESSAGE, language=case.language)
    if not verdict.passed:
        raise MessageRefusedError(verdict)
    now = timezone.now()
    message = Message(
        case=case,
        author=by,
        body=body,
        idempotency_key=idempotency_key,
        created_at=now,
        read_by_staff_at=now,
        template=template,
    )
    try:
        message.full_clean(exclude=["case"])
    except ValidationError as invalid:
        raise ApplicationError("; ".join(invalid.messages)) from invalid
    message.save()
    _staff_read(case, now)
    case_mark_contacted(case=case, at=now)  # a message to the family is contact
    if case.reply_due_at is not None:
        case.reply_due_at = None
        case.save(update_fields=["reply_due_at", "updated_at"])
    case_event(
        case,
        TimelineEvent.Kind.MESSAGE,
        "A message was sent to the family.",
        actor=by,
        audit=AuditEvent.Action.MESSAGE_SENT,
        object_type="message",
        object_id=message.pk,
    )
    family_notice(case=case, event=FamilyNotice.Event.MESSAGE)
    return message


def _staff_read(case: Case, now: datetime) -> int:
    return Message.objects.filter(
        case=case, author__isnull=True, read_by_staff_at__isnull=True
    ).update(read_by_staff_at=now)


def messages_read_by_staff(*, case: Case) -> int:
    """Staff opened the thread: the family's messages count as read. Returns how many."""
    return _staff_read(case, timezone.now())


def messages_read_by_family(*, case: Case) -> int:
    """The family opened their page: staff messages count as read. Returns how many."""
    return Message.objects.filter(
        case=case, author__isnull=False, read_by_family_at__isnull=True
    ).update(read_by_family_at=timezone.now())


@transaction.atomic
def message_template_save(*, template: MessageTemplate, by, changed: set[str]) -> MessageTemplate:
    """Save a template from the admin. Ticking "reviewed" records who and when; new words
    or a new language on a reviewed template need a new review."""
    if "reviewed" in changed and template.reviewed:
        template.reviewed_by, template.reviewed_at = by, timezone.now()
    elif changed & {"body", "language"} and template.reviewed:
        template.reviewed, template.reviewed_by, template.reviewed_at = False, None, None
    if not template.reviewed:
        template.reviewed_by, template.reviewed_at = None, None
    template.full_clean()
    template.save()
    return template
