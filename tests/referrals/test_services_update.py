"""Editing a draft referral (services.referral_update): new words are judged again and
clear an approval; a changed draft needs its packet again; only drafts change."""

from unittest import mock

import pytest

from audit.models import AuditEvent
from referrals import consent, services
from referrals.models import Referral
from tests.factories import (
    coordinator,
    gate_verdict,
    make_document,
    make_partner,
    ready_packet,
    submit_case,
    supervisor,
)

pytestmark = pytest.mark.django_db
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def world(postgres):
    case = submit_case()
    coord = coordinator("coord.ref")
    organisation, contact = make_partner()
    referral = services.referral_prepare(case=case, by=coord, contact=contact, question=QUESTION)
    return {"case": case, "coord": coord, "contact": contact, "referral": referral}


def update(world, **changes):
    values = {"question": QUESTION, "expected_version": world["referral"].version}
    values.update(changes)
    return services.referral_update(referral=world["referral"], by=world["coord"], **values)


def test_same_words_keep_the_approval_and_the_packet(world):
    referral = world["referral"]
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.wording_approved_at = referral.created_at
    referral.save()
    updated = update(world, response_days=15)
    assert updated.response_days == 15 and updated.packet is not None
    assert updated.wording_approved_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REFERRAL_CHANGED, detail="draft edited"
    ).exists()


def test_new_reports_need_the_packet_again(world):
    referral = world["referral"]
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.save()
    report = make_document(world["case"])
    updated = update(world, reports=[report])
    assert updated.packet is None and list(updated.reports.all()) == [report]


def test_new_words_are_judged_again_and_clear_the_approval(world):
    flagged = "He will certainly be accepted."
    with mock.patch("claims.gate.check", return_value=gate_verdict("review", flagged)):
        updated = update(world, cover_note=flagged)
    assert {f["sentence"] for f in updated.flags} == {flagged}
    services.referral_approve_wording(
        referral=updated, by=supervisor("boss"), reason="The hospital's own words."
    )
    world["referral"].refresh_from_db()
    with mock.patch("claims.gate.check", return_value=gate_verdict("pass")):
        cleared = update(world, cover_note="Please see the attached records.")
    assert cleared.flags == [] and cleared.wording_approved_by is None


def test_a_sent_referral_and_a_report_of_another_case_are_refused(world):
    other = make_document(submit_case())
    with pytest.raises(services.ReferralRefusedError, match="does not belong"):
        update(world, reports=[other])
    consent.consent_give(
        case=world["case"], organisation=world["contact"].organisation, language="es"
    )
    referral = world["referral"]
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.save()
    services.referral_send(referral=referral, by=world["coord"])
    referral.refresh_from_db()
    with pytest.raises(services.ReferralRefusedError, match="Only a draft"):
        update(world, expected_version=referral.version, question="Changed after sending")
    assert Referral.objects.get().question == QUESTION
