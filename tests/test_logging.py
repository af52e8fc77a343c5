"""No log line carries what a family or a coordinator typed: logs name ids, references,
kinds and outcomes, never the words."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, CaseNote
from documents.models import DocumentJob
from navigator.logging import RedactTokens
from tests.factories import complete_inquiry, coordinator

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

IN_BIOMARKERS = "SECRET-BIOMARKER-7731"
IN_HELP = "SECRET-HELP-7732"
IN_NOTE = "SECRET-NOTE-7733"
IN_CLAIM = "SECRET-CLAIM-7734"
IN_REFUSED_NOTE = "SECRET-REFUSED-7735"
TYPED = (IN_BIOMARKERS, IN_HELP, IN_NOTE, IN_CLAIM, IN_REFUSED_NOTE)


def everything_logged(record: logging.LogRecord) -> str:
    parts = [str(record.msg), record.getMessage(), repr(record.args)]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    parts.append(record.exc_text or "")
    return "\n".join(parts)


def test_no_log_line_carries_what_a_family_or_coordinator_typed(
    caplog, signed_in, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)

    # A family sends an inquiry (the confirmation e-mail goes out after commit).
    with django_capture_on_commit_callbacks(execute=True):
        complete_inquiry(
            Client(),
            overrides={
                "diagnosis": {"biomarkers": f"CD19 positive, {IN_BIOMARKERS}"},
                "help": {"help_details": f"We would like to understand {IN_HELP} options."},
            },
        )
    case = Case.objects.get()
    alice = coordinator("alice", languages=["en", "zh-hans"])
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    staff = signed_in(Client(), alice)
    note_url = reverse("cases:workspace_action", args=[case.reference, "note"])
    summary_url = reverse("documents:request_summary", args=[case.reference])

    # The coordinator shares a note, and one the claims gate refuses.
    body = f"We sent the records ({IN_NOTE}) to the hospital for their review."
    staff.post(note_url, {"body": body, "shareable": "on"})
    refused = staff.post(
        note_url,
        {"body": f"Your father qualifies for the trial ({IN_REFUSED_NOTE}).", "shareable": "on"},
    )
    assert refused.status_code == 409
    assert CaseNote.objects.filter(case=case, share_state="shared").count() == 1

    # A summary renders; then one fails on a claim planted in a shared note.
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(summary_url)
    CaseNote.objects.create(
        case=case,
        author=alice,
        body=f"Your father is eligible for the trial and will be cured, {IN_CLAIM}.",
        shareable=True,
        share_state="shared",
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(summary_url)
    ready, failed = DocumentJob.objects.filter(case=case).order_by("version")
    assert ready.status == "ready", ready.last_error
    assert failed.status == "failed" and "eligible for the trial" in failed.last_error
    assert staff.get(case.get_absolute_url()).status_code == 200

    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert any(r.name == "documents.services" for r in caplog.records)
    for record in caplog.records:
        logged = everything_logged(record)
        for typed in TYPED:
            assert typed not in logged, (record.name, logged[:500])


def test_database_errors_quoting_a_row_are_cut_from_log_lines():
    """PostgreSQL's DETAIL lines repeat the values of the row that failed; they never
    reach a log line, in the message or in the traceback."""
    detail = (
        'null value in column "body" violates not-null constraint\n'
        f"DETAIL:  Failing row contains (7, {IN_NOTE}, null)."
    )
    try:
        raise ValueError(detail)
    except ValueError as error:
        record = logging.LogRecord(
            "celery.app.trace",
            logging.ERROR,
            __file__,
            1,
            "Task %(name)s raised unexpected: %(exc)s",
            (),
            exc_info=(type(error), error, error.__traceback__),
        )
        record.args = {"name": "documents.tasks.render_document", "exc": error}
    RedactTokens().filter(record)
    for formatter in (logging.Formatter(), _json_formatter()):
        line = formatter.format(record)
        assert IN_NOTE not in line
        assert "violates not-null constraint" in line and "render_document" in line


def _json_formatter():
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter("%(levelname)s %(name)s %(message)s")


WORKER_LOGGING = """
import logging, django
django.setup()
from navigator.celery import app
app.log.setup(loglevel="INFO", redirect_stdouts=False)  # what `celery worker` does
logging.getLogger("documents.services").warning(
    "job failed: %s", 'duplicate key\\nDETAIL:  Key (body)=(SECRET-NOTE-7733) already exists.'
)
logging.getLogger("celery.task").warning("link /status/SECRETTOKEN7733abc/ sent")
"""


def test_a_celery_worker_keeps_the_redaction_filter():
    """`celery worker` replaces the log handlers Django's LOGGING made; the filter must
    survive that, or the worker log (where PDFs are checked) would carry the words."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "navigator.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", WORKER_LOGGING],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "job failed" in result.stderr and "/status/[redacted]/" in result.stderr
    assert "SECRET" not in result.stderr
