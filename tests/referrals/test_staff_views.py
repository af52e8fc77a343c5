"""The referral section of the case workspace, through the Django test client: thin views
over referrals.services, only on cases the user may see."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from documents.models import DocumentJob
from referrals import consent, services
from referrals.models import Referral, ReferralResponse
from tests.factories import (
    coordinator,
    editor,
    gate_verdict,
    make_document,
    make_partner,
    ready_packet,
    submit_case,
    supervisor,
)

pytestmark = pytest.mark.django_db
S = Referral.Status
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def world(postgres, signed_in):
    alice = coordinator("alice")
    bob = coordinator("bob")
    boss = supervisor("boss")
    case = submit_case()
    theirs = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    Case.objects.filter(pk=theirs.pk).update(coordinator=bob)
    organisation, contact = make_partner()
    report = make_document(case, original_name="marrow-biopsy.pdf")
    return {
        "alice": alice,
        "boss": boss,
        "case": Case.objects.get(pk=case.pk),
        "theirs": theirs,
        "organisation": organisation,
        "contact": contact,
        "report": report,
        "clients": {
            name: signed_in(Client(), user)
            for name, user in {"alice": alice, "bob": bob, "boss": boss}.items()
        },
    }


def new_url(case):
    return reverse("referrals:new", kwargs={"reference": case.reference})


def action_url(referral, action):
    return reverse(
        "referrals:action",
        kwargs={"reference": referral.case.reference, "pk": referral.pk, "action": action},
    )


def draft(world, **extra):
    return services.referral_prepare(
        case=world["case"], by=world["alice"], contact=world["contact"], question=QUESTION, **extra
    )


def test_the_workspace_shows_the_referral_section_with_each_referral(world):
    referral = draft(world)
    page = world["clients"]["alice"].get(world["case"].get_absolute_url())
    body = page.content.decode()
    assert 'id="referrals-title"' in body
    assert f'id="referral-{referral.pk}"' in body
    assert "Prepare a referral" in body
    assert "not given yet" in body  # the family's consent is not on record


def test_a_coordinator_prepares_a_referral_from_the_form(world):
    alice = world["clients"]["alice"]
    form = alice.get(new_url(world["case"]))
    assert form.status_code == 200
    body = form.content.decode()
    assert "Suggested for this case" in body and "marrow-biopsy.pdf" in body
    response = alice.post(
        new_url(world["case"]),
        {
            "contact": world["contact"].pk,
            "reports": [world["report"].pk],
            "question": QUESTION,
            "key_findings": "Relapse after two lines.",
            "cover_note": "",
            "response_days": 7,
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and f"#referral-{referral.pk}" in response["Location"]
    assert referral.status == S.DRAFT and referral.response_days == 7
    assert list(referral.reports.all()) == [world["report"]]
    assert referral.created_by == world["alice"]


def test_a_refused_draft_keeps_what_was_typed_and_says_why(world):
    _, no_agreement = make_partner("Clinic Without Agreement", agreement=False)
    response = world["clients"]["alice"].post(
        new_url(world["case"]),
        {"contact": no_agreement.pk, "question": QUESTION, "response_days": 10},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "no data-sharing agreement" in body and "screening visit is possible" in body
    assert not Referral.objects.exists()


def test_sending_without_consent_shows_the_reason_and_sends_nothing(world):
    referral = draft(world)
    referral.packet = ready_packet(world["case"], world["alice"])
    referral.save()
    response = world["clients"]["alice"].post(action_url(referral, "send"), follow=True)
    assert "has not agreed to share their records" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def test_sending_before_the_packet_is_ready_says_so(world):
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="es")
    referral = draft(world)
    response = world["clients"]["alice"].post(action_url(referral, "send"), follow=True)
    assert "packet for the partner is not ready" in response.content.decode()


def test_flagged_wording_is_refused_highlighted_and_a_supervisor_approves_it(world):
    flagged = "He will certainly be accepted."
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="es")
    with mock.patch("claims.gate.check", return_value=gate_verdict("review", flagged)):
        referral = services.referral_prepare(
            case=world["case"],
            by=world["alice"],
            contact=world["contact"],
            question=f"Please look at the case. {flagged}",
        )
        referral.packet = ready_packet(world["case"], world["alice"])
        referral.save()
        response = world["clients"]["alice"].post(action_url(referral, "send"), follow=True)
    body = response.content.decode()
    assert "claims gate flagged" in body
    assert f"<mark>{flagged}</mark>" in body
    assert "Approve wording" not in body  # the author cannot approve their own words
    referral.refresh_from_db()
    assert referral.status == S.DRAFT

    boss = world["clients"]["boss"]
    assert "Approve wording" in boss.get(world["case"].get_absolute_url()).content.decode()
    boss.post(action_url(referral, "approve"), {"reason": "Quoted from the hospital's letter."})
    referral.refresh_from_db()
    assert referral.wording_approved_by == world["boss"]
    with mock.patch("claims.gate.check", return_value=gate_verdict("review", flagged)):
        world["clients"]["alice"].post(action_url(referral, "send"))
    referral.refresh_from_db()
    assert referral.status == S.REQUESTED and referral.response_due_on is not None


def test_editing_a_draft_clears_the_approval_and_the_packet(world):
    flagged = "He will certainly be accepted."
    with mock.patch("claims.gate.check", return_value=gate_verdict("review", flagged)):
        referral = services.referral_prepare(
            case=world["case"], by=world["alice"], contact=world["contact"], question=flagged
        )
    services.referral_approve_wording(referral=referral, by=world["boss"], reason="quoted")
    referral.refresh_from_db()
    referral.packet = ready_packet(world["case"], world["alice"])
    referral.save()
    edit = reverse(
        "referrals:edit", kwargs={"reference": world["case"].reference, "pk": referral.pk}
    )
    assert world["clients"]["alice"].get(edit).status_code == 200
    response = world["clients"]["alice"].post(
        edit, {"question": QUESTION, "response_days": 12, "version": referral.version}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.question == QUESTION and referral.response_days == 12
    assert referral.wording_approved_at is None and referral.wording_approved_by is None
    assert referral.packet is None


def test_an_edit_from_a_stale_form_is_refused(world):
    referral = draft(world)
    edit = reverse(
        "referrals:edit", kwargs={"reference": world["case"].reference, "pk": referral.pk}
    )
    response = world["clients"]["alice"].post(
        edit, {"question": "New words", "response_days": 10, "version": referral.version - 1}
    )
    assert response.status_code == 400 and "Someone else changed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.question == QUESTION


def test_prepare_the_packet_asks_for_a_render(world):
    referral = draft(world)
    world["clients"]["alice"].post(action_url(referral, "packet"))
    referral.refresh_from_db()
    assert referral.packet.kind == DocumentJob.Kind.REFERRAL_PACKET
    page = world["clients"]["alice"].get(world["case"].get_absolute_url()).content.decode()
    assert "Packet: being prepared" in page or "Packet: <span" in page


def sent(world):
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="es")
    referral = draft(world)
    referral.packet = ready_packet(world["case"], world["alice"])
    referral.save()
    return services.referral_send(referral=referral, by=world["alice"])


def answer(referral, kind, **words):
    return services.response_record(
        referral=referral,
        kind=kind,
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key=f"{referral.pk}-{kind}",
        **words,
    )


def test_cancel_needs_a_reason_and_is_recorded(world):
    referral = sent(world)
    alice = world["clients"]["alice"]
    refused = alice.post(action_url(referral, "cancel"), {"reason": ""}, follow=True)
    assert "Say why" in refused.content.decode()
    alice.post(action_url(referral, "cancel"), {"reason": "The family chose another centre."})
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED
    assert referral.transitions.last().reason == "The family chose another centre."


def test_information_sent_resumes_the_review(world):
    referral = sent(world)
    answer(referral, ReferralResponse.Kind.MORE_INFORMATION, requested_records="Recent PET-CT")
    page = world["clients"]["alice"].get(world["case"].get_absolute_url()).content.decode()
    assert "Recent PET-CT" in page and "Information sent, review continues" in page
    world["clients"]["alice"].post(action_url(referral, "resume"), {"note": "PET-CT sent"})
    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS


def test_answers_are_shown_verbatim_and_attributed_side_by_side(world):
    referral = sent(world)
    answer(
        referral,
        ReferralResponse.Kind.NOT_SUITABLE,
        reason="Our programme needs <b>CD19</b> expression.",
    )
    page = world["clients"]["alice"].get(
        reverse("referrals:case_referrals", kwargs={"reference": world["case"].reference})
    )
    body = page.content.decode()
    assert "Not suitable at this time" in body and "from Dra. Elena Ruiz" in body
    assert "Our programme needs &lt;b&gt;CD19&lt;/b&gt; expression." in body  # escaped, verbatim
    # Once: the portal actions below the card offer the relay, without repeating the words.
    assert body.count("Our programme needs") == 1
    assert "Relay to the family" in body


def test_a_new_referral_from_an_answered_one_keeps_the_earlier_answers_in_view(world):
    referral = sent(world)
    answer(
        referral, ReferralResponse.Kind.UNABLE_TO_REVIEW, message="Our list is full until March."
    )
    _, other = make_partner("East River Hospital", country="CN", city="Beijing")
    alice = world["clients"]["alice"]
    form = alice.get(new_url(world["case"]), {"follows": referral.pk})
    body = form.content.decode()
    assert "Our list is full until March." in body and QUESTION in body
    alice.post(
        new_url(world["case"]),
        {"contact": other.pk, "question": QUESTION, "response_days": 10, "follows": referral.pk},
    )
    follow_up = Referral.objects.exclude(pk=referral.pk).get()
    assert follow_up.follows == referral and follow_up.organisation == other.organisation


def test_another_coordinators_case_and_a_referral_of_another_case_are_404(world):
    bob_case_referral = services.referral_prepare(
        case=world["theirs"], by=world["boss"], contact=world["contact"], question=QUESTION
    )
    alice = world["clients"]["alice"]
    assert alice.get(new_url(world["theirs"])).status_code == 404
    assert (
        alice.get(
            reverse("referrals:case_referrals", kwargs={"reference": world["theirs"].reference})
        ).status_code
        == 404
    )
    # The id of a referral on a case she cannot see, under her own case's reference.
    forged = reverse(
        "referrals:action",
        kwargs={
            "reference": world["case"].reference,
            "pk": bob_case_referral.pk,
            "action": "cancel",
        },
    )
    assert alice.post(forged, {"reason": "x"}).status_code == 404
    bob_case_referral.refresh_from_db()
    assert bob_case_referral.status == S.DRAFT
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, object_type="referral"
    ).exists()


def test_people_who_do_not_work_cases_get_no_referral_page(world, signed_in):
    ed = signed_in(Client(), editor("ed"))
    assert ed.get(new_url(world["case"])).status_code == 403
    assert Client().get(new_url(world["case"])).status_code == 302  # to sign-in
