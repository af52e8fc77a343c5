"""Referral services against PostgreSQL: preparing, sending, answering, expiring, and the
family's consent, with what each refuses and what each leaves in the record."""

import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, CoordinatorAlert, TimelineEvent
from referrals import consent, services
from referrals.models import PortalLink, Referral, ReferralResponse
from tests.factories import coordinator, gate_verdict, make_partner, ready_packet, submit_case
from tests.factories import supervisor as make_supervisor

pytestmark = pytest.mark.django_db
S = Referral.Status
K = ReferralResponse.Kind
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def case(postgres):
    return submit_case()


@pytest.fixture
def coord(postgres):
    return coordinator("coord.ref")


@pytest.fixture
def partner(postgres):
    return make_partner()


def prepare(case, by, contact, **extra):
    return services.referral_prepare(case=case, by=by, contact=contact, question=QUESTION, **extra)


def sendable(case, by, contact):
    consent.consent_give(case=case, organisation=contact.organisation, language="es")
    referral = prepare(case, by, contact)
    referral.packet = ready_packet(case, by)
    referral.save()
    return referral


def test_no_referral_to_an_organisation_without_an_agreement(case, coord):
    _, contact = make_partner("No Agreement Clinic", agreement=False)
    with pytest.raises(services.ReferralRefusedError, match="no data-sharing agreement"):
        prepare(case, coord, contact)
    assert not Referral.objects.exists()


def test_no_sending_without_the_familys_consent(case, coord, partner):
    _, contact = partner
    referral = prepare(case, coord, contact)
    referral.packet = ready_packet(case, coord)
    referral.save()
    with pytest.raises(services.ReferralRefusedError, match="has not agreed"):
        services.referral_send(referral=referral, by=coord)
    referral.refresh_from_db()
    assert referral.status == S.DRAFT and not PortalLink.objects.exists()


def test_no_sending_before_the_packet_is_ready(case, coord, partner):
    _, contact = partner
    consent.consent_give(case=case, organisation=contact.organisation, language="es")
    referral = prepare(case, coord, contact)
    with pytest.raises(services.ReferralRefusedError, match="packet"):
        services.referral_send(referral=referral, by=coord)


def test_sending_sets_the_deadline_in_working_days_and_opens_a_link(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 4)):
        services.referral_send(referral=referral, by=coord)
    referral.refresh_from_db()
    assert referral.status == S.REQUESTED
    assert referral.response_due_on == date(2026, 12, 18)  # ten working days from a Friday
    assert PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).count() == 1
    assert list(referral.transitions.values_list("to_status", flat=True)) == [S.DRAFT, S.REQUESTED]
    assert case.timeline.filter(
        kind=TimelineEvent.Kind.REFERRAL, message__contains="Sent to the partner"
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_CHANGED,
        case_reference=case.reference,
        detail="draft -> requested",
    ).exists()


def test_a_department_is_covered_by_consent_to_its_hospital(case, coord, partner):
    hospital, _ = partner
    department, contact = make_partner("Haematology", agreement=False, parent=hospital)
    consent.consent_give(case=case, organisation=hospital, language="es")
    referral = prepare(case, coord, contact)
    referral.packet = ready_packet(case, coord)
    referral.save()
    services.referral_send(referral=referral, by=coord)
    assert Referral.objects.get(pk=referral.pk).status == S.REQUESTED


def test_flagged_wording_waits_for_another_supervisors_approval(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    flagged = gate_verdict("review", "He qualifies for your trial.")
    with mock.patch("referrals.services.gate.check", return_value=flagged):
        with pytest.raises(services.ReferralWordingHeldError, match="He qualifies"):
            services.referral_send(referral=referral, by=coord)
        referral.refresh_from_db()
        assert referral.status == S.DRAFT and referral.flags
        with pytest.raises(services.ReferralRefusedError):
            services.referral_approve_wording(referral=referral, by=coord, reason="fine")
        boss = make_supervisor()
        services.referral_approve_wording(referral=referral, by=boss, reason="quoted criteria")
        services.referral_send(referral=referral, by=coord)
    assert Referral.objects.get(pk=referral.pk).status == S.REQUESTED


def answer(referral, kind, key=None, **extra):
    return services.response_record(
        referral=referral,
        kind=kind,
        responder_name="Dra. Elena Ruiz",
        responder_email="office@hospital.example",
        idempotency_key=key or uuid.uuid4().hex,
        **extra,
    )


def test_an_answer_is_kept_verbatim_and_moves_the_referral(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    services.referral_mark_received(referral=referral, partner_email="office@hospital.example")
    more = answer(referral, K.MORE_INFORMATION, requested_records="Recent PET-CT, please.")
    referral.refresh_from_db()
    assert referral.status == S.ON_HOLD and more.requested_records == "Recent PET-CT, please."
    services.referral_resume(referral=referral, by=coord)
    answer(referral, K.SCREENING_OFFERED, message="We can see him on 12 January.")
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED and referral.closed_at is not None
    assert [t.to_status for t in referral.transitions.all()] == [
        S.DRAFT,
        S.REQUESTED,
        S.RECEIVED,
        S.ON_HOLD,
        S.IN_PROGRESS,
        S.COMPLETED,
    ]


def test_the_same_answer_sent_twice_is_one_answer(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    first = answer(referral, K.WILL_REVIEW, key="form-1")
    second = answer(referral, K.WILL_REVIEW, key="form-1")
    assert first.pk == second.pk and referral.responses.count() == 1


def test_more_information_must_say_what(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    with pytest.raises(services.ReferralRefusedError, match="which records"):
        answer(referral, K.MORE_INFORMATION)
    assert not referral.responses.exists()


def test_a_closed_referral_takes_no_answer(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    services.referral_cancel(referral=referral, by=coord, reason="family chose another centre")
    with pytest.raises(services.ReferralRefusedError, match="closed"):
        answer(referral, K.WILL_REVIEW)
    assert not PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).exists()


def test_a_referral_with_no_answer_expires_after_its_deadline(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    referral.refresh_from_db()
    assert services.referrals_expire(today=referral.response_due_on) == 0
    assert services.referrals_expire(today=referral.response_due_on + timedelta(days=1)) == 1
    referral.refresh_from_db()
    assert referral.status == S.EXPIRED
    answer(referral, K.NOT_SUITABLE, reason="Outside the trial's age range.")  # late, still kept
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED


def test_withdrawing_consent_closes_that_organisations_links(case, coord, partner):
    organisation, contact = partner
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    case.refresh_from_db()
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    assert consent.consent_withdraw(case=case, organisation=organisation) == 1
    assert consent.standing_consent(case=case, organisation=organisation) is None
    link = PortalLink.objects.get(referral=referral)
    assert link.revoked_at is not None and "withdrew" in link.revoked_reason
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONSENT_WITHDRAWN).count() == 1
    alerts = CoordinatorAlert.objects.filter(
        case=case, kind=CoordinatorAlert.Kind.CONSENT_WITHDRAWN
    )
    assert [a.user for a in alerts] == [coord]


def test_giving_consent_twice_is_one_agreement(case, partner):
    organisation, _ = partner
    first = consent.consent_give(case=case, organisation=organisation, language="es")
    again = consent.consent_give(case=case, organisation=organisation, language="es")
    assert first.pk == again.pk and first.text_version == consent.TEXT_VERSION


def test_a_retired_contact_keeps_the_referrals_history(case, coord, partner):
    _, contact = partner
    referral = sendable(case, coord, contact)
    services.referral_send(referral=referral, by=coord)
    contact.retired_at = timezone.now()
    contact.save()
    referral.refresh_from_db()
    assert referral.contact_name == "Dra. Elena Ruiz" and referral.status == S.REQUESTED
    with pytest.raises(services.ReferralRefusedError, match="no longer a contact"):
        prepare(case, coord, contact)
