from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def remind_families() -> int:
    """Beat: one reminder per records request past its due date with items missing."""
    from .services import records_reminders_send

    return records_reminders_send()
