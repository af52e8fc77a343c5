"""Beat jobs of practical tasks: call a service, nothing else."""

from celery import shared_task


@shared_task(acks_late=True)
def remind_due_tasks() -> int:
    from .due import tasks_remind

    return tasks_remind()


@shared_task(acks_late=True)
def open_due_follow_ups() -> int:
    from .due import follow_ups_open

    return follow_ups_open()
