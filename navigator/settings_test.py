"""Settings for the test suite: the real settings with a few test-only changes."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use")
# Each test run keeps uploads in its own throwaway directory.
os.environ.setdefault("NAVIGATOR_UPLOAD_ROOT", tempfile.mkdtemp(prefix="navigator-test-uploads-"))

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless a test starts a real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
NAVIGATOR_PUBLIC_URL = "http://testserver"
# Django's test client speaks plain http to "testserver", which no browser would accept
# for a passkey; tests/support_webauthn.py's software authenticator does (the browser
# journey sets localhost and the live server's origin).
NAVIGATOR_PASSKEYS = True
OTP_WEBAUTHN_RP_ID = "testserver"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://testserver"]
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E031"]  # that plain-http origin
SECURE_SSL_REDIRECT = False  # the test client and live server speak plain HTTP
SECURE_HSTS_SECONDS = 0

# Parallel test processes (pytest-xdist) each get their own Redis database, so a real
# worker started by one process never takes another process's tasks.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{int(_xdist_worker[2:]) + 1}"))  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL}}  # noqa: F405

# Threads in the concurrency tests open their own connections; close them as requests end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
