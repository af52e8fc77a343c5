"""Relaying a partner's answer to the family: verbatim and attributed, the coordinator's
own framing through the claims gate, only on cases the coordinator may see, and shown on
the family's status page in their language."""

import uuid
from datetime import date
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from claims import gate
from intake import services as intake_services
from referrals import relay, services
from referrals.errors import ReferralRefusedError
from referrals.models import ReferralResponse
from tests.factories import coordinator, gate_verdict, make_intake, submit_case

from .portal_helpers import send_referral

pytestmark = pytest.mark.django_db
K = ReferralResponse.Kind
WORDS = "We can offer a screening consultation in Madrid; please bring the latest MRD result."


@pytest.fixture
def answered(postgres, django_capture_on_commit_callbacks):
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "es"})
    coord = coordinator("coord.relay")
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    referral, _token = send_referral(django_capture_on_commit_callbacks, case=case, by=coord)
    response = services.response_record(
        referral=referral,
        kind=K.SCREENING_OFFERED,
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key=uuid.uuid4().hex,
        message=WORDS,
        offered_on=date(2026, 12, 15),
    )
    return case, coord, referral, response


def status_page(case) -> str:
    token = intake_services.case_issue_status_link(case=case)
    return Client().get(reverse("intake:status", args=[token])).content.decode()


def test_nothing_reaches_the_family_until_the_coordinator_relays_it(answered):
    case, coord, referral, response = answered
    assert WORDS not in status_page(case)
    relay.response_relay(response=response, by=coord)
    html = status_page(case)
    # Spanish frame, the partner's words untouched, attributed and dated.
    written = response.submitted_at
    assert f"Mensaje de {referral.organisation.name}, {written.day} de diciembre:" in html
    assert WORDS in html
    assert "15 de diciembre de 2026" in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_RELAYED, object_id=str(response.pk)
    ).exists()
    assert case.timeline.filter(message__contains="shared with the family").exists()


def test_a_note_the_gate_holds_shares_nothing_and_says_why(answered):
    case, coord, referral, response = answered
    held = gate_verdict("block", "This means he will be cured.")
    with mock.patch(
        "referrals.relay.gate",
        SimpleNamespace(check=lambda *a, **k: held, Channel=gate.Channel),
    ):
        with pytest.raises(relay.RelayNoteHeldError, match="he will be cured"):
            relay.response_relay(
                response=response, by=coord, relay_note="This means he will be cured."
            )
    response.refresh_from_db()
    assert response.relayed_at is None and response.relay_note == ""
    assert WORDS not in status_page(case)
    assert case.timeline.filter(message__contains="was held").exists()


def test_a_passing_note_is_shown_apart_from_the_partners_words(answered):
    case, coord, referral, response = answered
    note = "I will call you tomorrow to talk about the next step."
    relay.response_relay(response=response, by=coord, relay_note=note)
    html = status_page(case)
    assert "Su coordinador añade:" in html and note in html and WORDS in html
    with pytest.raises(ReferralRefusedError, match="already shared"):
        relay.response_relay(response=response, by=coord)


def test_a_request_for_more_information_is_passed_to_the_family_verbatim(
    postgres, django_capture_on_commit_callbacks, signed_in
):
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "es"})
    coord = coordinator("coord.more")
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    referral, _ = send_referral(django_capture_on_commit_callbacks, case=case, by=coord)
    wanted = "Bone marrow biopsy from October; the latest MRD result."
    response = services.response_record(
        referral=referral,
        kind=K.MORE_INFORMATION,
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key=uuid.uuid4().hex,
        requested_records=wanted,
    )
    client = signed_in(Client(), coord)
    url = reverse("referral_portal:relay", args=[referral.pk, response.pk])
    page = client.get(url)
    assert page.status_code == 200 and wanted in page.content.decode()
    assert "Pass the request to the family" in page.content.decode()
    done = client.post(url, {"relay_note": ""})
    assert done.status_code == 302
    html = status_page(case)
    assert "Registros o pruebas que solicitan:" in html and wanted in html


def test_a_coordinator_cannot_relay_on_a_case_they_may_not_see(answered, signed_in):
    case, coord, referral, response = answered
    stranger = coordinator("coord.elsewhere")
    client = signed_in(Client(), stranger)
    url = reverse("referral_portal:relay", args=[referral.pk, response.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"relay_note": ""}).status_code == 404
    assert (
        client.post(reverse("referral_portal:link_revoke", args=[referral.pk])).status_code == 404
    )
    response.refresh_from_db()
    assert response.relayed_at is None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, object_type="referral"
    ).exists()


def test_the_coordinators_actions_render_and_revoke_from_the_panel(answered, signed_in):
    from django.template import Context, Template

    case, coord, referral, response = answered
    html = Template("{% load referral_portal %}{% portal_actions referral %}").render(
        Context({"referral": referral, "csrf_token": "t"})
    )
    assert 'data-link-state="open"' in html and "Revoke link" in html
    assert reverse("referral_portal:relay", args=[referral.pk, response.pk]) in html
    client = signed_in(Client(), coord)
    done = client.post(
        reverse("referral_portal:link_revoke", args=[referral.pk]), {"reason": "wrong desk"}
    )
    assert done.status_code == 302
    assert not referral.portal_links.filter(revoked_at__isnull=True).exists()
