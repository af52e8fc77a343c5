import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
application = get_wsgi_application()


def _warm_claims_gate() -> None:
    from claims.model import warm

    warm()


# The claims gate's model takes 15-25 s to train: do it while the server starts, so the
# first coordinator who shares a note does not wait for it. Under `gunicorn --preload`
# (Compose) the main process sets NAVIGATOR_TRAIN_BEFORE_FORK and trains here, before
# forking its workers, which then share one trained model; a thread would be cut off by
# the fork halfway through, perhaps holding the model's lock.
if os.environ.get("NAVIGATOR_TRAIN_BEFORE_FORK") == "1":
    _warm_claims_gate()
else:
    threading.Thread(target=_warm_claims_gate, name="warm-claims-gate", daemon=True).start()
