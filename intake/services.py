"""Writes the family's side makes: sending the inquiry, and the private status link.

The case itself is made by cases.services.case_create; this module turns a finished
draft into one (once, however often it is sent) and keeps the family's link working.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from audit.models import AuditEvent
from cases.models import Case, TimelineEvent
from cases.selectors import case_for_status_token
from cases.services import Intake, case_create
from cases.timeline import case_event
from core.enqueue import enqueue
from core.mail import EmailHeldError, send_family_email
from core.tokens import hash_token, new_token

from .models import DraftUpload, InquiryDraft
from .tasks import answer_status_link_request as answer_status_link_request_task
from .tasks import send_case_confirmation as send_case_confirmation_task


@transaction.atomic
def inquiry_submit(*, draft: InquiryDraft, intake: Intake) -> Case:
    """Turn a finished draft into a case, in one transaction.

    Submitting the same draft twice (a double click, a resent form) returns the case
    the first submission made.
    """
    draft = InquiryDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_case_id:
        return draft.submitted_case
    case = case_create(intake=intake, files=draft.uploads.all())
    # The files now belong to the case's documents; only the draft rows go.
    DraftUpload.objects.filter(draft=draft).delete()
    draft.submitted_case = case
    draft.data = {}
    draft.resume_token_hash = None
    draft.save(update_fields=["submitted_case", "data", "resume_token_hash", "updated_at"])
    transaction.on_commit(lambda: enqueue(send_case_confirmation_task, case.pk))
    return case


def case_issue_status_link(*, case: Case, now: datetime | None = None) -> str:
    """A new private status-page token for the case, working at once: any earlier link,
    and a requested one not opened yet, stops working."""
    now = now or timezone.now()
    raw, hashed = new_token()
    case.status_token_hash = hashed
    case.status_token_expires_at = now + settings.NAVIGATOR_STATUS_LINK_TTL
    case.pending_status_token_hash = None
    case.pending_status_token_expires_at = None
    case.save(
        update_fields=[
            "status_token_hash",
            "status_token_expires_at",
            "pending_status_token_hash",
            "pending_status_token_expires_at",
            "updated_at",
        ]
    )
    return raw


def case_issue_pending_status_link(*, case: Case, now: datetime | None = None) -> str:
    """A new link the family asked for. It works alongside the current one, which keeps
    working until this one is opened (status_link_open); asking again replaces it."""
    now = now or timezone.now()
    raw, hashed = new_token()
    case.pending_status_token_hash = hashed
    case.pending_status_token_expires_at = now + settings.NAVIGATOR_STATUS_LINK_TTL
    case.save(
        update_fields=["pending_status_token_hash", "pending_status_token_expires_at", "updated_at"]
    )
    return raw


@transaction.atomic
def status_link_open(*, raw_token: str, now: datetime | None = None) -> Case | None:
    """The case a private status link opens, or None. A requested link opened for the
    first time becomes the case's link, and the one it replaces stops working."""
    case = case_for_status_token(raw_token)
    if case is not None or not raw_token or len(raw_token) > 100:
        return case
    hashed = hash_token(raw_token)
    requested = (
        Case.objects.select_for_update()
        .filter(
            pending_status_token_hash=hashed,
            pending_status_token_expires_at__gt=now or timezone.now(),
        )
        .first()
    )
    if requested is not None:
        requested.status_token_hash = hashed
        requested.status_token_expires_at = requested.pending_status_token_expires_at
        requested.pending_status_token_hash = None
        requested.pending_status_token_expires_at = None
        requested.save(
            update_fields=[
                "status_token_hash",
                "status_token_expires_at",
                "pending_status_token_hash",
                "pending_status_token_expires_at",
                "updated_at",
            ]
        )
        case_event(
            requested,
            TimelineEvent.Kind.STATUS_LINK,
            "The family opened the new status link they asked for; the earlier link stopped "
            "working.",
        )
    # Also when another request promoted it a moment ago (this one waited for the lock).
    return case_for_status_token(raw_token)


def status_url(raw_token: str) -> str:
    return settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + reverse(
        "intake:status", kwargs={"token": raw_token}
    )


def _email_status_link(case: Case, template: str, issue) -> bool:
    """A new link made by `issue`, e-mailed. If the claims gate holds the e-mail, nothing
    changes (the links that worked keep working), the case says why, and this returns
    False."""
    fields = [
        "status_token_hash",
        "status_token_expires_at",
        "pending_status_token_hash",
        "pending_status_token_expires_at",
    ]
    try:
        with transaction.atomic():  # a held e-mail rolls the new token back
            raw = issue(case=case)
            send_family_email(
                to=case.submitter.email,
                language=case.submitter.preferred_language,
                template=template,
                context={
                    "case": case,
                    "status_url": status_url(raw),
                    "name": case.submitter.full_name,
                },
            )
    except EmailHeldError as held:
        case.refresh_from_db(fields=fields)
        case_event(
            case,
            TimelineEvent.Kind.EMAIL_HELD,
            f"{held} A supervisor should check the wording in this language.",
            audit=AuditEvent.Action.EMAIL_HELD,
            object_type="email",
            detail=f"{template}: {held.verdict.outcome}",
        )
        return False
    return True


def _locked_with_submitter(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("submitter").get(pk=case.pk)


@transaction.atomic
def case_send_confirmation(*, case: Case) -> bool:
    """E-mail the submitter their reference and private link, once. The token is made
    here, in the worker, so the raw link never passes through the broker."""
    case = _locked_with_submitter(case)
    if case.confirmation_sent_at or case.confirmation_held_at:
        return False
    if not _email_status_link(case, "submitted", case_issue_status_link):
        case.confirmation_held_at = timezone.now()  # the sweep does not retry a held one
        case.save(update_fields=["confirmation_held_at", "updated_at"])
        return False
    case.confirmation_sent_at = timezone.now()
    case.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True


@transaction.atomic
def case_send_new_status_link(*, case: Case, now: datetime | None = None) -> bool:
    """E-mail the submitter a new status link they asked for, at most once per
    NAVIGATOR_STATUS_LINK_RESEND_INTERVAL (an hour) per case; a request inside it does
    nothing. The link they have keeps working until they open the new one."""
    case = _locked_with_submitter(case)
    now = now or timezone.now()
    last = case.status_link_emailed_at
    if last is not None and now - last < settings.NAVIGATOR_STATUS_LINK_RESEND_INTERVAL:
        return False
    # Counted when tried, so a request held by the claims gate is not retried either.
    case.status_link_emailed_at = now
    case.save(update_fields=["status_link_emailed_at", "updated_at"])
    if not _email_status_link(case, "status_link", case_issue_pending_status_link):
        return False
    case_event(
        case,
        TimelineEvent.Kind.STATUS_LINK,
        "A new status link was requested and e-mailed to the submitter; the earlier link "
        "works until the new one is opened.",
    )
    return True


def _email_digest(email: str) -> str:
    """A keyed hash of an e-mail address as typed (case and outer spaces aside), so the
    address itself never goes through the broker."""
    return salted_hmac(
        "intake.status_link_request", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def status_link_request(*, reference: str, email: str) -> None:
    """Someone lost their link. The web request does the same work whether or not the
    details match a case, so neither its answer nor its timing says who has a case: it
    sends the reference and a hash of the e-mail address to the worker, which decides
    (status_link_request_answer). Neither is logged, here or by Celery."""
    enqueue(
        answer_status_link_request_task,
        reference.strip().upper(),
        _email_digest(email),
        private=True,
    )


def status_link_request_answer(*, reference: str, email_digest: str) -> bool:
    """In the worker: e-mail a new link if the reference and the address match a case
    (case_send_new_status_link, at most once an hour); otherwise nothing."""
    case = (
        Case.objects.filter(reference__iexact=reference, anonymised_at__isnull=True)
        .select_related("submitter")
        .first()
    )
    submitter = getattr(case, "submitter", None) if case is not None else None
    if submitter is None or not constant_time_compare(_email_digest(submitter.email), email_digest):
        return False
    return case_send_new_status_link(case=case)


def confirmations_send_pending() -> int:
    """Re-enqueue confirmation e-mails that a broker outage may have dropped."""
    cutoff = timezone.now() - settings.NAVIGATOR_SWEEP_GRACE
    pending = Case.objects.filter(
        confirmation_sent_at__isnull=True,
        confirmation_held_at__isnull=True,
        submitted_at__lt=cutoff,
    ).values_list("pk", flat=True)[:500]
    count = 0
    for case_id in pending:
        enqueue(send_case_confirmation_task, case_id)
        count += 1
    return count
