"""Handing work to Celery without ever failing the request that asked for it."""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """Send a task to the broker. The rows it works on are already committed, and the
    periodic sweeps pick up anything a broker outage drops, so a failure here is logged
    and swallowed rather than turned into an error page."""
    try:
        task.delay(*args)
        return True
    except Exception:  # noqa: BLE001 - any broker failure; the sweep retries later
        logger.warning(
            "could not enqueue %s; a periodic sweep will retry", task.name, exc_info=True
        )
