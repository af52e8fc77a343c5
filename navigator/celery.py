"""The Celery app. Configuration lives in settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")

app = Celery("navigator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_claims_gate(**kwargs):
    """Train the claims gate's model as each worker process starts, beside its first task
    rather than inside it (PDF checks and e-mails use it)."""
    import threading

    from claims.model import warm

    threading.Thread(target=warm, name="warm-claims-gate", daemon=True).start()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger, **kwargs):
    """A worker replaces the handlers Django's LOGGING set up with its own, and with them
    the filter that keeps tokens and quoted row values out of log lines: add it back."""
    from navigator.logging import RedactTokens

    for handler in logger.handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens())
