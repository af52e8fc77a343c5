"""Celery tasks for generated PDFs: load by id, call a service, nothing else. Each task
imports its service inside its body, so services may import the tasks without a cycle."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError


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
    from . import services

    try:
        services.job_render(job_id=job_id)
    except SoftTimeLimitExceeded:
        services.job_overran(job_id=job_id)


@shared_task(acks_late=True)
def sweep_document_jobs() -> dict:
    from .services import jobs_sweep

    return jobs_sweep()


@shared_task(acks_late=True)
def clean_generated_files() -> int:
    from .services import generated_files_clean

    return generated_files_clean()
