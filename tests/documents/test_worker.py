"""Real Celery workers on real Redis render jobs; a killed worker still leaves one PDF."""

import os
import signal
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from documents import services as documents
from documents.models import DocumentJob
from tests.factories import coordinator, submit_case
from tests.support import celery_worker_command, child_pids, wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_in_process_worker_renders_a_requested_summary(
    redis_url, postgres, _private_upload_root
):
    from celery.contrib.testing.worker import start_worker

    from navigator.celery import app

    alice = coordinator("alice")
    app.conf.task_always_eager = False
    try:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            with transaction.atomic():
                job = documents.job_request_case_summary(case=submit_case(), by=alice)
            assert wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == "ready", 60)
    finally:
        app.conf.task_always_eager = True
    job.refresh_from_db()
    assert job.attempts == 1 and (_private_upload_root / job.file.name).exists()


def start_worker_process(upload_root: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "DJANGO_SECRET_KEY": "worker-test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "NAVIGATOR_UPLOAD_ROOT": str(upload_root),
        "REDIS_URL": settings.REDIS_URL,
        "LOG_LEVEL": "WARNING",
        # Time limits far above a render's length even on a loaded 2-core machine, so the
        # only interruption a test sees is the one it makes (a killed child).
        "NAVIGATOR_RENDER_SOFT_LIMIT": "600",
        "NAVIGATOR_RENDER_HARD_LIMIT": "660",
    }
    return subprocess.Popen(
        celery_worker_command("--pool=prefork", "--concurrency=1"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_render_leaves_exactly_one_pdf(
    redis_url, postgres, _private_upload_root
):
    from navigator.celery import app

    app.control.purge()
    alice = coordinator("alice")
    rows = [
        {
            "kind": "chemotherapy",
            "regimen": f"Cycle {n}",
            "started_on": date(2024, 1, 1),
            "ended_on": date(2024, 2, 1),
            "best_response": "partial",
            "notes": "Tolerated",
        }
        for n in range(300)
    ]
    case = submit_case(treatments=rows)
    worker = start_worker_process(_private_upload_root)
    try:
        app.conf.task_always_eager = False
        with transaction.atomic():
            job = documents.job_request_case_summary(case=case, by=alice)
        assert wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == "rendering", 60)
        for child in child_pids(worker.pid):
            os.kill(child, signal.SIGKILL)  # the render dies halfway
        assert wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == "ready", 300), (
            DocumentJob.objects.get(pk=job.pk).__dict__
        )
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    job.refresh_from_db()
    assert job.attempts == 2, job.last_error
    pdfs = list((_private_upload_root / "generated").rglob("*.pdf"))
    assert pdfs == [_private_upload_root / job.file.name]


def test_the_sweep_recovers_a_job_requested_while_the_broker_was_down(
    redis_url, postgres, _private_upload_root
):
    from unittest import mock

    from celery.contrib.testing.worker import start_worker

    from navigator.celery import app

    alice = coordinator("alice")
    with mock.patch("documents.tasks.render_document.delay", side_effect=ConnectionError("down")):
        with transaction.atomic():
            job = documents.job_request_case_summary(case=submit_case(), by=alice)
    assert DocumentJob.objects.get(pk=job.pk).enqueued_at is None
    app.conf.task_always_eager = False
    try:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            assert documents.jobs_sweep()["resent"] == 1
            assert wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == "ready", 60)
    finally:
        app.conf.task_always_eager = True
