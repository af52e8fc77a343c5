"""Files in an S3-compatible bucket (moto's standalone server, a real HTTP server started by
the tests): every path that stores, reads, copies, hands out or deletes a file, with the
local upload directory left empty."""

import io
import logging
import urllib.error
import urllib.request
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from cases import retention
from cases.models import Case, Document
from core import storage, uploads
from documents import services as documents
from documents.models import DocumentJob
from intake import services as intake_services
from tests.cases.test_scanning import CLEAN, MARKED, clamd_address  # noqa: F401 - a fixture
from tests.factories import (
    complete_inquiry,
    coordinator,
    make_document,
    pdf_bytes,
    pdf_upload,
    submit_case,
    supervisor,
    upload,
)
from tests.support import free_port, s3_storage_settings

pytestmark = pytest.mark.django_db


def local_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def assigned_case(user):
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=user)
    return case


def stored_report(case, content: bytes, name="pathology.pdf") -> Document:
    checked = uploads.check_upload(upload(name, content, "application/pdf"))
    (stored,) = uploads.store_files([checked])
    return make_document(
        case, file=stored, original_name=name, size=checked.size, sha256=checked.sha256
    )


def test_the_storage_is_the_bucket(s3_bucket):
    assert storage.uses_object_storage()
    assert storage.describe().startswith(f"bucket {s3_bucket.name} at http://127.0.0.1:")


def test_a_family_upload_from_the_status_page_lands_in_the_bucket_encrypted(
    client, s3_bucket, _private_upload_root
):
    case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    content = pdf_bytes(2, text="status page upload")
    response = client.post(
        reverse("intake:status", kwargs={"token": token}),
        {"files": [upload("later.pdf", content, "application/pdf")], "category": "imaging"},
    )
    assert response.status_code in (200, 302)
    document = case.documents.get()
    assert s3_bucket.keys() == [document.file.name]
    assert s3_bucket.read(document.file.name) == content
    head = s3_bucket.head(document.file.name)
    assert head["ServerSideEncryption"] == "AES256"
    assert not local_files(_private_upload_root)


def test_inquiry_uploads_wait_in_the_bucket_and_become_the_case_documents(
    client, s3_bucket, _private_upload_root
):
    content = pdf_bytes(3, text="inquiry upload")
    complete_inquiry(client, files=[upload("biopsy.pdf", content, "application/pdf")])
    document = Document.objects.get(original_name="biopsy.pdf")
    assert s3_bucket.keys() == [document.file.name]  # moved by name, not copied
    assert s3_bucket.read(document.file.name) == content
    assert not local_files(_private_upload_root)


def test_a_coordinator_download_streams_from_the_bucket_after_the_access_check(
    signed_in, s3_bucket, _private_upload_root
):
    alice = coordinator("alice")
    case = assigned_case(alice)
    content = pdf_bytes(2, text="download me")
    document = stored_report(case, content, name="Informe de anatomía.pdf")
    url = reverse("cases:document_download", args=[case.reference, document.pk])

    response = signed_in(Client(), alice).get(url)
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Informe%20de%20anatom%C3%ADa.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="document_downloaded", object_id=document.pk).exists()

    # Someone else's coordinator gets the audited 404 and no byte of the file.
    bob = coordinator("bob")
    refused = signed_in(Client(), bob).get(url)
    assert refused.status_code == 404 and content not in refused.content


def test_presigned_downloads_redirect_after_the_check_to_a_url_that_expires_soon(
    signed_in, s3_bucket, settings
):
    settings.NAVIGATOR_S3_PRESIGNED_DOWNLOADS = True
    alice = coordinator("alice")
    case = assigned_case(alice)
    content = pdf_bytes(1, text="presigned")
    document = stored_report(case, content, name="scan résumé.pdf")
    url = reverse("cases:document_download", args=[case.reference, document.pk])

    response = signed_in(Client(), alice).get(url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "navigator-test-secret" not in location
    assert AuditEvent.objects.filter(action="document_downloaded", object_id=document.pk).exists()

    # The bucket itself answers the presigned URL, with our download's headers.
    with urllib.request.urlopen(location, timeout=10) as answer:  # noqa: S310 - our moto server
        assert answer.read() == content
        assert answer.headers["Content-Disposition"].startswith("attachment;")
        assert "r%C3%A9sum%C3%A9.pdf" in answer.headers["Content-Disposition"]
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Cache-Control"] == "no-store"

    # Without the signature the bucket refuses: objects are private.
    bare = f"{urlsplit(location).scheme}://{urlsplit(location).netloc}{urlsplit(location).path}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bare, timeout=10)  # noqa: S310
    assert refused.value.code == 403

    # A coordinator who may not see the case gets no URL at all.
    other = signed_in(Client(), coordinator("bob")).get(url)
    assert other.status_code == 404 and "Location" not in other


def test_the_worker_renders_the_summary_into_the_bucket_and_staff_download_it(
    signed_in, s3_bucket, _private_upload_root
):
    alice = coordinator("alice")
    case = assigned_case(alice)
    job = documents.job_request_case_summary(case=case, by=alice)
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.READY
    assert s3_bucket.keys() == [job.file.name]
    stored = s3_bucket.read(job.file.name)
    assert case.reference in PdfReader(io.BytesIO(stored)).pages[0].extract_text()

    response = signed_in(Client(), alice).get(
        reverse("documents:job_download", args=[case.reference, job.pk])
    )
    assert b"".join(response.streaming_content) == stored
    # Rendering again (a duplicate delivery) leaves one object.
    documents.job_render(job_id=job.pk)
    assert s3_bucket.keys() == [job.file.name]
    assert not local_files(_private_upload_root)


def test_retention_deletes_the_objects_of_an_anonymised_case(
    s3_bucket, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    alice = coordinator("alice")
    case = submit_case()
    stored_report(case, pdf_bytes(1))
    job = documents.job_request_case_summary(case=case, by=alice)
    documents.job_render(job_id=job.pk)
    keep = stored_report(submit_case(), pdf_bytes(1))  # another case's file stays
    assert len(s3_bucket.keys()) == 3
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED,
        close_reason="information_provided",
        closed_at=timezone.now() - timedelta(days=800),
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.cases_anonymise_closed()
    assert result.files_deleted == 2
    assert s3_bucket.keys() == [keep.file.name]


def test_the_export_zip_streams_the_objects_out_of_the_bucket(signed_in, s3_bucket):
    case = submit_case()
    content = pdf_bytes(2, text="export")
    document = stored_report(case, content)
    job = documents.job_request_case_summary(case=case, by=coordinator("alice"))
    documents.job_render(job_id=job.pk)
    client = signed_in(Client(), supervisor("boss"))
    response = client.get(reverse("cases:case_export", args=[case.reference]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read(f"uploads/{document.pk}-pathology.pdf") == content
    job.refresh_from_db()
    assert archive.read(f"generated/{job.download_name}") == s3_bucket.read(job.file.name)


def test_a_failed_upload_to_the_bucket_keeps_nothing_and_says_why(
    client, s3_bucket, settings, _private_upload_root, caplog
):
    case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    # The bucket stops answering: nothing listens on this port.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_settings(
            endpoint=f"http://127.0.0.1:{free_port()}", bucket=s3_bucket.name, connect_timeout=1
        ),
    }
    with caplog.at_level(logging.ERROR):
        response = client.post(
            reverse("intake:status", kwargs={"token": token}),
            {"files": [pdf_upload("a.pdf"), pdf_upload("b.pdf")], "category": "imaging"},
        )
    assert response.status_code == 200
    assert "We could not store your files just now" in response.content.decode()
    assert not case.documents.exists()
    assert s3_bucket.keys() == [] and not local_files(_private_upload_root)
    assert "uploads could not be stored" in caplog.text


def test_an_unreachable_bucket_is_a_503_for_downloads_and_shows_in_healthz(
    signed_in, s3_bucket, settings, client
):
    alice = coordinator("alice")
    case = assigned_case(alice)
    document = stored_report(case, pdf_bytes(1))
    assert client.get("/healthz").json()["checks"]["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_settings(
            endpoint=f"http://127.0.0.1:{free_port()}", bucket=s3_bucket.name, connect_timeout=1
        ),
    }
    response = signed_in(Client(), alice).get(
        reverse("cases:document_download", args=[case.reference, document.pk])
    )
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    health = client.get("/healthz")
    # Reported, but every replica shares the bucket: the load balancer keeps them all.
    assert health.status_code == 200 and health.json()["checks"]["storage"] == "error"


def test_a_row_whose_object_is_gone_is_a_logged_404(signed_in, s3_bucket, caplog):
    alice = coordinator("alice")
    case = assigned_case(alice)
    document = stored_report(case, pdf_bytes(1))
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=document.file.name)
    with caplog.at_level(logging.ERROR):
        response = signed_in(Client(), alice).get(
            reverse("cases:document_download", args=[case.reference, document.pk])
        )
    assert response.status_code == 404
    assert f"stored file {document.file.name} is missing" in caplog.text


def test_copy_stays_inside_the_bucket_and_streams_read_in_pieces(s3_bucket):
    name = default_storage.save("reports/aa/original", io.BytesIO(b"x" * 300_000))
    copied = storage.copy(name, f"quarantine/{name}")
    assert copied == f"quarantine/{name}"
    assert s3_bucket.head(copied)["ServerSideEncryption"] == "AES256"
    with storage.open_stream(copied) as stream:
        assert stream.size == 300_000
        assert len(stream.read(65536)) == 65536
    with pytest.raises(FileNotFoundError):
        storage.open_stream("reports/zz/none")
    assert storage.delete_quietly([name, copied]) == []
    assert s3_bucket.keys() == []


def test_check_storage_finds_missing_altered_and_orphaned_files(s3_bucket):
    from django.core.management import call_command

    case = submit_case()
    fine = stored_report(case, pdf_bytes(1, text="fine"))
    gone = stored_report(case, pdf_bytes(1, text="gone"))
    altered = stored_report(case, pdf_bytes(1, text="altered"))
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=gone.file.name)
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=altered.file.name, Body=b"%PDF-other")
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key="reports/ff/stray", Body=b"x")

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as failed:
        call_command("check_storage", "--checksums", "--orphans", stdout=out, stderr=err)
    assert failed.value.code == 1
    assert f"bucket {s3_bucket.name}" in out.getvalue()
    assert "Write, read and delete: ok." in out.getvalue()
    assert f"cases.Document.file #{gone.pk}: {gone.file.name} is missing." in err.getvalue()
    assert f"#{altered.pk}: {altered.file.name} fails its SHA-256 check." in err.getvalue()
    assert f"#{fine.pk}" not in err.getvalue()
    assert "Not named by any row: reports/ff/stray" in out.getvalue()
    assert "2 problem(s) found." in err.getvalue()
    assert "pathology.pdf" not in out.getvalue() + err.getvalue()  # no family file names
    left = sorted([fine.file.name, altered.file.name, "reports/ff/stray"])
    assert s3_bucket.keys() == left  # the check changes nothing


def test_check_storage_passes_on_local_disk_too(_private_upload_root):
    from django.core.management import call_command

    stored_report(submit_case(), pdf_bytes(1))
    out = io.StringIO()
    call_command("check_storage", "--sizes", "--checksums", "--orphans", stdout=out)
    assert "local directory" in out.getvalue() and "No problems found." in out.getvalue()
    assert "cases.Document.file: 1 file(s) checked." in out.getvalue()


def test_an_upload_in_the_bucket_is_scanned_by_stream_and_quarantined_inside_it(
    clamd_address,  # noqa: F811 - the fixture imported above
    settings,
    s3_bucket,
    django_capture_on_commit_callbacks,
):
    from cases import scanning

    settings.CLAMD_ADDRESS = clamd_address
    case = submit_case()
    clean = stored_report(case, CLEAN, name="clean.pdf")
    marked = stored_report(case, MARKED, name="marked.pdf")
    Document.objects.filter(pk__in=[clean.pk, marked.pk]).update(scan_status="pending")
    assert scanning.document_scan(document_id=clean.pk) == "clean"
    with django_capture_on_commit_callbacks(execute=True):
        assert scanning.document_scan(document_id=marked.pk) == "infected"
    marked.refresh_from_db()
    assert marked.file.name.startswith("quarantine/")
    assert s3_bucket.keys() == sorted([clean.file.name, marked.file.name])
    assert s3_bucket.read(marked.file.name) == MARKED
