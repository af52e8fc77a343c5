"""The referral packet against PostgreSQL, with real WeasyPrint PDFs read back with pypdf:
what the summary for a hospital's review says (and leaves out), when it is stale, the
sharing line stamped under every downloaded PDF page, and the single-download bundle."""

import io
import zipfile
from datetime import date
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Case, Document, Patient
from claims import gate
from documents import services as documents
from documents.models import DocumentJob
from referrals import consent, packet, services
from referrals.models import Referral
from referrals.packet_pdf import age_on
from tests.factories import (
    coordinator,
    image_bytes,
    make_document,
    make_partner,
    pdf_bytes,
    submit_case,
)
from tests.factories import supervisor as make_supervisor

pytestmark = pytest.mark.django_db
QUESTION = "The family would like the team to look at whether a screening visit is possible."
FINDINGS = "Second relapse after two lines of chemotherapy; FLT3-ITD positive."
FAMILY_WORDS = "His doctor in Madrid said he qualifies for CAR-T and will surely be cured."


@pytest.fixture
def coord(postgres):
    user = coordinator("coord.packet")
    user.first_name, user.last_name, user.email = "Marta", "Iglesias", "marta@navigator.example"
    user.save()
    return user


@pytest.fixture
def case(coord):
    case = submit_case(help_details=FAMILY_WORDS)
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    return Case.objects.get(pk=case.pk)


def stored_report(case, name, data, content_type, category="pathology", **extra):
    stored = default_storage.save(f"reports/test/{name}", ContentFile(data))
    return make_document(
        case,
        file=stored,
        original_name=name,
        content_type=content_type,
        category=category,
        size=len(data),
        **extra,
    )


@pytest.fixture
def reports(case):
    return [
        stored_report(case, "biopsy.pdf", pdf_bytes(2), "application/pdf", page_count=2),
        stored_report(case, "pet-scan.png", image_bytes("PNG"), "image/png", category="imaging"),
    ]


@pytest.fixture
def referral(case, coord, reports):
    _, contact = make_partner()
    consent.consent_give(case=case, organisation=contact.organisation, language="es")
    return services.referral_prepare(
        case=case,
        by=coord,
        contact=contact,
        question=QUESTION,
        key_findings=FINDINGS,
        reports=reports,
    )


def rendered(referral, by) -> DocumentJob:
    """Request the packet and render it here (the worker test renders it in a worker)."""
    job = packet.request_packet(referral=referral, by=by)
    return documents.job_render(job_id=job.pk)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_the_packet_is_made_for_a_hospitals_review(referral, coord, case):
    job = rendered(referral, coord)
    assert job.status == DocumentJob.Status.READY, job.last_error
    text = pdf_text(job.file.open("rb").read())
    today = timezone.localdate()
    born = date(1958, 3, 1)
    assert f"Age {age_on(born, today)} (born 1958)" in text
    assert "1 March 1958" not in text  # the age and birth year, not the whole date
    for expected in (
        "Referral for review",
        case.reference,
        QUESTION,
        FINDINGS,
        "Written by Marta Iglesias",
        "Dra. Elena Ruiz",  # who it is for
        "Hospital del Sol",
        "Marta Iglesias, patient navigation coordinator",  # and from
        "José García",
        "FLT3-ITD",
        "In the family's words",
        FAMILY_WORDS,
        "biopsy.pdf",
        "Pathology report",
        "pet-scan.png",
        "Imaging or scan report",
        "The decision on any consultation, treatment or clinical trial is Hospital del Sol's",
        "does not decide or guarantee eligibility",  # the footer, on every page (checked)
    ):
        assert expected in text, expected
    # Not the case summary: no library article disclaimer, nothing addressed to the family,
    # and none of the family's contact details.
    for absent in ("says nothing about any one patient", "Notes from the coordinator"):
        assert absent not in text
    assert "ana@example.org" not in text and "+34612345678" not in text
    assert set(job.inputs) >= {"patient", "wording", "reports", "family_words"}


def test_the_familys_words_never_stop_the_packet_but_ours_are_judged(referral, coord):
    # The family's words above read as a claim, and the packet is still made: they are
    # quoted and attributed. The coordinator's own wording is Navigator's and is judged.
    assert rendered(referral, coord).status == DocumentJob.Status.READY
    Referral.objects.filter(pk=referral.pk).update(
        key_findings="He is eligible for your trial and will be cured."
    )
    job = rendered(Referral.objects.get(pk=referral.pk), coord)
    assert job.status == DocumentJob.Status.FAILED
    assert "claims gate flagged" in job.last_error and "eligible" in job.last_error


def test_wording_a_supervisor_approved_is_printed_as_the_coordinators(referral, coord):
    flagged = "He is eligible for your trial and will be cured."
    # As referral_send leaves a draft whose wording the gate flagged.
    Referral.objects.filter(pk=referral.pk).update(
        key_findings=flagged, flags=[{"sentence": flagged, "reason": "promise"}]
    )
    services.referral_approve_wording(
        referral=Referral.objects.get(pk=referral.pk), by=make_supervisor(), reason="quoted"
    )
    job = rendered(Referral.objects.get(pk=referral.pk), coord)
    assert job.status == DocumentJob.Status.READY, job.last_error
    assert flagged in pdf_text(job.file.open("rb").read())


def test_a_packet_is_stale_once_the_case_or_the_referral_changes(referral, coord, case):
    assert not packet.is_stale(referral) and packet.state(referral) == "missing"
    rendered(referral, coord)
    referral.refresh_from_db()
    assert not packet.is_stale(referral) and packet.state(referral) == "ready"
    packet.check_ready(referral)

    Referral.objects.filter(pk=referral.pk).update(question=QUESTION + " Also the MRD result.")
    referral.refresh_from_db()
    assert packet.is_stale(referral) and packet.state(referral) == "stale"
    with pytest.raises(services.ReferralRefusedError, match="out of date: the referral question"):
        packet.check_ready(referral)

    rendered(referral, coord)
    referral.refresh_from_db()
    assert not packet.is_stale(referral)
    referral.reports.remove(referral.reports.first())
    Patient.objects.filter(case=case).update(current_location="At home in Toledo")
    with pytest.raises(services.ReferralRefusedError) as refused:
        packet.check_ready(referral)
    assert "the patient's details" in str(refused.value)
    assert "the reports chosen" in str(refused.value)


def test_a_birthday_makes_an_older_packet_stale(referral, coord):
    rendered(referral, coord)
    referral.refresh_from_db()
    later = date(timezone.localdate().year + 1, 3, 2)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert packet.stale_parts(referral) == ["the patient's details"]


def test_a_change_while_the_packet_waits_for_the_worker_shows_too(referral, coord):
    packet.request_packet(referral=referral, by=coord)
    referral.refresh_from_db()
    assert packet.state(referral) == "rendering"
    Referral.objects.filter(pk=referral.pk).update(key_findings="Newer findings.")
    referral.refresh_from_db()
    assert packet.is_stale(referral)


def test_sending_a_stale_packet_is_refused_and_nothing_changes(referral, coord):
    rendered(referral, coord)
    Referral.objects.filter(pk=referral.pk).update(question="A different question.")
    referral.refresh_from_db()
    with pytest.raises(services.ReferralRefusedError, match="out of date"):
        services.referral_send(referral=referral, by=coord)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT and not referral.portal_links.exists()
    rendered(referral, coord)
    services.referral_send(referral=Referral.objects.get(pk=referral.pk), by=coord)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.REQUESTED


def test_a_report_awaiting_its_virus_scan_is_neither_listed_nor_sent(referral, coord, reports):
    rendered(referral, coord)
    Document.objects.filter(pk=reports[0].pk).update(scan_status="pending")
    referral.refresh_from_db()
    assert [f.key for f in packet.files_for(referral)] == ["summary", f"report-{reports[1].pk}"]
    with pytest.raises(services.ReferralRefusedError, match="virus scan"):
        packet.check_ready(referral)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_every_downloaded_pdf_carries_the_sharing_line(referral, coord, reports, case):
    rendered(referral, coord)
    referral.refresh_from_db()
    line = (
        f"Shared with Dra. Elena Ruiz, Hospital del Sol, on {timezone.localdate():%-d %B %Y} "
        f"by Navigator for review; case {case.reference}"
    )
    original = reports[0].file.open("rb").read()
    for key, pages in (("summary", None), (f"report-{reports[0].pk}", 2)):
        response = packet.download(referral, key, recipient="Dra. Elena Ruiz")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "no-store"
        reader = PdfReader(io.BytesIO(downloaded(response)))
        if pages:
            assert len(reader.pages) == pages
        for page in reader.pages:
            assert line in " ".join(page.extract_text().split())
            # The line sits in a band added under the page, never over the page's content.
            assert float(page.mediabox.bottom) < 0
        assert reader.metadata["/Subject"] == line
    # The stored report is untouched: the line is added to the copy handed out.
    assert reports[0].file.open("rb").read() == original


def test_an_image_is_handed_out_exactly_as_the_family_sent_it(referral, coord, reports):
    response = packet.download(referral, f"report-{reports[1].pk}", recipient="Dra. Elena Ruiz")
    assert response["Content-Type"] == "image/png"
    assert downloaded(response) == reports[1].file.open("rb").read()
    assert packet.download(referral, "report-999999", recipient="x") is None


def test_the_bundle_is_one_zip_with_a_contents_list_each_file_named_and_dated(
    referral, coord, reports, case
):
    job = rendered(referral, coord)
    referral.refresh_from_db()
    response = packet.bundle_download(referral, recipient="Dra. Elena Ruiz")
    assert response.streaming and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(downloaded(response)))
    assert archive.testzip() is None
    names = archive.namelist()
    summary_day = timezone.localtime(job.finished_at).date()
    report_day = timezone.localtime(reports[0].uploaded_at).date()
    assert names == [
        "00 Contents.txt",
        f"01 Case summary for review {summary_day:%Y-%m-%d}.pdf",
        f"02 Pathology report {report_day:%Y-%m-%d} biopsy.pdf",
        f"03 Imaging or scan report {report_day:%Y-%m-%d} pet-scan.png",
    ]
    contents = archive.read("00 Contents.txt").decode("utf-8")
    for name in names[1:]:
        assert name in contents
    assert "Shared with Dra. Elena Ruiz, Hospital del Sol" in contents
    for name in names[1:3]:
        assert "by Navigator for review" in pdf_text(archive.read(name))
    assert archive.read(names[3]) == reports[1].file.open("rb").read()


def test_the_contents_list_passes_the_claims_gate(referral):
    own = "\n".join(
        [
            packet.CONTENTS_HEAD.format(reference="NAV-2026-000001"),
            packet.CONTENTS_IMAGES,
            packet.CONTENTS_DECISION.format(organisation="Hospital del Sol"),
        ]
    )
    assert gate.check(own, channel=gate.Channel.PARTNER_EMAIL, language="en").passed


def test_nothing_to_bundle_is_none(case, coord):
    _, contact = make_partner("Clínica Norte")
    empty = services.referral_prepare(case=case, by=coord, contact=contact, question=QUESTION)
    assert packet.bundle_download(empty, recipient="x") is None
