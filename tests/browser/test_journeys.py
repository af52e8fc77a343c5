"""The four journeys, as people take them, in Debian's chromium."""

import io
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.models import Case, Document
from documents.models import DocumentJob
from tests.factories import (
    EXE_BYTES,
    coordinator,
    editor,
    image_bytes,
    pdf_bytes,
    submit_case,
    supervisor,
)

from .conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


def link_from_outbox(fragment: str) -> str:
    for message in reversed(mail.outbox):
        for line in message.body.splitlines():
            if fragment in line:
                return line.strip().replace("http://testserver", "")
    raise AssertionError(f"no e-mail with {fragment}")


def next_step(page):
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("viewport", "language", "send_button", "received"),
    [
        (PHONE, "en", "Send these files", "We received 1 file"),
        (DESKTOP, "es", "Enviar estos archivos", "Hemos recibido 1 archivo"),
    ],
    ids=["phone-english", "desktop-spanish"],
)
def test_a_family_completes_the_inquiry(
    new_page, shot, tmp_path, viewport, language, send_button, received, celery_worker_thread
):
    name = "phone" if viewport is PHONE else "desktop"
    scan_pdf = tmp_path / "pathology.pdf"
    scan_pdf.write_bytes(pdf_bytes(2))
    photo = tmp_path / "scan-photo.jpg"
    photo.write_bytes(image_bytes("JPEG", (120, 80)))
    bad = tmp_path / "setup.exe"
    bad.write_bytes(EXE_BYTES)

    page = new_page(viewport)
    page.goto(page.base + "/inquiry/")
    shot(page, f"family-{name}-1-start")
    page.get_by_role("link", name="Start").click()

    page.check('input[name="about-role"][value="family"]')
    page.fill("#id_about-full_name", "Maria Lopez")
    page.fill("#id_about-email", "maria@example.org")
    page.fill("#id_about-phone", "+34 612 345 678")
    page.select_option("#id_about-country", "ES")
    page.select_option("#id_about-preferred_language", language)
    page.check('input[name="about-contact_method"][value="email"]')
    page.select_option("#id_about-time_zone", "Europe/Madrid")
    shot(page, f"family-{name}-2-about")
    next_step(page)

    page.fill("#id_patient-full_name", "Carmen Lopez")
    page.fill("#id_patient-date_of_birth", "1958-02-11")
    page.check('input[name="patient-sex"][value="female"]')
    page.select_option("#id_patient-country_of_residence", "ES")
    page.fill("#id_patient-current_location", "At home in Sevilla")
    next_step(page)

    page.select_option("#id_diagnosis-condition", "dlbcl")
    page.fill("#id_diagnosis-diagnosed_on", "2024-05-01")
    page.check('input[name="diagnosis-relapsed_or_refractory"][value="yes"]')
    page.check('input[name="diagnosis-ecog"][value="1"]')
    page.check('input[name="diagnosis-urgency"][value="soon"]')
    next_step(page)

    add = page.get_by_role("button", name="Add a treatment")
    for index, (kind, regimen) in enumerate([("chemotherapy", "R-CHOP"), ("car_t", "CD19 CAR-T")]):
        add.click()
        page.select_option(f"#id_treatment-{index}-kind", kind)
        page.fill(f"#id_treatment-{index}-regimen", regimen)
        page.select_option(f"#id_treatment-{index}-best_response", "partial")
    shot(page, f"family-{name}-3-treatment")
    next_step(page)

    page.set_input_files("#id_reports-files", [str(scan_pdf), str(photo)])
    page.select_option("#id_reports-category", "pathology")
    page.get_by_role("button", name="Attach these files").click()
    page.wait_for_load_state()
    assert page.locator(".staged-uploads strong", has_text="pathology.pdf").is_visible()
    page.set_input_files("#id_reports-files", [str(bad)])
    page.select_option("#id_reports-category", "other")
    page.get_by_role("button", name="Attach these files").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "setup.exe is not a PDF, JPEG, PNG, TIFF or DICOM file"
    ).first.is_visible()
    shot(page, f"family-{name}-4-refused-file")

    # Save and come back later, on another device.
    page.get_by_role("button", name="Save and continue later").click()
    page.wait_for_load_state()
    page.fill("#id_email", "maria@example.org")
    page.get_by_role("button", name="E-mail me the link").click()
    page.wait_for_load_state()
    assert "We have e-mailed you a link" in page.content()
    other = new_page(viewport)
    _wait_for(lambda: any("/inquiry/resume/" in m.body for m in mail.outbox))
    other.goto(other.base + link_from_outbox("/inquiry/resume/"))
    assert other.locator(".staged-uploads strong", has_text="scan-photo.jpg").is_visible()
    next_step(other)

    other.check('input[name="help-help_topics"][value="clinical_trials"]')
    other.fill("#id_help-help_details", "We would like to understand donor CAR-T options.")
    other.check("#id_help-consent_data")
    other.check("#id_help-acknowledge_no_guarantee")
    next_step(other)

    assert "Carmen Lopez" in other.content() and "CD19 CAR-T" in other.content()
    shot(other, f"family-{name}-5-review")
    other.get_by_role("button", name="Send the inquiry").click()
    other.wait_for_load_state()
    reference = re.search(r"NAV-\d{4}-\d{6}", other.locator(".case-reference").inner_text()).group()
    shot(other, f"family-{name}-6-submitted")
    case = Case.objects.get(reference=reference)
    assert case.documents.count() == 2 and case.treatments.count() == 2

    # The status page, from the e-mailed link, takes one more report.
    status = new_page(viewport)
    _wait_for(lambda: any(reference in m.subject for m in mail.outbox))
    status.goto(status.base + link_from_outbox("/status/"))
    assert reference in status.content()
    status.set_input_files("#id_files", [str(scan_pdf)])
    status.select_option("#id_category", "imaging")
    status.get_by_role("button", name=send_button).click()  # in the family's language
    status.wait_for_load_state()
    assert received in status.content()
    shot(status, f"family-{name}-7-status-page")
    assert Document.objects.filter(case=case, source="family").count() == 1


def _wait_for(predicate, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(page, user, device):
    page.goto(page.base + "/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("#id_code", f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_a_coordinator_works_a_case_and_downloads_its_summary(new_page, shot, celery_worker_thread):
    alice = coordinator("alice", languages=["es", "en"])
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    page = new_page()
    sign_in(page, alice, enrolled(alice))
    page.select_option("#id_status", "new")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    shot(page, "coordinator-1-queue")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_load_state()
    page.fill("#id_body", "Called the family; records from the hospital are on their way.")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_load_state()
    page.select_option("#id_to", "in_review")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Generate summary").click()
    page.wait_for_load_state()
    download_link = page.locator("#jobs-panel").get_by_role("link", name="Download")
    download_link.wait_for(timeout=60_000)  # htmx polling shows it when the worker is done
    shot(page, "coordinator-2-workspace")
    with page.expect_download() as info:
        download_link.first.click()
    data = open(info.value.path(), "rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert case.reference in text
    case.refresh_from_db()
    assert case.status == "in_review" and case.notes.count() == 1


def test_a_supervisor_reassigns_and_reads_the_audit_trail(new_page, shot):
    boss = supervisor("boss")
    alice, bob = coordinator("alice"), coordinator("bob")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    page = new_page()
    sign_in(page, boss, enrolled(boss))
    page.goto(page.base + f"/cases/{case.reference}/")
    page.select_option("#id_coordinator", str(bob.pk))
    page.fill("#id_reason", "alice is on leave next week")
    page.get_by_role("button", name="Reassign").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.coordinator == bob
    page.get_by_role("link", name="Audit trail").click()
    page.fill("#f-case", case.reference)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    table = page.locator("table.audit-table").inner_text()
    assert "Case viewed" in table and "Case assigned" in table
    shot(page, "supervisor-audit-trail")
    assert AuditEvent.objects.filter(actor_username="boss", action="assigned").exists()


def test_editors_review_an_article_and_the_public_gets_it(new_page, shot):
    writer, reviewer = editor("writer"), editor("reviewer")
    for user in (writer, reviewer):
        user.is_staff = True
        user.save()
    page = new_page()
    sign_in(page, writer, enrolled(writer))
    page.goto(page.base + "/admin/content/article/add/")
    page.fill("#id_slug", "travel-tips")
    page.fill("#id_title", "Travelling for treatment")
    page.fill("#id_summary", "Practical advice for families who travel.")
    page.fill(
        "#id_body",
        "## Practical advice\n\nBook flexible tickets. Your son is eligible for the trial.",
    )
    page.select_option("#id_topics", label="Travelling for treatment")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()

    second = new_page()
    sign_in(second, reviewer, enrolled(reviewer))
    from content.models import Article

    article = Article.objects.get(slug="travel-tips")
    second.goto(second.base + f"/admin/content/article/{article.pk}/publish/")
    second.get_by_role("button", name="Approve and publish").click()
    second.wait_for_load_state()
    assert "Your son is eligible for the trial" in second.content()
    shot(second, "editor-1-publish-refused")

    page.goto(page.base + f"/admin/content/article/{article.pk}/change/")
    page.fill(
        "#id_body",
        "## Practical advice\n\nBook flexible tickets. The hospital decides who can join a trial.",
    )
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    second.goto(second.base + f"/admin/content/article/{article.pk}/publish/")
    second.get_by_role("button", name="Approve and publish").click()
    second.wait_for_load_state()

    public = new_page(PHONE)
    public.goto(public.base + "/learn/travel-tips/")
    assert "Book flexible tickets" in public.content() and "eligible" not in public.content()
    shot(public, "editor-2-public-article")
    with public.expect_download() as info:
        public.get_by_role("link", name="Download as PDF").click()
    assert open(info.value.path(), "rb").read().startswith(b"%PDF")
    assert DocumentJob.objects.filter(kind="article_handout").count() == 1
