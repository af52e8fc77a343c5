import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navigator.settings")
application = get_wsgi_application()


def _warm_claims_gate() -> None:
    from claims.model import warm

    warm()


# The claims gate's model takes a few seconds to train; do it while the server starts, so
# the first coordinator who shares a note does not wait for it.
threading.Thread(target=_warm_claims_gate, name="warm-claims-gate", daemon=True).start()
