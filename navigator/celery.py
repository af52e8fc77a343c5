"""The Celery app. Configuration lives in settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import worker_process_init

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
