"""The family's consent to share with each organisation, on their private status page, in
their language: agree, withdraw (with a confirmation), and which organisations have their
records since when."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from intake import services as intake_services
from referrals import consent, services
from referrals.models import PortalLink, Referral, SharingConsent
from tests.factories import coordinator, make_document, make_partner, ready_packet, submit_case

pytestmark = pytest.mark.django_db
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def world(postgres):
    case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    coord = coordinator("coord.ref")
    organisation, contact = make_partner("Hospital del Sol", city="Madrid")
    report = make_document(case, original_name="marrow-biopsy.pdf")
    return {
        "case": case,
        "token": token,
        "coord": coord,
        "organisation": organisation,
        "contact": contact,
        "report": report,
    }


def status(world, client=None, language=None):
    client = client or Client()
    if language:
        client.cookies["django_language"] = language
    return client.get(reverse("intake:status", args=[world["token"]]))


def propose(world, contact=None):
    return services.referral_prepare(
        case=world["case"],
        by=world["coord"],
        contact=contact or world["contact"],
        question=QUESTION,
        reports=[world["report"]],
    )


def agree(world, organisation=None, client=None, version=consent.TEXT_VERSION):
    return (client or Client()).post(agree_url(world, organisation), {"text_version": version})


def agree_url(world, organisation=None):
    organisation = organisation or world["organisation"]
    return reverse("intake:consent_agree", args=[world["token"], organisation.pk])


def withdraw_url(world, organisation=None):
    organisation = organisation or world["organisation"]
    return reverse("intake:consent_withdraw", args=[world["token"], organisation.pk])


def test_nothing_about_sharing_shows_before_a_referral_is_proposed(world):
    assert "sharing-title" not in status(world).content.decode()


def test_the_family_reads_who_would_receive_what_and_agrees(world):
    propose(world)
    page = status(world)
    body = page.content.decode()
    assert "Hospital del Sol" in body and "Madrid, Spain" in body
    assert "marrow-biopsy.pdf" in body and "I agree to share my records with" in body
    response = agree(world)
    assert response.status_code == 302 and response["Location"].endswith("#sharing-title")
    given = SharingConsent.objects.get()
    assert given.organisation == world["organisation"]
    assert given.text_version == consent.TEXT_VERSION and given.language == "en"
    body = status(world).content.decode()
    assert "You agreed to share your records with Hospital del Sol" in body
    assert "I agree to share" not in body  # no longer asked


def test_agreeing_twice_is_one_agreement(world):
    propose(world)
    agree(world)
    agree(world)
    assert SharingConsent.objects.count() == 1


def test_an_agreement_to_wording_that_has_since_changed_is_not_recorded(world):
    propose(world)
    response = agree(world, version="share-org-1999-01")
    assert response.status_code == 302
    assert not SharingConsent.objects.exists()
    page = status(world, client=Client())
    assert "I agree to share" in page.content.decode()


def test_only_an_organisation_the_coordinator_proposes_can_be_agreed_to(world):
    other, _ = make_partner("Unproposed Clinic")
    assert agree(world, other).status_code == 404
    assert Client().post(reverse("intake:consent_agree", args=["wrong", 1])).status_code == 404
    assert not SharingConsent.objects.exists()


def test_the_consent_is_asked_in_the_familys_language_and_records_it(world):
    propose(world)
    body = status(world, language="es").content.decode()
    assert "Acepto compartir mis informes con Hospital del Sol" in body
    assert "Madrid (España)" in body
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    agree(world, client=client)
    assert SharingConsent.objects.get().language == "zh-hans"


def test_withdrawing_asks_for_confirmation_then_closes_the_partners_links(world):
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="en")
    referral = propose(world)
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.save()
    services.referral_send(referral=referral, by=world["coord"])
    assert PortalLink.objects.filter(revoked_at__isnull=True).count() == 1

    confirm = Client().get(withdraw_url(world))
    assert confirm.status_code == 200
    assert "Yes, withdraw my agreement" in confirm.content.decode()
    assert SharingConsent.objects.get().withdrawn_at is None  # a GET changes nothing

    response = Client().post(withdraw_url(world))
    assert response.status_code == 302
    assert SharingConsent.objects.get().withdrawn_at is not None
    assert PortalLink.objects.get().revoked_at is not None
    assert Client().get(withdraw_url(world)).status_code == 404  # nothing left to withdraw


def test_the_page_lists_which_organisations_have_the_records_and_since_when(world):
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="en")
    referral = propose(world)
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.save()
    services.referral_send(referral=referral, by=world["coord"])
    referral.refresh_from_db()
    body = status(world).content.decode()
    assert "These organisations have your records" in body
    since = date_format(timezone.localtime(referral.sent_at), "DATE_FORMAT")
    assert f"Hospital del Sol (Madrid, Spain), since {since}" in body


def test_a_drafted_referral_to_a_department_is_covered_by_the_hospitals_agreement(world):
    department, dept_contact = make_partner("Haematology", parent=world["organisation"])
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="en")
    propose(world, dept_contact)
    assert "I agree to share" not in status(world).content.decode()
    assert Referral.objects.get().organisation == department


def test_the_pages_keep_no_store_and_no_inline_scripts(world):
    propose(world)
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="en")
    for response in (status(world), Client().get(withdraw_url(world))):
        assert "no-store" in response["Cache-Control"]
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        assert "'unsafe-inline'" not in policy["script-src"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_after_withdrawing_the_family_is_not_asked_again_for_the_same_referral(world, signed_in):
    consent.consent_give(case=world["case"], organisation=world["organisation"], language="en")
    referral = propose(world)
    referral.packet = ready_packet(world["case"], world["coord"])
    referral.save()
    services.referral_send(referral=referral, by=world["coord"])
    assert Client().post(withdraw_url(world)).status_code == 302
    asked = f'consent-request" data-organisation="{world["organisation"].pk}"'
    assert asked not in status(world).content.decode()
    assert Client().post(agree_url(world)).status_code == 404  # not proposed now
    # The coordinator's card says the family withdrew, rather than "not given yet".
    from cases.models import Case

    Case.objects.filter(pk=world["case"].pk).update(coordinator=world["coord"])
    panel = signed_in(Client(), world["coord"]).get(
        reverse("referrals:case_referrals", kwargs={"reference": world["case"].reference})
    )
    assert "withdrawn by the family on" in panel.content.decode()
    # A new referral the coordinator prepares afterwards proposes it again.
    propose(world)
    assert asked in status(world).content.decode()
