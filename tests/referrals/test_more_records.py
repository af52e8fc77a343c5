"""Closing the "more information needed" loop inside Navigator: the records the family sent
since are added to the referral on hold, the partner is e-mailed that they are on the same
link, and the review continues; refused with the reason when the records may not go."""

import uuid

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from referrals import consent, services
from referrals.errors import ReferralRefusedError
from referrals.models import Referral, ReferralResponse
from tests.factories import make_document, pdf_bytes, submit_case

from .portal_helpers import LINK, prove_device, send_referral

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def on_hold(postgres, django_capture_on_commit_callbacks):
    referral, token = send_referral(django_capture_on_commit_callbacks, language="es")
    services.response_record(
        referral=referral,
        kind=ReferralResponse.Kind.MORE_INFORMATION,
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key=uuid.uuid4().hex,
        requested_records="A recent PET-CT report, please.",
    )
    pet = make_document(referral.case, original_name="pet-ct-2026-12.pdf")
    pet.file.save(f"reports/{referral.case_id}-pet", ContentFile(pdf_bytes(1)), save=True)
    return Referral.objects.get(pk=referral.pk), token, pet


def test_the_records_join_the_referral_and_the_partner_is_told(
    on_hold, django_capture_on_commit_callbacks
):
    referral, token, pet = on_hold
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_resume(
            referral=referral, by=referral.created_by, note="PET-CT attached.", reports=[pet]
        )
    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS
    assert pet in referral.reports.all()
    assert referral.case.timeline.filter(message__contains="pet-ct-2026-12.pdf").exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_CHANGED, detail=f"reports added: {pet.pk}"
    ).exists()
    sent = [m for m in mail.outbox[before:] if m.to == [referral.contact_email]]
    assert len(sent) == 1
    assert "más registros" in sent[0].subject and referral.case.reference in sent[0].subject
    assert "PET-CT attached." in sent[0].body
    assert not LINK.search(sent[0].body)  # no new token: the link they have shows them
    # The partner finds the new report on the same link.
    client = Client()
    prove_device(client, token, referral.contact_email)
    assert "pet-ct-2026-12.pdf" in client.get(f"/partner/{token}/").content.decode()
    assert client.get(f"/partner/{token}/files/report-{pet.pk}/").status_code == 200


def test_without_records_the_review_just_continues_and_no_email_goes(
    on_hold, django_capture_on_commit_callbacks
):
    referral, _, pet = on_hold
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_resume(referral=referral, by=referral.created_by)
    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS and pet not in referral.reports.all()
    assert len(mail.outbox) == before


def test_records_that_may_not_go_are_refused_and_nothing_changes(on_hold):
    referral, _, pet = on_hold
    foreign = make_document(submit_case(), original_name="someone-else.pdf")
    with pytest.raises(ReferralRefusedError, match="does not belong to this case"):
        services.referral_resume(referral=referral, by=referral.created_by, reports=[foreign])
    consent.consent_withdraw(case=referral.case, organisation=referral.organisation)
    with pytest.raises(ReferralRefusedError, match="no longer agrees"):
        services.referral_resume(referral=referral, by=referral.created_by, reports=[pet])
    referral.refresh_from_db()
    assert referral.status == S.ON_HOLD
    assert list(referral.reports.values_list("original_name", flat=True)) == [
        f"marrow-{referral.case_id}.pdf"
    ]


def test_the_card_offers_the_new_records_and_the_form_adds_them(
    on_hold, signed_in, django_capture_on_commit_callbacks
):
    referral, _, pet = on_hold
    owner = referral.created_by
    Case.objects.filter(pk=referral.case_id).update(coordinator=owner)
    client = signed_in(Client(), owner)
    page = client.get(f"/cases/{referral.case.reference}/referrals/").content.decode()
    assert f'name="reports" value="{pet.pk}"' in page
    action = reverse(
        "referrals:action",
        kwargs={"reference": referral.case.reference, "pk": referral.pk, "action": "resume"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(action, {"reports": [str(pet.pk)], "note": ""}, follow=True)
    assert "1 record(s) added to the referral" in done.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS and pet in referral.reports.all()
