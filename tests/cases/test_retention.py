"""Anonymising closed cases after the retention period, and exporting one case."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import casework, retention
from cases.models import Case
from core import uploads
from documents import services as documents
from intake import services as intake_services
from tests.factories import coordinator, make_document, pdf_upload, submit_case, supervisor

pytestmark = pytest.mark.django_db


def closed_long_ago(case, days=800):
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED,
        close_reason="information_provided",
        closed_at=timezone.now() - timedelta(days=days),
    )
    case.refresh_from_db()
    return case


def with_file(case):
    checked = uploads.check_upload(pdf_upload())
    (name,) = uploads.store_files([checked])
    make_document(case, file=name, original_name="p.pdf", size=checked.size, sha256=checked.sha256)
    return name


def test_a_dry_run_lists_and_changes_nothing(_private_upload_root):
    old = closed_long_ago(submit_case())
    recent = closed_long_ago(submit_case(), days=30)
    open_case = submit_case()
    result = retention.cases_anonymise_closed(dry_run=True)
    assert result.references == [old.reference]
    assert Case.objects.get(pk=old.pk).anonymised_at is None
    assert (
        recent.reference not in result.references and open_case.reference not in result.references
    )


def test_old_closed_cases_become_tombstones_and_lose_their_files(
    _private_upload_root, django_capture_on_commit_callbacks
):
    alice = coordinator("alice")
    case = submit_case()
    name = with_file(case)
    casework.case_add_note(case=case, by=alice, body="private note")
    intake_services.case_issue_status_link(case=case)
    intake_services.case_issue_pending_status_link(case=case)
    job = documents.job_request_case_summary(case=case, by=alice)
    documents.job_render(job_id=job.pk)
    case = closed_long_ago(case)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.cases_anonymise_closed()
    assert result.references == [case.reference] and result.files_deleted == 2
    case.refresh_from_db()
    assert case.anonymised_at and case.reference and case.close_reason == "information_provided"
    assert case.submitted_at and case.closed_at
    assert case.status_token_hash is None and case.pending_status_token_hash is None
    assert not hasattr(case, "submitter") or case.submitter is None
    assert not case.documents.exists() and not case.notes.exists() and not case.treatments.exists()
    assert not (_private_upload_root / name).exists()
    assert not list((_private_upload_root / "generated").rglob("*.pdf"))
    assert AuditEvent.objects.filter(action="anonymised", case_reference=case.reference).exists()
    # A tombstone still opens for a supervisor, and says what happened.
    assert retention.cases_anonymise_closed().references == []


def test_the_command_has_a_dry_run():
    closed_long_ago(submit_case())
    out = io.StringIO()
    call_command("anonymise_closed_cases", "--dry-run", stdout=out)
    assert "Would anonymise 1 case(s)." in out.getvalue()
    assert Case.objects.filter(anonymised_at__isnull=True).count() == 1


def test_a_supervisor_exports_everything_held_on_a_case(signed_in, _private_upload_root):
    boss = supervisor("boss")
    case = submit_case()
    with_file(case)
    client = signed_in(Client(), boss)
    response = client.get(reverse("cases:case_export", args=[case.reference]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "record.json" in names and any(n.startswith("uploads/") for n in names)
    record = json.loads(archive.read("record.json"))
    assert record["case"]["reference"] == case.reference
    assert record["patient"]["full_name"] == "José García"
    assert "status_token_hash" not in record["case"]
    assert "pending_status_token_hash" not in record["case"]
    assert AuditEvent.objects.filter(action="exported", actor_username="boss").exists()


def test_coordinators_cannot_export(signed_in):
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    response = signed_in(Client(), alice).get(reverse("cases:case_export", args=[case.reference]))
    assert response.status_code == 403


def test_the_export_streams_and_stores_reports_without_recompressing(signed_in):
    case = submit_case()
    with_file(case)
    client = signed_in(Client(), supervisor("boss"))
    response = client.get(reverse("cases:case_export", args=[case.reference]))
    assert response.streaming and response["Content-Type"] == "application/zip"
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK")  # the zip starts leaving before it is finished
    archive = zipfile.ZipFile(io.BytesIO(first + b"".join(chunks)))
    kinds = {i.filename.split("/")[0]: i.compress_type for i in archive.infolist()}
    assert kinds["uploads"] == zipfile.ZIP_STORED
    assert kinds["record.json"] == zipfile.ZIP_DEFLATED
