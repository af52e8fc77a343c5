"""Who sees what, the corners the other files leave: a partner sees only the files ticked
for their own referral (not another report of the same case) and answers only their own
referral; a coordinator who may not see the case can neither e-mail a new link nor read
the partner's letter."""

import uuid

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from referrals import services
from referrals.errors import ReferralRefusedError
from referrals.models import PortalLink, ReferralResponse
from tests.factories import coordinator, make_document, pdf_bytes, pdf_upload

from .portal_helpers import prove_device, send_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(postgres, django_capture_on_commit_callbacks):
    return send_referral(django_capture_on_commit_callbacks, language="en")


def test_a_report_of_the_same_case_not_ticked_is_the_audited_404(sent):
    referral, token = sent
    unticked = make_document(referral.case, original_name="family-photos.pdf")
    unticked.file.save(f"reports/{referral.case_id}-other", ContentFile(pdf_bytes(1)), save=True)
    client = Client()
    prove_device(client, token, referral.contact_email)
    page = client.get(f"/partner/{token}/").content.decode()
    assert "family-photos.pdf" not in page
    assert client.get(f"/partner/{token}/files/report-{unticked.pk}/").status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, object_id=f"report-{unticked.pk}"
    ).exists()
    zipped = b"".join(client.get(f"/partner/{token}/packet.zip").streaming_content)
    assert b"family-photos" not in zipped


def test_an_answer_form_of_one_referral_cannot_answer_another(
    sent, django_capture_on_commit_callbacks
):
    referral, token = sent
    other, _ = send_referral(django_capture_on_commit_callbacks, name="Clinica Norte")
    key = uuid.uuid4().hex
    services.response_record(
        referral=other,
        kind=ReferralResponse.Kind.WILL_REVIEW,
        responder_name="Someone else",
        responder_email=other.contact_email,
        idempotency_key=key,
    )
    client = Client()
    prove_device(client, token, referral.contact_email)
    replayed = client.post(
        f"/partner/{token}/answer/",
        {
            "kind": ReferralResponse.Kind.NOT_SUITABLE,
            "responder_name": "Dra. Elena Ruiz",
            "idempotency_key": key,  # the other referral's form
        },
    )
    assert replayed.status_code == 409
    assert "belongs to another referral" in replayed.content.decode()
    assert not referral.responses.exists()
    with pytest.raises(ReferralRefusedError):
        services.response_record(
            referral=referral,
            kind=ReferralResponse.Kind.NOT_SUITABLE,
            responder_name="x",
            responder_email=referral.contact_email,
            idempotency_key=key,
        )


def test_a_coordinator_who_may_not_see_the_case_cannot_reissue_or_read_the_letter(sent, signed_in):
    referral, token = sent
    owner = coordinator("coord.owner")
    Case.objects.filter(pk=referral.case_id).update(coordinator=owner)
    client = Client()
    prove_device(client, token, referral.contact_email)
    client.post(
        f"/partner/{token}/answer/",
        {
            "kind": ReferralResponse.Kind.WILL_REVIEW,
            "responder_name": "Dra. Elena Ruiz",
            "idempotency_key": uuid.uuid4().hex,
            "letter": pdf_upload("Carta.pdf"),
        },
    )
    response = referral.responses.get()
    assert response.letter_name == "Carta.pdf"

    stranger = signed_in(Client(), coordinator("coord.elsewhere"))
    outbox = len(mail.outbox)
    reissue = reverse("referral_portal:link_reissue", args=[referral.pk])
    letter = reverse("referral_portal:letter", args=[referral.pk, response.pk])
    assert stranger.post(reissue).status_code == 404
    assert stranger.get(letter).status_code == 404
    assert len(mail.outbox) == outbox
    assert PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).count() == 1

    # The coordinator of the case reads it, and the download is audited.
    mine = signed_in(Client(), owner)
    got = mine.get(letter)
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DOCUMENT_DOWNLOADED, object_type="referral_letter"
    ).exists()
