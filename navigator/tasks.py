import time

from celery import shared_task
from django.core.cache import cache

from .views import HEARTBEAT_KEY


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every 30 s; a worker running it proves workers are alive."""
    cache.set(HEARTBEAT_KEY, str(time.time()), 600)
