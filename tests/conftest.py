"""Shared fixtures. Tests that need PostgreSQL or Redis use the `postgres` or `redis`
fixtures: they skip on a bare laptop, and fail in CI where REQUIRE_SERVICES=1."""

import os

import pytest
from django.conf import settings
from django.db import connection

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _unavailable(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but is not available")
    pytest.skip(f"{what} is not configured")


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        _unavailable("PostgreSQL (DATABASE_URL)")


@pytest.fixture
def redis_url():
    url = settings.REDIS_URL
    if not url:
        _unavailable("Redis (REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"Redis at {url} ({error})")
    return url


def pytest_sessionstart(session):
    if REQUIRE_SERVICES and "postgres" not in settings.DATABASES["default"]["ENGINE"]:
        raise pytest.UsageError("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")


@pytest.fixture(autouse=True)
def _private_upload_root(settings, tmp_path):
    """Every test writes uploads to its own directory, so tests can count files."""
    root = tmp_path / "uploads"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.PRIVATE_UPLOAD_ROOT = root
    return root


@pytest.fixture
def signed_in():
    """sign_in(client, user): signed in with a verified second factor, as after a real
    TOTP sign-in (the TOTP flow itself is tested in tests/cases/test_staff_sign_in.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(client, user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached HTML never carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _baseline_data(request):
    """Groups and the seed library come from data migrations. A test that empties the
    database (transactional tests flush it) would leave the next one without them, so
    every database test makes sure they exist (a few queries when they do)."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        yield
        return
    from django.contrib.auth.models import Group, Permission

    from accounts.groups import GROUP_PERMISSIONS, ensure_staff_groups
    from content.models import Article
    from content.seed import seed_articles, seed_library_load

    slugs = [seed.slug for seed in seed_articles()]
    seeded = Article.objects.filter(slug__in=slugs).count()
    granting = [name for name, grants in GROUP_PERMISSIONS.items() if grants]
    grouped = Group.objects.filter(name__in=granting, permissions__isnull=False)
    if seeded == len(slugs) and grouped.values("name").distinct().count() == len(granting):
        yield  # the usual case: nothing was flushed
        return
    ensure_staff_groups(Group, Permission)
    seed_library_load()
    yield
