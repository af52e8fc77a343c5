"""The Celery app. Configuration lives in settings under the CELERY_ namespace."""

import gc
import os
import threading

from celery import Celery
from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    task_postrun,
    worker_process_init,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")

app = Celery("navigator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_warmed = threading.Event()


def _warm() -> None:
    from claims.model import warm

    warm()
    _warmed.set()


@worker_process_init.connect
def _warm_claims_gate(**kwargs):
    """Train the claims gate's model as each worker process starts, beside its first task
    rather than inside it (PDF checks and e-mails use it)."""
    threading.Thread(target=_warm, name="warm-claims-gate", daemon=True).start()


def freeze_long_lived() -> None:
    """Collect, then take every object the process holds now (Django, the claims gate's
    model, WeasyPrint's fonts and caches) out of the garbage collector's generations. A
    PDF render makes hundreds of thousands of short-lived objects, and each full
    collection they set off walked the quarter of a million long-lived ones as well:
    about 90 ms of a 600 ms summary. Frozen objects are never collected, so this is done
    once, between tasks, when what is left is what the process keeps."""
    gc.collect()
    gc.freeze()


@task_postrun.connect
def _freeze_after_warm_up(**kwargs):
    # After the first task that ends with the model trained (the first PDF's check waits
    # for it), so that the model and WeasyPrint's first-use caches are frozen too.
    if _warmed.is_set() and not gc.get_freeze_count():
        freeze_long_lived()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger, **kwargs):
    """A worker replaces the handlers Django's LOGGING set up with its own, and with them
    the filter that keeps tokens and quoted row values out of log lines: add it back."""
    from navigator.logging import RedactTokens

    for handler in logger.handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())
