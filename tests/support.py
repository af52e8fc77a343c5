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
