"""Helpers the tests and the benchmarks share (bench/ imports them; nothing is copied)."""

import subprocess
import sys
import time


def wait_for(predicate, timeout: float = 60.0, every: float = 0.05) -> bool:
    """Call `predicate` until it is true or `timeout` seconds pass; says which."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def celery_worker_command(*options: str) -> list[str]:
    """A real Celery worker for this project, quiet, with the given extra options."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "navigator",
        "worker",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
        *options,
    ]


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def migrate_to(targets):
    """Migrate the test database to `targets` ([(app, migration), ...]) and return the
    models as they were there (historical models)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_migrations():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def moto_server_command(port: int) -> list[str]:
    """moto's standalone server: a real S3-compatible HTTP server on 127.0.0.1."""
    return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]


def s3_storage_settings(*, endpoint: str, bucket: str, **options) -> dict:
    """STORAGES["default"] for a bucket on `endpoint`, as navigator/settings.py makes it
    from NAVIGATOR_S3_BUCKET and AWS_S3_ENDPOINT_URL."""
    return {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_expire": 60,
            "object_parameters": {"ServerSideEncryption": "AES256"},
            "connect_timeout": 2,
            "read_timeout": 10,
            **options,
        },
    }
