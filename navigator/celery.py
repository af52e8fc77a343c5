"""The Celery app. Configuration lives in settings under the CELERY_ namespace."""

import gc
import os
import threading

from celery import Celery
from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    task_postrun,
    worker_init,
    worker_process_init,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")

app = Celery("navigator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


_warmed = threading.Event()
_frozen = False


def _warm() -> None:
    from claims.model import warm

    warm()
    _warmed.set()


@worker_init.connect
def _train_before_forking(**kwargs):
    """Train the claims gate's model once, in the worker's main process, before the pool
    forks its children. Every child, and every replacement for one that was killed or
    retired, then starts with the model in memory: training is 15 s on a quiet machine
    and was 45-65 s per child under load, paid again by each new child."""
    _warm()


@worker_process_init.connect
def _warm_claims_gate(**kwargs):
    """A child forked after training has the model already; otherwise (a pool that does
    not fork) train it beside the first task rather than inside it."""
    if not _warmed.is_set():
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
    global _frozen
    if _warmed.is_set() and not _frozen:
        _frozen = True
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
