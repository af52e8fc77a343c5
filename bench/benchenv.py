"""What the request benchmarks share: a database of their own, and production-like
settings (debug off) that a test client can reach."""

import os
import subprocess
import sys
import time
from pathlib import Path

MANAGE = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py")]


def ensure_database(url: str) -> None:
    """Create the benchmark's own PostgreSQL database if it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def use_production_settings(default_database: str) -> None:
    """Debug off as in production, but signed in without a phone and served to the test
    client; the benchmark's database is made if missing. Call before django.setup()."""
    os.environ.setdefault("DATABASE_URL", default_database)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ["NAVIGATOR_REQUIRE_2FA"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["NAVIGATOR_STATICFILES_BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "navigator.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    ensure_database(os.environ["DATABASE_URL"])


def migrate_and_seed(cases: int) -> None:
    """Migrate the benchmark's database and bring seed_demo up to `cases` cases (a second
    run only adds what is missing), printing how long the seeding took."""
    subprocess.run([*MANAGE, "migrate", "-v0"], check=True)
    started = time.perf_counter()
    subprocess.run(
        [*MANAGE, "seed_demo", "--cases", str(cases), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"seed_demo to {cases} cases: {time.perf_counter() - started:.1f} s")
