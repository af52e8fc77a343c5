"""Celery tasks of the family's side: load by id, call a service, nothing else. Each
imports its service inside its body, so services may import the tasks without a cycle."""

from smtplib import SMTPException

from celery import shared_task

# Mail servers and brokers fail for a while and come back: retry those, with backoff.
TRANSIENT = (SMTPException, ConnectionError, TimeoutError, OSError)
RETRYING = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRYING)
def send_case_confirmation(case_id: int) -> None:
    from cases.models import Case

    from .services import case_send_confirmation

    case_send_confirmation(case=Case.objects.get(pk=case_id))


@shared_task(**RETRYING)
def answer_status_link_request(reference: str, email_digest: str) -> None:
    """Someone asked for a new status link: the service decides whether the details match
    a case (the web request does the same work either way)."""
    from .services import status_link_request_answer

    status_link_request_answer(reference=reference, email_digest=email_digest)


@shared_task(**RETRYING)
def send_draft_resume_link(draft_id: str) -> None:
    from .drafts import draft_send_resume_link
    from .models import InquiryDraft

    draft = InquiryDraft.objects.filter(pk=draft_id).first()
    if draft is not None:  # the family may have submitted, or it expired, meanwhile
        draft_send_resume_link(draft=draft)


@shared_task(acks_late=True)
def delete_expired_drafts() -> int:
    from .drafts import drafts_delete_expired

    return drafts_delete_expired()


@shared_task(acks_late=True)
def send_pending_confirmations() -> int:
    from .services import confirmations_send_pending

    return confirmations_send_pending()
