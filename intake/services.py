"""Writes the family's side makes: sending the inquiry, and the private status link.

The case itself is made by cases.services.case_create; this module turns a finished
draft into one (once, however often it is sent) and keeps the family's link working.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, TimelineEvent
from cases.services import Intake, case_create
from cases.timeline import case_event
from core.enqueue import enqueue
from core.mail import EmailHeldError, send_family_email
from core.tokens import new_token

from .models import DraftUpload, InquiryDraft
from .tasks import send_case_confirmation as send_case_confirmation_task
from .tasks import send_status_link as send_status_link_task


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
    """A new private status-page token for the case; any earlier link stops working."""
    now = now or timezone.now()
    raw, hashed = new_token()
    case.status_token_hash = hashed
    case.status_token_expires_at = now + settings.NAVIGATOR_STATUS_LINK_TTL
    case.save(update_fields=["status_token_hash", "status_token_expires_at", "updated_at"])
    return raw


def status_url(raw_token: str) -> str:
    return settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + reverse(
        "intake:status", kwargs={"token": raw_token}
    )


def _email_status_link(case: Case, template: str) -> bool:
    """A new link, e-mailed. If the claims gate holds the e-mail, nothing changes (the
    old link keeps working), the case says why, and this returns False."""
    try:
        with transaction.atomic():  # a held e-mail rolls the new token back
            raw = case_issue_status_link(case=case)
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
        case.refresh_from_db(fields=["status_token_hash", "status_token_expires_at"])
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
    if not _email_status_link(case, "submitted"):
        case.confirmation_held_at = timezone.now()  # the sweep does not retry a held one
        case.save(update_fields=["confirmation_held_at", "updated_at"])
        return False
    case.confirmation_sent_at = timezone.now()
    case.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True


@transaction.atomic
def case_send_new_status_link(*, case: Case) -> None:
    """Replace the family's status link and e-mail the new one to the submitter."""
    case = _locked_with_submitter(case)
    if not _email_status_link(case, "status_link"):
        return
    case_event(
        case,
        TimelineEvent.Kind.STATUS_LINK,
        "A new status link was requested and e-mailed to the submitter.",
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
        enqueue(send_status_link_task, case.pk)


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
