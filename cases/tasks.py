"""Celery tasks of case work: load by id, call a service, nothing else. Each imports its
service inside its body, so services may import the tasks without a cycle."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def route_case(case_id: int) -> None:
    from .assignment import case_route
    from .models import Case

    case_route(case=Case.objects.get(pk=case_id))


@shared_task(acks_late=True)
def route_pending_cases() -> int:
    from .services import cases_route_pending

    return cases_route_pending()


@shared_task(acks_late=True)
def notify_overdue_cases() -> int:
    from .notifications import overdue_cases_notify

    return len(overdue_cases_notify())


@shared_task(acks_late=True)
def anonymise_closed_cases() -> int:
    from .retention import cases_anonymise_closed

    return len(cases_anonymise_closed().references)


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError, OperationalError),  # clamd or the database is away
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=20,
)
def scan_document(document_id: int) -> str:
    from .scanning import document_scan

    return document_scan(document_id=document_id)


@shared_task(acks_late=True)
def send_family_notices(case_id: int) -> bool:
    from .family_notices import family_notices_send

    return family_notices_send(case_id=case_id)


@shared_task(acks_late=True)
def sweep_family_notices() -> int:
    from .family_notices import family_notices_sweep

    return family_notices_sweep()
