"""Handing work to Celery without ever failing the request that asked for it."""

import logging

logger = logging.getLogger(__name__)

# What Celery's logs and events show instead of a private task's arguments.
PRIVATE_ARGS = "[private]"


def enqueue(task, *args, private: bool = False) -> bool:
    """Send a task to the broker. The rows it works on are already committed, and the
    periodic sweeps pick up anything a broker outage drops, so a failure here is logged
    and swallowed rather than turned into an error page.

    `private` keeps the arguments out of Celery's own log lines and events (the worker
    logs a task's arguments when it receives it, finishes it or it fails): they show as
    "[private]". Use it for anything a family typed."""
    try:
        if private:
            task.apply_async(args, argsrepr=PRIVATE_ARGS, kwargsrepr=PRIVATE_ARGS)
        else:
            task.delay(*args)
        return True
    except Exception:  # noqa: BLE001 - any broker failure; the sweep retries later
        logger.warning(
            "could not enqueue %s; a periodic sweep will retry", task.name, exc_info=True
        )
