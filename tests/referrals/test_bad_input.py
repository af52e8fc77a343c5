"""The issue's bad input not covered elsewhere: a deadline in the past (the coordinator's
answer deadline, and the date a partner proposes), and a contact deleted while a referral
is open. Each gets a clear message and loses nothing."""

import json
import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cases.models import Case
from referrals import consent, reminders, services
from referrals.errors import ReferralRefusedError
from referrals.fhir import fhir_json
from referrals.models import Referral, ReferralResponse, ReferralTransition
from tests.factories import coordinator, make_partner, ready_packet, submit_case

from .portal_helpers import QUESTION, prove_device, send_referral

pytestmark = pytest.mark.django_db
S = Referral.Status


# --- A deadline in the past ------------------------------------------------------------


@pytest.mark.parametrize("days", [0, -3, services.MAX_RESPONSE_DAYS + 1])
def test_a_deadline_not_ahead_is_refused_and_nothing_saved(postgres, days):
    case = submit_case()
    _, contact = make_partner()
    with pytest.raises(ReferralRefusedError, match="between 1 and 60 working days"):
        services.referral_prepare(
            case=case, by=coordinator(), contact=contact, question=QUESTION, response_days=days
        )
    assert not Referral.objects.exists()


def test_the_form_refuses_a_deadline_in_the_past_and_keeps_what_was_typed(postgres, signed_in):
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    _, contact = make_partner()
    client = signed_in(Client(), alice)
    response = client.post(
        f"/cases/{case.reference}/referrals/new/",
        {"contact": contact.pk, "question": QUESTION, "response_days": -2},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert QUESTION in html and "greater than or equal to 1" in html
    assert not Referral.objects.exists()


def test_a_draft_sent_late_counts_its_deadline_from_the_day_it_is_sent(postgres):
    case = submit_case()
    by = coordinator()
    organisation, contact = make_partner()
    consent.consent_give(case=case, organisation=organisation, language="es")
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 2)):
        referral = services.referral_prepare(
            case=case, by=by, contact=contact, question=QUESTION, response_days=5
        )
    referral.packet = ready_packet(case, by, referral)
    referral.save()
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 4)):
        services.referral_send(referral=referral, by=by)
    referral.refresh_from_db()
    assert referral.response_due_on == date(2026, 12, 11)  # five working days after Fri 4th


@pytest.fixture
def sent(postgres, django_capture_on_commit_callbacks):
    return send_referral(django_capture_on_commit_callbacks, language="es")


def test_a_proposed_date_in_the_past_is_refused_and_the_answer_kept_on_the_page(sent):
    referral, token = sent
    client = Client()
    prove_device(client, token, referral.contact_email)
    message = "Podemos ofrecer una consulta de cribado."
    data = {
        "kind": ReferralResponse.Kind.SCREENING_OFFERED,
        "offered_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "message": message,
        "responder_name": "Dra. Elena Ruiz",
        "idempotency_key": uuid.uuid4().hex,
    }
    refused = client.post(f"/partner/{token}/answer/", data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "La fecha propuesta ya ha pasado" in html  # the contact reads Spanish
    assert message in html
    assert not ReferralResponse.objects.exists()
    data["offered_on"] = timezone.localdate().isoformat()  # today is fine
    assert client.post(f"/partner/{token}/answer/", data).status_code == 302
    assert ReferralResponse.objects.get().offered_on == timezone.localdate()


# --- A contact deleted while a referral is open ----------------------------------------


def test_a_contact_deleted_while_a_referral_is_open_keeps_its_history(sent, signed_in):
    referral, token = sent
    contact = referral.contact
    transitions = list(referral.transitions.values_list("to_status", flat=True))
    contact.delete()  # not possible in the admin (contacts are retired), but in the shell
    referral.refresh_from_db()
    assert referral.contact is None and referral.status == S.REQUESTED
    assert referral.contact_name == "Dra. Elena Ruiz" and referral.contact_email
    assert list(referral.transitions.values_list("to_status", flat=True)) == transitions

    # The coordinator's panel still names who it went to, and says the contact is gone.
    alice = referral.created_by
    Case.objects.filter(pk=referral.case_id).update(coordinator=alice)
    staff = signed_in(Client(), alice)
    page = staff.get(f"/cases/{referral.case.reference}/referrals/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dra. Elena Ruiz" in html and "contact removed from the directory" in html

    # The partner's link still opens, and their answer is recorded.
    client = Client()
    prove_device(client, token, referral.contact_email)
    assert client.get(f"/partner/{token}/").status_code == 200
    answer = client.post(
        f"/partner/{token}/answer/",
        {
            "kind": ReferralResponse.Kind.WILL_REVIEW,
            "message": "We will look at it this week.",
            "responder_name": "Dra. Elena Ruiz",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED

    # The FHIR export still names the recipient from the referral's own copy.
    bundle = json.loads(fhir_json(referral))
    organisation = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Organization"
    )
    assert organisation["contact"][0]["name"]["text"] == "Dra. Elena Ruiz"


def test_the_reminder_still_reaches_a_deleted_contacts_address(sent):
    referral, _ = sent
    Referral.objects.filter(pk=referral.pk).update(response_due_on=date(2026, 12, 18))
    referral.contact.delete()
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 1
    assert mail.outbox[-1].to == [referral.contact_email]


def test_a_draft_whose_contact_was_deleted_is_refused_with_the_reason_and_kept(postgres):
    case = submit_case()
    by = coordinator()
    organisation, contact = make_partner()
    consent.consent_give(case=case, organisation=organisation, language="es")
    referral = services.referral_prepare(case=case, by=by, contact=contact, question=QUESTION)
    referral.packet = ready_packet(case, by, referral)
    referral.save()
    contact.delete()
    with pytest.raises(ReferralRefusedError, match="has been removed; prepare a new one"):
        services.referral_send(referral=Referral.objects.get(pk=referral.pk), by=by)
    referral.refresh_from_db()
    assert referral.status == S.DRAFT and referral.question == QUESTION
    assert ReferralTransition.objects.filter(referral=referral).count() == 1
