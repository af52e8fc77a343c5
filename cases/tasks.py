"""Celery tasks: load by id, call a service, nothing else."""

from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from . import assignment, documents, drafts, notifications, retention, scanning, services
from .models import Case, InquiryDraft

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
    services.case_send_confirmation(case=Case.objects.get(pk=case_id))


@shared_task(**RETRYING)
def send_status_link(case_id: int) -> None:
    services.case_send_new_status_link(case=Case.objects.get(pk=case_id))


@shared_task(**RETRYING)
def send_draft_resume_link(draft_id: str) -> None:
    draft = InquiryDraft.objects.filter(pk=draft_id).first()
    if draft is not None:  # the family may have submitted, or it expired, meanwhile
        drafts.draft_send_resume_link(draft=draft)


@shared_task(acks_late=True)
def delete_expired_drafts() -> int:
    return drafts.drafts_delete_expired()


@shared_task(acks_late=True)
def send_pending_confirmations() -> int:
    return services.confirmations_send_pending()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def route_case(case_id: int) -> None:
    assignment.case_route(case=Case.objects.get(pk=case_id))


@shared_task(acks_late=True)
def route_pending_cases() -> int:
    return services.cases_route_pending()


@shared_task(acks_late=True)
def notify_overdue_cases() -> int:
    return len(notifications.overdue_cases_notify())


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's job goes back to the queue
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=settings.NAVIGATOR_RENDER_SOFT_LIMIT,
    time_limit=settings.NAVIGATOR_RENDER_HARD_LIMIT,
)
def render_document(job_id: int) -> None:
    try:
        documents.job_render(job_id=job_id)
    except SoftTimeLimitExceeded:
        documents.job_fail(
            job_id=job_id,
            reason=f"Rendering took longer than {settings.NAVIGATOR_RENDER_SOFT_LIMIT} s and was "
            "stopped. A very long history or note may be the cause; retry, or shorten it.",
        )


@shared_task(acks_late=True)
def sweep_document_jobs() -> dict:
    return documents.jobs_sweep()


@shared_task(acks_late=True)
def clean_generated_files() -> int:
    return documents.generated_files_clean()


@shared_task(acks_late=True)
def anonymise_closed_cases() -> int:
    return len(retention.cases_anonymise_closed().references)


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError, OperationalError),  # clamd or the database is away
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=20,
)
def scan_document(document_id: int) -> str:
    return scanning.document_scan(document_id=document_id)
