"""The project's wiring: settings from the environment, Compose file, Redis and Celery."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.core import mail
from django.db import transaction

from tests.factories import submit_case

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env_changes: dict, code: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(env_changes)
    env["DJANGO_SETTINGS_MODULE"] = "navigator.settings"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_secret_key_is_required_when_debug_is_off():
    result = run_settings({"DJANGO_DEBUG": "0"}, "print(settings.SECRET_KEY)")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_bare_machine_gets_sqlite_in_process_tasks_and_console_mail():
    result = run_settings(
        {"DJANGO_DEBUG": "1"},
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.EMAIL_BACKEND, settings.DATABASES['default']['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, backend, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert backend.endswith("console.EmailBackend")
    assert name.endswith("var/navigator.sqlite3")


def test_services_come_from_the_environment():
    result = run_settings(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u@db:5432/nav",
            "REDIS_URL": "redis://cache:6379/1",
            "DJANGO_ALLOWED_HOSTS": "nav.example.org",
        },
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL,"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND'],"
        " settings.ALLOWED_HOSTS[0])",
    )
    assert result.returncode == 0, result.stderr
    engine, broker, eager, cache, host = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert broker == "redis://cache:6379/1"
    assert eager == "False"
    assert cache.endswith("RedisCache")
    assert host == "nav.example.org"


def test_uploads_are_stored_outside_anything_served():
    from django.conf import settings

    root = Path(settings.PRIVATE_UPLOAD_ROOT).resolve()
    static_dirs = [Path(d).resolve() for d in settings.STATICFILES_DIRS] + [
        Path(settings.STATIC_ROOT).resolve()
    ]
    assert all(root != d and d not in root.parents for d in static_dirs)


def test_compose_serves_through_a_tls_proxy_with_one_image_and_a_worker_per_queue():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    app = ("migrate", "web", "worker-default", "worker-pdf", "worker-scan", "beat")
    assert set(app) | {"proxy", "certificate", "clamav", "postgres", "redis"} <= set(services)
    assert len({services[name]["image"] for name in app}) == 1

    # Migrations run once, before anything serves.
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert "migrate" not in services["web"]["command"]
    # The web's main process trains the claims model once, before forking its workers.
    assert "--preload" in services["web"]["command"]
    assert services["web"]["environment"]["NAVIGATOR_TRAIN_BEFORE_FORK"] == "1"
    for name in ("web", "worker-default", "worker-pdf", "worker-scan", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }

    # The proxy ends TLS, buffers uploads and is the only trusted source of addresses.
    proxy = services["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"]) and "ports" not in services["web"]
    nginx = (ROOT / "navigator" / "deploy" / "nginx.conf").read_text()
    assert "proxy_request_buffering on" in nginx and "ssl_certificate" in nginx
    proxy_ip = proxy["networks"]["default"]["ipv4_address"]
    env = services["web"]["environment"]
    assert env["DJANGO_BEHIND_TLS_PROXY"] == "1" and env["NAVIGATOR_TRUSTED_PROXIES"] == proxy_ip
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])

    # A worker per queue; broker and cache in different Redis databases; clamd wired.
    queues = {name: services[name]["command"].split("-Q ")[1].split()[0] for name in app[2:5]}
    assert queues == {"worker-default": "default", "worker-pdf": "pdf", "worker-scan": "scan"}
    assert env["REDIS_URL"] != env["CELERY_BROKER_URL"]
    assert env["NAVIGATOR_SEPARATE_QUEUES"] == "1"
    assert env["CLAMD_ADDRESS"] == "tcp://clamav:3310"
    assert services["worker-scan"]["depends_on"]["clamav"]["condition"] == "service_healthy"
    for name in ("web", "worker-default", "worker-pdf", "postgres", "redis", "clamav"):
        assert "healthcheck" in services[name], name
    assert services["web"]["volumes"] == services["worker-pdf"]["volumes"]


def test_separate_queues_route_pdfs_and_scans_away_from_e_mails():
    result = run_settings(
        {"DJANGO_DEBUG": "1", "NAVIGATOR_SEPARATE_QUEUES": "1"},
        "from navigator.celery import app; "
        "print(app.amqp.router.route({}, 'documents.tasks.render_document')['queue'].name, "
        "app.amqp.router.route({}, 'cases.tasks.scan_document')['queue'].name, "
        "app.amqp.router.route({}, 'intake.tasks.send_case_confirmation')['queue'].name)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pdf", "scan", "default"]


def test_healthz_answers_over_plain_http_with_debug_off(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    health = client.get("/healthz")
    assert health.status_code != 301 and health["Content-Type"] == "application/json"
    assert client.get("/learn/").status_code == 301


def test_the_django_cache_is_redis_when_configured(redis_url):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("navigator-test-key", "ok", 10)
    assert cache.get("navigator-test-key") == "ok"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_on_redis_sends_the_confirmation(redis_url, postgres):
    from celery.contrib.testing.worker import start_worker

    from navigator.celery import app

    app.conf.task_always_eager = False
    try:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():
                case = submit_case()
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    case.refresh_from_db()
    assert case.confirmation_sent_at is not None


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_filemail_url_names_an_absolute_folder():
    result = run_settings(
        {"DJANGO_DEBUG": "1", "EMAIL_URL": "filemail:///tmp/navigator-mail"},
        "print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)",
    )
    assert result.returncode == 0, result.stderr
    backend, path = result.stdout.split()
    assert backend.endswith("filebased.EmailBackend")
    assert path == "/tmp/navigator-mail"


def test_make_run_points_links_at_its_own_port_and_keeps_the_demo_mail():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8080"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    makefile = (ROOT / "Makefile").read_text()
    assert "NAVIGATOR_PUBLIC_URL ?= http://$(HOST):$(PORT)" in makefile
    assert "EMAIL_URL ?= filemail://$(CURDIR)/var/mail" in makefile
    assert "runserver 127.0.0.1:8080" in dry.stdout


def test_compose_offers_s3_storage_with_an_optional_minio():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    env = services["web"]["environment"]
    # Off unless the operator names a bucket: the shared volume stays the default.
    assert env["NAVIGATOR_S3_BUCKET"] == "${NAVIGATOR_S3_BUCKET:-}"
    for name in ("AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        assert env[name] == f"${{{name}:-}}"
    # The same settings everywhere (the web adds only how it trains the claims model).
    shared = {k: v for k, v in env.items() if k != "NAVIGATOR_TRAIN_BEFORE_FORK"}
    assert services["worker-pdf"]["environment"] == shared
    # MinIO and the job that makes its private bucket start only with `--profile s3`.
    assert services["minio"]["profiles"] == ["s3"] == services["minio-bucket"]["profiles"]
    assert "ports" not in services["minio"]
    assert "anonymous set none" in services["minio-bucket"]["entrypoint"]


def test_a_bucket_in_the_environment_puts_files_in_s3_encrypted_and_private():
    result = run_settings(
        {
            "DJANGO_DEBUG": "1",
            "NAVIGATOR_S3_BUCKET": "navigator-files",
            "AWS_S3_ENDPOINT_URL": "http://minio:9000",
            "NAVIGATOR_S3_URL_SECONDS": "45",
        },
        "import json; from django.core.files.storage import default_storage as s; "
        "print(json.dumps([settings.STORAGES['default']['BACKEND'], s.bucket_name, "
        "s.endpoint_url, s.addressing_style, s.default_acl, s.querystring_expire, "
        "s.object_parameters, s.file_overwrite, s.client_config.connect_timeout]))",
    )
    assert result.returncode == 0, result.stderr
    import json

    backend, bucket, endpoint, style, acl, expire, params, overwrite, timeout = json.loads(
        result.stdout
    )
    assert backend == "core.s3.PrivateS3Storage" and bucket == "navigator-files"
    assert endpoint == "http://minio:9000" and style == "path"
    assert acl is None and expire == 45 and overwrite is False and timeout == 5
    assert params == {"ServerSideEncryption": "AES256"}

    default = run_settings({"DJANGO_DEBUG": "1"}, "print(settings.STORAGES['default']['BACKEND'])")
    assert default.stdout.strip() == "django.core.files.storage.FileSystemStorage"
