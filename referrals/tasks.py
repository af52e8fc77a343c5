"""Celery tasks of referrals: load, call a service, nothing else. Each imports its service
inside its body, so services may import the tasks without a cycle."""

from celery import shared_task


@shared_task(acks_late=True)
def expire_referrals() -> int:
    """The daily sweep: referrals still waiting for a first answer after their deadline
    become "expired" (the partner can still answer; the queue shows them as overdue)."""
    from .services import referrals_expire

    return referrals_expire()
