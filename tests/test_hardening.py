"""Production hardening: deploy checks, security headers, rate limits, health, logs."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from navigator.logging import RedactTokens, redact
from tests.factories import submit_case

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def test_check_deploy_passes_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NAVIGATOR_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="navigator.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k2#Vq9!zL@x7&Pw4^Rt8*Ys1(Nu6)Hm3_Jb5+Ge0-Fc2=Da9~Sb7%Tc4",
        DJANGO_ALLOWED_HOSTS="navigator.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_csp_without_inline_scripts(client):
    response = client.get(reverse("intake:inquiry"))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag, f"inline script in {template}"
        assert " onclick=" not in text and " onload=" not in text, template


def test_hsts_on_secure_requests(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_pages_with_health_data_are_never_stored(client):
    case = submit_case()
    from intake import services as intake_services

    token = intake_services.case_issue_status_link(case=case)
    for url in (
        reverse("intake:status", args=[token]),
        reverse("intake:inquiry"),
        reverse("staff_login"),
        reverse("intake:status_link_request"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url
    assert "no-store" not in client.get(reverse("content:index")).get("Cache-Control", "")


@pytest.mark.parametrize(
    ("name", "url", "data"),
    [
        (
            "status_link",
            "intake:status_link_request",
            {"reference": "NAV-2026-000001", "email": "a@example.org"},
        ),
        ("resume_link", "intake:inquiry_save", {"email": "a@example.org"}),
        ("staff_sign_in", "staff_login", {"username": "x", "password": "y"}),
    ],
)
def test_public_posts_are_rate_limited_with_a_friendly_page(client, settings, name, url, data):
    settings.NAVIGATOR_RATES = {**settings.NAVIGATOR_RATES, name: "2/m"}
    for _ in range(2):
        assert client.post(reverse(url), data).status_code != 429
    response = client.post(reverse(url), data)
    assert response.status_code == 429
    assert "Please wait a little before trying again" in response.content.decode()


def test_the_inquiry_and_family_uploads_are_rate_limited(client, settings):
    from intake import services as intake_services

    settings.NAVIGATOR_RATES = {
        **settings.NAVIGATOR_RATES,
        "inquiry": "1/m",
        "family_upload": "1/m",
    }
    step = reverse("intake:inquiry_step", args=["about"])
    client.post(step, {})
    assert client.post(step, {}).status_code == 429
    token = intake_services.case_issue_status_link(case=submit_case())
    client.post(reverse("intake:status", args=[token]), {})
    assert client.post(reverse("intake:status", args=[token]), {}).status_code == 429


def test_healthz_reports_without_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert set(body) == {"status", "checks"}


def test_healthz_sees_redis_and_the_worker_heartbeat(client, redis_url, settings):
    from navigator.tasks import heartbeat

    body = client.get("/healthz").json()
    assert body["checks"]["redis"] == "ok"
    heartbeat()
    assert client.get("/healthz").json()["checks"]["worker"] == "ok"


def test_tokens_are_redacted_from_logs():
    token = "P40nW4ZDfwc-zCXv1axHeJbfl0yo8cSL5pN5FUfwvTI"
    assert token not in redact(f"Not Found: /status/{token}/")
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/inquiry/resume/{token}/",),
        None,
    )
    RedactTokens().filter(record)
    assert token not in record.getMessage()
    mapping = logging.LogRecord(
        "celery", logging.INFO, __file__, 1, "Task %(name)s got %(path)s", (), None
    )
    mapping.args = {"name": "x", "path": f"/status/{token}/"}
    RedactTokens().filter(mapping)
    assert mapping.getMessage() == "Task x got /status/[redacted]/"
    from django.conf import settings

    assert "redact_tokens" in settings.LOGGING["handlers"]["console"]["filters"]


@pytest.mark.django_db
def test_with_redis_gone_pages_and_rate_limited_posts_still_work(client, settings):
    """A dead cache is a miss, not an error page; rate limits fail open meanwhile."""
    settings.CACHES = {
        "default": {
            "BACKEND": "navigator.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    from django.core.cache import cache

    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    response = client.post(
        reverse("intake:status_link_request"),
        {"reference": "NAV-2026-000001", "email": "a@example.org"},
    )
    assert response.status_code == 200
    assert (
        client.get(
            reverse("content:article", args=["gvhd-and-cytokine-release-syndrome"])
        ).status_code
        == 200
    )
