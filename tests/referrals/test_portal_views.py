"""The partner's review portal through HTTP: the same 404 for every unusable link, the
code on a new device and the cookie that remembers it, the packet and its audited
downloads, a partner seeing only their own referral, and the structured answer."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from referrals import portal
from referrals.models import PortalDevice, PortalLink, Referral, ReferralResponse
from tests.cases.test_scanning import CLEAN, MARKED, clamd_address  # noqa: F401 - fixture
from tests.factories import pdf_upload, png_upload, upload

from .portal_helpers import FINDINGS, QUESTION, last_code, prove_device, send_referral

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (Hospital workstation)"


@pytest.fixture
def sent(postgres, django_capture_on_commit_callbacks):
    return send_referral(django_capture_on_commit_callbacks, language="en")


def partner_client() -> Client:
    return Client(HTTP_USER_AGENT=UA, REMOTE_ADDR="198.51.100.7")


def test_wrong_expired_revoked_and_locked_links_are_the_same_plain_404(sent):
    referral, token = sent
    client = partner_client()
    wrong = "x" * len(token)
    bodies = set()

    def body(response, path) -> bytes:
        # The page names its own address (language switcher) and a masked CSRF token.
        content = response.content.replace(path.encode(), b"PATH")
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"CSRF", content)

    for path in ("/partner/{t}/", "/partner/{t}/files/summary/"):
        response = client.get(path.format(t=wrong))
        assert response.status_code == 404
        bodies.add(body(response, path.format(t=wrong)))
    link = PortalLink.objects.get(referral=referral)
    for change in (
        {"expires_at": timezone.now() - timedelta(seconds=1)},
        {"revoked_at": timezone.now()},
        {"locked_at": timezone.now()},
    ):
        PortalLink.objects.filter(pk=link.pk).update(**change)
        for path in ("/partner/{t}/", "/partner/{t}/files/summary/"):
            response = client.get(path.format(t=token))
            assert response.status_code == 404, change
            bodies.add(body(response, path.format(t=token)))
        response = client.post(f"/partner/{token}/code/", {"action": "send"})
        assert response.status_code == 404
        PortalLink.objects.filter(pk=link.pk).update(
            expires_at=link.expires_at, revoked_at=None, locked_at=None
        )
    assert len(bodies) == 1  # nothing tells one reason from another


def test_a_new_device_is_asked_for_a_code_and_sees_nothing_of_the_case(sent):
    referral, token = sent
    client = partner_client()
    page = client.get(f"/partner/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirm it is you" in html and referral.case.reference in html
    assert QUESTION not in html and FINDINGS not in html
    assert "no-store" in page["Cache-Control"]
    assert "Content-Security-Policy" in page
    download = client.get(f"/partner/{token}/files/report-1/")
    assert download.status_code == 302  # back to the code page, nothing sent
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.REQUESTED
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PORTAL_OPENED).exists()


def test_the_right_code_sets_a_private_path_scoped_cookie_and_opens_the_packet(sent, settings):
    referral, token = sent
    client = partner_client()
    client.post(f"/partner/{token}/code/", {"action": "send"})
    code_mail = mail.outbox[-1]
    assert code_mail.to == [referral.contact_email]
    response = client.post(
        f"/partner/{token}/code/", {"action": "verify", "code": last_code(referral.contact_email)}
    )
    assert response.status_code == 302
    cookie = response.cookies[portal.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == f"/partner/{token}/"
    assert bool(cookie["secure"]) == settings.SESSION_COOKIE_SECURE
    assert PortalDevice.objects.get().device_hash != cookie.value  # only the hash is kept
    page = client.get(f"/partner/{token}/")
    html = page.content.decode()
    assert QUESTION in html and FINDINGS in html
    assert "marrow-" in html  # the ticked report is listed
    # First open: received, audited as the partner with their address and browser.
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED
    opened = AuditEvent.objects.get(action=AuditEvent.Action.PORTAL_OPENED)
    assert opened.actor_username == f"partner:{referral.contact_email}"
    assert opened.ip_address == "198.51.100.7" and opened.user_agent == UA
    # A second visit does not ask again, and does not move the referral again.
    client.get(f"/partner/{token}/")
    assert referral.transitions.filter(to_status=Referral.Status.RECEIVED).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PORTAL_OPENED).count() == 2


def test_the_page_names_the_coordinator_to_write_to_and_no_family_navigation(sent):
    referral, token = sent
    coordinator = referral.created_by
    coordinator.first_name, coordinator.last_name = "Alicia", "Moreno"
    coordinator.email = "alicia@navigator.example"
    coordinator.save()
    client = partner_client()
    code_page = client.get(f"/partner/{token}/").content.decode()
    prove_device(client, token, referral.contact_email)
    html = client.get(f"/partner/{token}/").content.decode()
    # Who sent it, and where to write ("Please write to the coordinator" needs an address).
    assert "Sent by Alicia Moreno, patient navigation coordinator." in html
    assert 'href="mailto:alicia@navigator.example"' in html
    for page in (code_page, html):  # a hospital's page, not the family's site
        assert "/status/" not in page and "/inquiry/" not in page


def test_a_wrong_code_says_how_many_tries_are_left_and_the_fifth_locks(sent):
    referral, token = sent
    client = partner_client()
    client.post(f"/partner/{token}/code/", {"action": "send"})
    right = last_code(referral.contact_email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    first = client.post(f"/partner/{token}/code/", {"action": "verify", "code": wrong})
    assert first.status_code == 400 and "4 tries left" in first.content.decode()
    for _ in range(3):
        client.post(f"/partner/{token}/code/", {"action": "verify", "code": wrong})
    fifth = client.post(f"/partner/{token}/code/", {"action": "verify", "code": wrong})
    assert fifth.status_code == 403 and "locked" in fifth.content.decode()
    assert client.get(f"/partner/{token}/").status_code == 404
    assert (
        client.post(f"/partner/{token}/code/", {"action": "verify", "code": right}).status_code
        == 404
    )


def test_the_code_form_is_rate_limited(sent, settings):
    referral, token = sent
    settings.NAVIGATOR_RATES = {**settings.NAVIGATOR_RATES, "portal_code": "3/h"}
    client = partner_client()
    statuses = [
        client.post(f"/partner/{token}/code/", {"action": "verify", "code": "12345"}).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_downloads_are_audited_as_the_partner_and_only_what_was_sent(
    sent, django_capture_on_commit_callbacks
):
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    report = referral.reports.get()
    response = client.get(f"/partner/{token}/files/report-{report.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditEvent.Action.PORTAL_DOWNLOADED)
    assert event.actor_username == f"partner:{referral.contact_email}"
    assert event.object_id == f"report-{report.pk}" and event.ip_address == "198.51.100.7"
    # Another referral's report (another case, another partner): the same 404, audited.
    other, other_token = send_referral(
        django_capture_on_commit_callbacks, name="Clinica Norte", language="en"
    )
    other_report = other.reports.get()
    assert client.get(f"/partner/{token}/files/report-{other_report.pk}/").status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, object_id=f"report-{other_report.pk}"
    ).exists()
    # This browser's cookie is for the first link only: the second asks for a code.
    assert "Confirm it is you" in client.get(f"/partner/{other_token}/").content.decode()
    assert client.get(f"/partner/{other_token}/files/report-{other_report.pk}/").status_code == 302


def answer_data(**extra):
    data = {
        "kind": ReferralResponse.Kind.MORE_INFORMATION,
        "requested_records": "Bone marrow biopsy from October; latest MRD result.",
        "message": "Gracias. Necesitamos estos informes antes de revisar el caso.",
        "responder_name": "Dra. Elena Ruiz",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update(extra)
    return data


def test_more_information_needs_the_records_wanted_and_loses_nothing(sent):
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    data = answer_data(requested_records="  ")
    response = client.post(f"/partner/{token}/answer/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say which records or tests you need." in html
    assert data["message"] in html  # what they typed is still there
    assert not ReferralResponse.objects.exists()


def test_an_answer_is_stored_verbatim_and_a_double_submit_is_one_answer(sent):
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    data = answer_data()
    first = client.post(f"/partner/{token}/answer/", data)
    second = client.post(f"/partner/{token}/answer/", data)
    assert first.status_code == second.status_code == 302
    answer = ReferralResponse.objects.get()
    assert answer.message == data["message"]
    assert answer.requested_records == data["requested_records"]
    assert answer.responder_email == referral.contact_email
    assert answer.responder_name == "Dra. Elena Ruiz"
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ON_HOLD


def test_a_letter_must_be_a_real_pdf(sent):
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    refused = client.post(
        f"/partner/{token}/answer/",
        answer_data(kind="will_review", letter=png_upload("letter.png")),
    )
    assert refused.status_code == 400
    assert "The letter must be a PDF file." in refused.content.decode()
    disguised = client.post(
        f"/partner/{token}/answer/",
        answer_data(kind="will_review", letter=png_upload("letter.pdf")),
    )
    assert disguised.status_code == 400 and not ReferralResponse.objects.exists()
    accepted = client.post(
        f"/partner/{token}/answer/",
        answer_data(kind="will_review", letter=pdf_upload("Carta del hospital.pdf")),
    )
    assert accepted.status_code == 302
    answer = ReferralResponse.objects.get()
    assert answer.letter_name == "Carta del hospital.pdf" and len(answer.letter_sha256) == 64
    with answer.letter.open("rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_the_portal_speaks_the_contacts_language(postgres, django_capture_on_commit_callbacks):
    referral, token = send_referral(django_capture_on_commit_callbacks, language="zh-hans")
    client = partner_client()
    page = client.get(f"/partner/{token}/")
    assert "请确认您的身份" in page.content.decode()
    prove_device(client, token, referral.contact_email)
    html = client.get(f"/partner/{token}/").content.decode()
    assert "需要更多信息" in html and 'lang="zh-hans"' in html


def test_an_arabic_reading_contact_gets_arabic_right_to_left(
    postgres, django_capture_on_commit_callbacks
):
    referral, token = send_referral(django_capture_on_commit_callbacks, language="ar")
    assert "سجلات لمراجعتكم" in mail.outbox[-1].subject
    client = partner_client()
    page = client.get(f"/partner/{token}/").content.decode()
    assert "أكّدوا هويتكم" in page and '<html lang="ar" dir="rtl">' in page
    prove_device(client, token, referral.contact_email)
    html = client.get(f"/partner/{token}/").content.decode()
    assert "نحتاج إلى مزيد من المعلومات" in html and "bootstrap.rtl.min.css" in html


def test_an_infected_letter_is_refused_by_the_virus_scan_and_nothing_kept(
    sent,
    clamd_address,  # noqa: F811 - the clamd fixture imported above
    settings,
):
    settings.CLAMD_ADDRESS = clamd_address
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    refused = client.post(
        f"/partner/{token}/answer/",
        answer_data(kind="will_review", letter=upload("letter.pdf", MARKED, "application/pdf")),
    )
    assert refused.status_code == 400
    assert "did not pass our virus check" in refused.content.decode()
    assert not ReferralResponse.objects.exists()
    clean = client.post(
        f"/partner/{token}/answer/",
        answer_data(kind="will_review", letter=upload("letter.pdf", CLEAN, "application/pdf")),
    )
    assert clean.status_code == 302 and ReferralResponse.objects.get().letter_name == "letter.pdf"


def test_a_letter_waits_when_the_scanner_is_away(sent, settings, tmp_path):
    settings.CLAMD_ADDRESS = f"unix://{tmp_path}/nobody-listens.sock"
    referral, token = sent
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    data = answer_data(kind="will_review", letter=pdf_upload("letter.pdf"))
    refused = client.post(f"/partner/{token}/answer/", data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "could not check this file for viruses" in html and data["message"] in html
    assert not ReferralResponse.objects.exists()


def test_the_bundle_and_the_fhir_json_are_for_a_proved_device_and_audited(sent):
    import io
    import json
    import zipfile

    referral, token = sent
    stranger = partner_client()
    assert stranger.get(f"/partner/{token}/packet.zip").status_code == 302
    assert stranger.get(f"/partner/{token}/referral.fhir.json").status_code == 302
    client = partner_client()
    prove_device(client, token, referral.contact_email)
    response = client.get(f"/partner/{token}/packet.zip")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    report = referral.reports.get()
    assert names[0] == "00 Contents.txt" and any(report.original_name in n for n in names)
    bundle = json.loads(client.get(f"/partner/{token}/referral.fhir.json").content)
    assert bundle["resourceType"] == "Bundle"
    details = set(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.PORTAL_DOWNLOADED,
            actor_username=f"partner:{referral.contact_email}",
        ).values_list("detail", flat=True)
    )
    assert details == {"referral packet bundle", "referral as FHIR JSON"}
