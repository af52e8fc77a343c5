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


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """A real S3-compatible server (moto's standalone server, a subprocess) for the session."""
    import subprocess

    from tests.support import free_port, moto_server_command, port_open, wait_for

    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        process = subprocess.Popen(moto_server_command(port), stdout=out, stderr=out)
    try:
        if not wait_for(lambda: port_open(port) or process.poll() is not None, 60):
            pytest.fail("moto_server did not start")
        if process.poll() is not None:
            pytest.fail(f"moto_server stopped: {log.read_text()[-2000:]}")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(20)


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch, _private_upload_root):
    """Default storage is a fresh, empty bucket on the moto server (the local upload root
    stays, empty, so tests can show nothing was written there). Returns a boto3 client
    and the bucket's name, to look inside."""
    import uuid

    import boto3

    from tests.support import s3_storage_settings

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "navigator-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "navigator-test-secret")
    name = f"navigator-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="navigator-test",
        aws_secret_access_key="navigator-test-secret",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_settings(endpoint=s3_endpoint, bucket=name),
    }
    settings.NAVIGATOR_S3_BUCKET = name
    return BucketView(client, name)


class BucketView:
    """What a test sees in its bucket."""

    def __init__(self, client, name):
        self.client = client
        self.name = name

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)


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
