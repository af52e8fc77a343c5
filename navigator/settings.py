"""Navigator settings: defined once here, differences read from the environment.

Every setting that changes between a laptop, CI and production is an environment
variable (see README, "Configuration"). With nothing set, the app runs on a bare
machine: SQLite under var/, Celery tasks in-process, e-mail printed to the console.
"""

from datetime import time, timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A real secret is required whenever debug is off; only a debug run may use the default.
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY", default="insecure-dev-only-key-never-use-in-production")
    if DEBUG
    else env.str("DJANGO_SECRET_KEY")
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The public address families reach the site on; used to build links in e-mails.
NAVIGATOR_PUBLIC_URL = env.str("NAVIGATOR_PUBLIC_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "navigator.apps.NavigatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    "django_htmx",
    # Ours, lowest first: each may import only those above it in this list
    # (import-linter checks it; see .importlinter).
    "claims",
    "core",
    "accounts",
    "audit",
    "content",
    "cases",
    "partners",
    "documents",
    "referrals",
    "conversations",
    "logistics",
    "desk",
    "records",
    "intake",
    "dashboard",
]

MIDDLEWARE = [
    # First: the real client address (behind a trusted proxy) for everything below it.
    "core.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "navigator.middleware.PrivatePagesMiddleware",
    # A NUL byte or non-UTF-8 text anywhere in the request: a plain 400, before any query.
    "core.request_guard.RefuseUnreadableRequestsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "audit.middleware.AuditMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "navigator.urls"
WSGI_APPLICATION = "navigator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.staff_roles",
                "cases.context_processors.held_for_review",
                "desk.context_processors.unread_alerts",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------

if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(exist_ok=True)  # the SQLite file of a bare-machine run lives here
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'navigator.sqlite3'}")
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Keep a connection per worker thread for a minute instead of opening one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down means a cache miss, never an error page (see navigator/cache.py).
            "BACKEND": "navigator.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "navigator",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Files --------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded medical reports live here, outside static/ and outside any URL the web
# server serves. They leave only through views that check who is asking.
PRIVATE_UPLOAD_ROOT = Path(env.str("NAVIGATOR_UPLOAD_ROOT", default=str(VAR_DIR / "uploads")))
MEDIA_ROOT = PRIVATE_UPLOAD_ROOT
MEDIA_URL = "/no-public-url-for-private-files/"

# With NAVIGATOR_S3_BUCKET set, uploads and generated PDFs live in that S3-compatible
# bucket instead (AWS S3, MinIO, Ceph...), so any number of web and worker machines share
# them; nothing then reads or writes PRIVATE_UPLOAD_ROOT. Keys come from the environment
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) or the machine's role, never from here.
NAVIGATOR_S3_BUCKET = env.str("NAVIGATOR_S3_BUCKET", default="")
# Downloads stream through our views by default; with this on, the view (after its access
# check and audit event) redirects to a presigned URL that works for this many seconds.
NAVIGATOR_S3_PRESIGNED_DOWNLOADS = env.bool("NAVIGATOR_S3_PRESIGNED_DOWNLOADS", default=False)
NAVIGATOR_S3_URL_SECONDS = env.int("NAVIGATOR_S3_URL_SECONDS", default=60)
if NAVIGATOR_S3_BUCKET:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _s3_encryption = env.str("NAVIGATOR_S3_ENCRYPTION", default="AES256")
    _s3_kms_key = env.str("NAVIGATOR_S3_KMS_KEY_ID", default="")
    _private_storage = {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": NAVIGATOR_S3_BUCKET,
            "location": env.str("NAVIGATOR_S3_PREFIX", default=""),
            "endpoint_url": _s3_endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            # MinIO and most S3-compatible servers want path-style addresses.
            "addressing_style": env.str(
                "AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "auto"
            ),
            "signature_version": "s3v4",
            "default_acl": None,  # objects stay private: the bucket's policy, no public ACL
            "file_overwrite": False,  # a name in use gets another, as on disk
            "querystring_expire": NAVIGATOR_S3_URL_SECONDS,
            "object_parameters": (
                {"ServerSideEncryption": _s3_encryption}
                | ({"SSEKMSKeyId": _s3_kms_key} if _s3_kms_key else {})
                if _s3_encryption not in ("", "none")
                else {}
            ),
            "connect_timeout": env.float("NAVIGATOR_S3_CONNECT_TIMEOUT", default=5),
            "read_timeout": env.float("NAVIGATOR_S3_READ_TIMEOUT", default=30),
        },
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_UPLOAD_ROOT, "file_permissions_mode": 0o600},
    }

STORAGES = {
    "default": _private_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "NAVIGATOR_STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Uploads larger than this stream to a temporary file on disk instead of memory, so a
# huge body cannot exhaust the web process's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # non-file fields only

# Virus scanning of uploads (clamd), e.g. unix:///run/clamav/clamd.ctl or tcp://clamav:3310.
CLAMD_ADDRESS = env.str("CLAMD_ADDRESS", default="")

# Limits on what a family may send with one case.
NAVIGATOR_MAX_FILE_BYTES = env.int("NAVIGATOR_MAX_FILE_BYTES", default=25 * 1024 * 1024)
NAVIGATOR_MAX_FILES_PER_CASE = env.int("NAVIGATOR_MAX_FILES_PER_CASE", default=20)
NAVIGATOR_MAX_CASE_BYTES = env.int("NAVIGATOR_MAX_CASE_BYTES", default=200 * 1024 * 1024)
# Largest image (in pixels) we will open; bigger ones are refused as possible bombs.
NAVIGATOR_MAX_IMAGE_PIXELS = env.int("NAVIGATOR_MAX_IMAGE_PIXELS", default=100_000_000)

# How long an unfinished inquiry and its resume link are kept.
NAVIGATOR_DRAFT_TTL = timedelta(days=env.int("NAVIGATOR_DRAFT_TTL_DAYS", default=7))
# How long a family's private status link stays valid before they must ask again.
NAVIGATOR_STATUS_LINK_TTL = timedelta(days=env.int("NAVIGATOR_STATUS_LINK_TTL_DAYS", default=365))
# A new status link asked for from /status/ is e-mailed at most this often per case.
NAVIGATOR_STATUS_LINK_RESEND_INTERVAL = timedelta(hours=1)

# The partner's review portal: how long an e-mailed link works, how long a one-time code
# works, and how many working days before the deadline the partner is reminded (once).
NAVIGATOR_PORTAL_LINK_DAYS = env.int("NAVIGATOR_PORTAL_LINK_DAYS", default=30)
NAVIGATOR_PORTAL_CODE_MINUTES = env.int("NAVIGATOR_PORTAL_CODE_MINUTES", default=15)
NAVIGATOR_PARTNER_REMINDER_DAYS = env.int("NAVIGATOR_PARTNER_REMINDER_DAYS", default=2)

# Work whose task was lost (a broker outage) is sent again by beat sweeps after this.
NAVIGATOR_SWEEP_GRACE = timedelta(minutes=env.int("NAVIGATOR_SWEEP_GRACE_MINUTES", default=5))
# Changes to a case within this long of each other reach the family as one notice e-mail.
NAVIGATOR_FAMILY_NOTICE_DELAY = timedelta(
    seconds=env.int("NAVIGATOR_FAMILY_NOTICE_DELAY_SECONDS", default=120)
)

# --- Cases: routing, service levels, retention -------------------------------

# Used when no available coordinator speaks the family's language.
NAVIGATOR_FALLBACK_LANGUAGE = env.str("NAVIGATOR_FALLBACK_LANGUAGE", default="en")
# First contact is due this many working hours after submission.
NAVIGATOR_FIRST_CONTACT_HOURS = env.int("NAVIGATOR_FIRST_CONTACT_HOURS", default=24)
# A family's message is answered within this many working hours of the coordinator's.
NAVIGATOR_REPLY_DUE_WORKING_HOURS = env.int("NAVIGATOR_REPLY_DUE_WORKING_HOURS", default=8)
# An urgent case ("changing quickly") is due sooner, counted only inside the working day
# (opening to closing, in the coordinator's time zone), so one sent on a Sunday is due on
# Monday morning. Out of hours the on-call rota (admin: on-call shifts) answers it.
NAVIGATOR_URGENT_FIRST_CONTACT_HOURS = env.float("NAVIGATOR_URGENT_FIRST_CONTACT_HOURS", default=4)
NAVIGATOR_WORKDAY_OPENS = env.str("NAVIGATOR_WORKDAY_OPENS", default="09:00")
NAVIGATOR_WORKDAY_CLOSES = env.str("NAVIGATOR_WORKDAY_CLOSES", default="17:00")
try:
    if time.fromisoformat(NAVIGATOR_WORKDAY_OPENS) >= time.fromisoformat(NAVIGATOR_WORKDAY_CLOSES):
        raise ValueError("the working day closes before it opens")
except ValueError as error:  # fail at start, not on the first urgent inquiry
    raise ImproperlyConfigured(f"NAVIGATOR_WORKDAY_OPENS/CLOSES: {error}") from error
NAVIGATOR_WORKING_DAYS = [0, 1, 2, 3, 4]  # the service's calendar for unassigned cases
# Practical tasks: the assignee is alerted once, this many working hours (hours on their
# working days, holidays skipped) before a task is due.
NAVIGATOR_TASK_REMINDER_HOURS = env.float("NAVIGATOR_TASK_REMINDER_HOURS", default=24)
NAVIGATOR_SERVICE_TIME_ZONE = env.str("NAVIGATOR_SERVICE_TIME_ZONE", default="UTC")
# Closed cases are anonymised after this long (a tombstone stays).
NAVIGATOR_RETENTION_CLOSED = timedelta(days=env.int("NAVIGATOR_RETENTION_CLOSED_DAYS", default=730))

# --- Auth, sessions, security ------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins from locked-out users and addresses.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff_login"
LOGIN_REDIRECT_URL = "cases:queue"

# Two factors for every staff account; on by default whenever debug is off.
NAVIGATOR_REQUIRE_2FA = env.bool("NAVIGATOR_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Navigator"
# Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the TOTP code, never
# instead of the password. Bound to the host of NAVIGATOR_PUBLIC_URL (accounts/relying_party.py):
# browsers accept passkeys only over https, or on http://localhost.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "django_otp_webauthn"
OTP_WEBAUTHN_RP_NAME = "Navigator"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"  # names new passkeys


def passkey_settings(public_url: str) -> dict:
    """OTP_WEBAUTHN_RP_ID and _ALLOWED_ORIGINS for this public URL. Where browsers refuse
    passkeys (plain http on an IP address, as a bare `make run` serves), they are off:
    NAVIGATOR_PASSKEYS is False and django-otp-webauthn's checks for the unused settings
    are silenced."""
    from accounts.relying_party import relying_party

    party = relying_party(public_url)
    if party is None:
        return {
            "NAVIGATOR_PASSKEYS": False,
            "OTP_WEBAUTHN_RP_ID": "passkeys-off.invalid",
            "OTP_WEBAUTHN_ALLOWED_ORIGINS": [],
            "SILENCED_SYSTEM_CHECKS": ["otp_webauthn.E030"],
        }
    return {
        "NAVIGATOR_PASSKEYS": True,
        "OTP_WEBAUTHN_RP_ID": party.id,
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": list(party.origins),
        "SILENCED_SYSTEM_CHECKS": [],
    }


vars().update(passkey_settings(NAVIGATOR_PUBLIC_URL))
# Failed sign-ins: five tries for a username from one address, then a 15-minute lock.
AXES_FAILURE_LIMIT = env.int("NAVIGATOR_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# The same client address as the rate limits and the audit trail (core/client_address.py).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip"
# Staff sessions end after 30 idle minutes, and in any case after a working day.
NAVIGATOR_STAFF_IDLE_TIMEOUT = timedelta(
    minutes=env.int("NAVIGATOR_STAFF_IDLE_MINUTES", default=30)
)
NAVIGATOR_STAFF_MAX_SESSION = timedelta(
    hours=env.int("NAVIGATOR_STAFF_MAX_SESSION_HOURS", default=10)
)
# Families keep their browser session as long as a draft lives; staff limits are
# enforced by accounts.middleware.StaffSessionMiddleware.
SESSION_COOKIE_AGE = int(NAVIGATOR_DRAFT_TTL.total_seconds())

SESSION_COOKIE_HTTPONLY = True
# Off only for a local plain-HTTP run (the load benchmark); never in production.
SECURE_COOKIES = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Private links carry tokens in their path: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and Compose's healthcheck ask over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
# The proxies (addresses or networks) allowed to tell us the client's address in
# X-Forwarded-For. Empty: the header is ignored and the direct peer is the client. See
# core/client_address.py; rate limits, lockouts and the audit trail all use that address.
NAVIGATOR_TRUSTED_PROXIES = env.list("NAVIGATOR_TRUSTED_PROXIES", default=[])
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    # Only when a trusted proxy terminates TLS and sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: our own scripts only, nothing inline. Styles allow inline
# attributes, which Bootstrap's and htmx's own code set at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Rate limits on every public POST and on staff sign-in (django-ratelimit, kept in the
# default cache: Redis when REDIS_URL is set), per client address (REMOTE_ADDR, which
# core.client_address puts right behind a trusted proxy). Over the limit: a friendly 429.
RATELIMIT_VIEW = "navigator.views.rate_limited"
# While Redis is away, families can still send their inquiry; staff sign-in does not fail
# open but counts failed sign-ins in the audit trail instead (accounts/throttle.py).
RATELIMIT_FAIL_OPEN = True
NAVIGATOR_RATES = {
    "inquiry": env.str("NAVIGATOR_RATE_INQUIRY", default="300/h"),
    "resume_link": env.str("NAVIGATOR_RATE_RESUME_LINK", default="10/h"),
    "status_link": env.str("NAVIGATOR_RATE_STATUS_LINK", default="10/h"),
    "family_upload": env.str("NAVIGATOR_RATE_FAMILY_UPLOAD", default="30/h"),
    "staff_sign_in": env.str("NAVIGATOR_RATE_STAFF_SIGN_IN", default="30/h"),
    # The partner portal's code form (asking for a code, and entering one).
    "portal_code": env.str("NAVIGATOR_RATE_PORTAL_CODE", default="30/h"),
}

# --- Languages and time -------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- E-mail -------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # django-environ reads filemail:///var/mail as the relative path "var/mail": the URL
    # names an absolute folder, so keep it absolute (one file per e-mail lands there).
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = "/" + EMAIL_CONFIG["EMAIL_FILE_PATH"].lstrip("/")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Navigator <navigation@navigator.invalid>"
)

# --- Celery -------------------------------------------------------------------

# Without Redis the app still works: tasks run in-process, right after the commit
# that asked for them.
# The broker may live in its own Redis database (Compose does): the cache's clear() then
# empties the cache only, never the task queue.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# A worker child that grows past this (KiB) is replaced after its current task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("NAVIGATOR_WORKER_MAX_MEMORY_KB", default=600_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker heartbeat lives outside the apps; the partner reminder in its own module.
CELERY_IMPORTS = ["navigator.tasks", "referrals.reminder_tasks"]
# A Redis outage must not hang a web request for long: fail fast and let the
# durable rows (drafts, cases) carry the work.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# Separate queues, so a long PDF render never holds up a confirmation e-mail or a scan:
# on in Compose (NAVIGATOR_SEPARATE_QUEUES=1), where a worker serves each queue; off for
# `make run` and the tests, whose one worker serves everything.
CELERY_TASK_DEFAULT_QUEUE = "default"
if env.bool("NAVIGATOR_SEPARATE_QUEUES", default=False):
    CELERY_TASK_ROUTES = {
        "documents.tasks.render_document": {"queue": "pdf"},
        "cases.tasks.scan_document": {"queue": "scan"},
    }

# Every periodic task, in one place. Sweeps re-send work a broker outage dropped; the
# nightly ones clean up after retention periods.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "navigator.tasks.heartbeat", "schedule": 30.0},
    # intake: unfinished inquiries and confirmation e-mails
    "delete-expired-drafts": {
        "task": "intake.tasks.delete_expired_drafts",
        "schedule": crontab(minute=17),
    },
    "send-pending-confirmations": {
        "task": "intake.tasks.send_pending_confirmations",
        "schedule": crontab(minute="*"),
    },
    # cases: routing, service levels, retention
    "route-pending-cases": {
        "task": "cases.tasks.route_pending_cases",
        "schedule": crontab(minute="*"),
    },
    "notify-overdue-cases": {
        "task": "cases.tasks.notify_overdue_cases",
        "schedule": crontab(minute="*/10"),
    },
    "sweep-family-notices": {
        "task": "cases.tasks.sweep_family_notices",
        "schedule": crontab(minute="*/5"),
    },
    "anonymise-closed-cases": {
        "task": "cases.tasks.anonymise_closed_cases",
        "schedule": crontab(hour=2, minute=45),
    },
    # documents: render jobs that waited too long, old PDFs
    "sweep-document-jobs": {
        "task": "documents.tasks.sweep_document_jobs",
        "schedule": crontab(minute="*"),
    },
    "clean-generated-files": {
        "task": "documents.tasks.clean_generated_files",
        "schedule": crontab(hour=3, minute=30),
    },
    # referrals: deadlines passed with no answer (working days, so once a day is enough)
    "expire-referrals": {
        "task": "referrals.tasks.expire_referrals",
        "schedule": crontab(hour=0, minute=20),
    },
    # logistics: a reminder before a practical task is due; follow-ups that fell due
    "remind-due-tasks": {
        "task": "logistics.tasks.remind_due_tasks",
        "schedule": crontab(minute="*/15"),
    },
    "open-due-follow-ups": {
        "task": "logistics.tasks.open_due_follow_ups",
        "schedule": crontab(minute="*/15"),
    },
    # referrals: one reminder to the partner before the answer is due
    "remind-partners": {
        "task": "referrals.reminder_tasks.remind_partners",
        "schedule": crontab(minute=23),
    },
    # records: one reminder to the family once a request's due date has passed
    "remind-families-of-records": {
        "task": "records.tasks.remind_families",
        "schedule": crontab(minute=41),
    },
}

# --- Forms --------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging ------------------------------------------------------------------

# One JSON object per line. A filter removes private-link tokens, and the row values
# PostgreSQL quotes in its errors, from every message and traceback (the Celery worker's
# own handlers get it too: navigator/celery.py). No log line carries health data: views,
# services and tasks log ids, references, kinds and outcomes only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "navigator.logging.RedactTokens"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="plain" if DEBUG else "json"),
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint narrates every render step at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # With DEBUG on, Django logs every SQL statement with its parameters (what families
        # typed) at DEBUG: never, whatever LOG_LEVEL says.
        "django.db.backends": {"level": "INFO"},
        # botocore at DEBUG logs whole requests and answers: the bytes of medical reports.
        "botocore": {"level": "INFO"},
        "boto3": {"level": "INFO"},
        "s3transfer": {"level": "INFO"},
        "urllib3": {"level": "INFO"},
    },
}

# --- Generated documents ------------------------------------------------------

# A render job gives up after this many attempts; one stuck this long is re-sent.
NAVIGATOR_JOB_MAX_ATTEMPTS = env.int("NAVIGATOR_JOB_MAX_ATTEMPTS", default=4)
NAVIGATOR_JOB_STUCK_AFTER = timedelta(minutes=env.int("NAVIGATOR_JOB_STUCK_MINUTES", default=5))
# Generated PDFs older than this are deleted, unless a job or a shared link needs them.
NAVIGATOR_GENERATED_RETENTION = timedelta(
    days=env.int("NAVIGATOR_GENERATED_RETENTION_DAYS", default=90)
)
# Render time limits: the soft one fails the job cleanly, the hard one kills the child.
NAVIGATOR_RENDER_SOFT_LIMIT = env.int("NAVIGATOR_RENDER_SOFT_LIMIT", default=60)
NAVIGATOR_RENDER_HARD_LIMIT = env.int("NAVIGATOR_RENDER_HARD_LIMIT", default=90)
