"""Virus scanning through a real clamd (Debian's clamav-daemon) with a signature database
the test builds itself: an MD5 signature of a harmless PDF (no downloads are possible)."""

import hashlib
import shutil
import subprocess
import time

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from cases import scanning, services
from cases.models import Case, Document
from intake import services as intake_services
from tests.conftest import REQUIRE_SERVICES
from tests.factories import coordinator, pdf_bytes, submit_case, upload

MARKED = pdf_bytes(1, text="NAVIGATOR-HARMLESS-TEST-SIGNATURE")
CLEAN = pdf_bytes(2)


@pytest.fixture(scope="module")
def clamd_address(tmp_path_factory):
    binary = shutil.which("clamd") or (
        "/usr/sbin/clamd" if shutil.os.path.exists("/usr/sbin/clamd") else None
    )
    if not binary:
        if REQUIRE_SERVICES:
            pytest.fail("clamd is required (apt-get install clamav-daemon)")
        pytest.skip("clamd is not installed")
    root = tmp_path_factory.mktemp("clamd")
    (root / "db").mkdir()
    md5 = hashlib.md5(MARKED).hexdigest()  # noqa: S324 - clamd's own signature format
    (root / "db" / "navigator-test.hdb").write_text(
        f"{md5}:{len(MARKED)}:Navigator.Test.Harmless\n"
    )
    conf = root / "clamd.conf"
    conf.write_text(
        f"LocalSocket {root}/clamd.sock\nDatabaseDirectory {root}/db\nForeground yes\n"
        f"LogFile {root}/clamd.log\nPidFile {root}/clamd.pid\nTemporaryDirectory {root}\n"
        "Bytecode no\nStreamMaxLength 30M\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    socket_path = root / "clamd.sock"
    deadline = time.monotonic() + 90
    while not socket_path.exists() and time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"clamd stopped: {process.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)
    assert socket_path.exists(), "clamd did not start"
    yield f"unix://{socket_path}"
    process.terminate()
    process.wait(20)


def test_the_client_tells_clean_from_infected(clamd_address):
    import io

    assert scanning.scan_stream(io.BytesIO(CLEAN), address=clamd_address) is None
    found = scanning.scan_stream(io.BytesIO(MARKED), address=clamd_address)
    assert found and "Navigator.Test.Harmless" in found


@pytest.mark.django_db
def test_an_infected_family_upload_is_quarantined_and_the_family_told(
    clamd_address, settings, signed_in, _private_upload_root, django_capture_on_commit_callbacks
):
    settings.CLAMD_ADDRESS = clamd_address
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    token = intake_services.case_issue_status_link(case=case)
    family = Client()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        family.post(
            reverse("intake:status", args=[token]),
            {
                "files": [
                    upload("scan.pdf", MARKED, "application/pdf"),
                    upload("clean.pdf", CLEAN, "application/pdf"),
                ],
                "category": "imaging",
            },
        )
    bad, good = Document.objects.filter(case=case).order_by("id")
    assert bad.scan_status == good.scan_status == "pending"
    staff = signed_in(Client(), alice)
    held = staff.get(reverse("cases:document_download", args=[case.reference, good.pk]))
    assert held.status_code == 302  # waiting for its scan: not downloadable yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.scan_status, good.scan_status) == ("infected", "clean")
    assert bad.file.name.startswith("quarantine/") and "Navigator.Test.Harmless" in bad.scan_detail
    assert default_storage.exists(bad.file.name)
    assert not (_private_upload_root / bad.file.name.removeprefix("quarantine/")).exists()
    assert (
        staff.get(reverse("cases:document_download", args=[case.reference, bad.pk])).status_code
        == 302
    )
    assert (
        staff.get(reverse("cases:document_download", args=[case.reference, good.pk])).status_code
        == 200
    )
    page = family.get(reverse("intake:status", args=[token])).content.decode()
    assert "please send another copy" in page.lower()
    refused = [m for m in mail.outbox if "another copy" in m.subject]
    assert len(refused) == 1 and "scan.pdf" in refused[0].body


@pytest.mark.django_db
def test_without_a_scanner_files_are_usable_at_once(settings):
    settings.CLAMD_ADDRESS = ""
    case = submit_case()
    from core import uploads

    documents = services.case_add_family_documents(
        case=case,
        checked=[uploads.check_upload(upload("a.pdf", CLEAN, "application/pdf"))],
        category="imaging",
    )
    assert documents[0].scan_status == "not_scanned" and documents[0].downloadable


@pytest.mark.django_db
def test_when_clamd_is_down_the_file_keeps_waiting(settings, tmp_path):
    settings.CLAMD_ADDRESS = f"unix://{tmp_path}/nobody-listens.sock"
    case = submit_case()
    from core import uploads

    (document,) = services.case_add_family_documents(
        case=case,
        checked=[uploads.check_upload(upload("a.pdf", CLEAN, "application/pdf"))],
        category="imaging",
    )
    with pytest.raises(scanning.ScannerUnavailableError):
        scanning.document_scan(document_id=document.pk)
    document.refresh_from_db()
    assert document.scan_status == "pending" and not document.downloadable
