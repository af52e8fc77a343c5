"""The beat task that reminds partners before their answer is due (referrals.reminders).
In a module of its own (listed in CELERY_IMPORTS) beside referrals/tasks.py."""

from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def remind_partners() -> int:
    from .reminders import referrals_remind

    return referrals_remind()
