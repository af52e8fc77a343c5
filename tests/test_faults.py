"""A smaller version of the fault run (bench/load_bench.py): real gunicorn, PostgreSQL, a
Celery worker with beat and a Redis of its own; the worker is killed and Redis stopped
while families submit. Nothing may be lost, nothing done twice."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_a_fault_run_loses_nothing(postgres):
    if not shutil.which("redis-server"):
        if REQUIRE_SERVICES:
            pytest.fail("redis-server is required for the fault run")
        pytest.skip("redis-server is not installed")
    from django.db import connection

    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "LOAD_DATABASE_SERVER": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "bench/load_bench.py",
            "--clients",
            "2",
            "--inquiries",
            "24",
            "--faults",
            "--redis-down",
            "5",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(line.removeprefix("RESULT "))
    assert report["errors"] == [], report
    assert report["cases"] == report["unique_references"] == 24, report
    assert report["max_load"] <= report["capacity"], report
    # The whole report on failure: "unsettled" says what was still waiting, and why.
    assert report["confirmations_once"] == 24, report
    assert report["confirmations_more_than_once"] == 0, report
    assert report["settled"], report["unsettled"]
    assert report["faults"] == ["worker killed and restarted", "Redis stopped for 5 s"]
    assert report["summaries_ready"] == report["summary_files"] == 24
