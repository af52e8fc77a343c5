"""A real Celery worker process (prefork, on real Redis and PostgreSQL) renders a referral
packet: the builder is registered wherever Django starts, not only in the web process."""

import io
import os
import subprocess
from unittest import mock

import pytest
from django.db import transaction
from pypdf import PdfReader

from documents.models import DocumentJob
from referrals import packet, services
from tests.documents.test_worker import start_worker_process
from tests.factories import coordinator, make_partner, submit_case
from tests.support import wait_for

# A fresh worker loads WeasyPrint and the claims gate's model before its first render; on a
# busy 2-core machine that alone can pass the default 60 s limit. The limit is not what
# this test is about (tests/documents covers it).
LIMITS = {"NAVIGATOR_RENDER_SOFT_LIMIT": "240", "NAVIGATOR_RENDER_HARD_LIMIT": "300"}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
QUESTION = "The family would like the team to look at whether a screening visit is possible."


def test_a_worker_process_renders_the_packet_a_coordinator_requested(
    redis_url, postgres, _private_upload_root
):
    from navigator.celery import app

    coord = coordinator("coord.worker")
    _, contact = make_partner()
    referral = services.referral_prepare(
        case=submit_case(), by=coord, contact=contact, question=QUESTION
    )
    from documents.tasks import render_document

    app.control.purge()
    with mock.patch.dict(os.environ, LIMITS):
        worker = start_worker_process(_private_upload_root)
    try:
        app.conf.task_always_eager = False
        # The limits travel with the task message, so the sender's count too.
        with (
            mock.patch.object(render_document, "soft_time_limit", 240),
            mock.patch.object(render_document, "time_limit", 300),
            transaction.atomic(),
        ):
            job = packet.request_packet(referral=referral, by=coord)
        assert wait_for(
            lambda: DocumentJob.objects.get(pk=job.pk).status in ("ready", "failed"), 300
        )
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.READY, job.last_error
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(job.file.open("rb").read())).pages
    )
    assert "Referral for review" in " ".join(text.split()) and QUESTION in " ".join(text.split())
    referral.refresh_from_db()
    assert packet.state(referral) == "ready"
