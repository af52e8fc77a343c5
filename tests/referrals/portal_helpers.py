"""Helpers for the partner portal's tests: a referral sent for real (consent, packet,
a report), with the e-mailed link read back from the outbox as the partner would."""

import re

from django.core import mail
from django.core.files.base import ContentFile

from referrals import consent, services
from referrals.models import Referral
from tests.factories import (
    coordinator,
    make_document,
    make_partner,
    pdf_bytes,
    ready_packet,
    submit_case,
)

QUESTION = "The family would like the team to look at whether a screening visit is possible."
FINDINGS = "Second relapse after two lines of treatment; bone marrow report attached."
COVER = "Thank you for looking at this case; the family is reachable through us."
LINK = re.compile(r"/partner/([A-Za-z0-9_-]+)/")


def send_referral(capture, *, case=None, by=None, name="Hospital del Sol", language="es"):
    """A referral sent to a partner contact, its link e-mailed. Returns (referral, token)."""
    case = case or submit_case()
    by = by or coordinator(f"coord{case.pk}")
    organisation, contact = make_partner(name)
    if contact.language != language:
        contact.language = language
        contact.save()
    consent.consent_give(case=case, organisation=organisation, language="es")
    document = make_document(case, original_name=f"marrow-{case.pk}.pdf")
    document.file.save(f"reports/{case.pk}-marrow", ContentFile(pdf_bytes(1)), save=True)
    referral = services.referral_prepare(
        case=case,
        by=by,
        contact=contact,
        question=QUESTION,
        key_findings=FINDINGS,
        cover_note=COVER,
        reports=[document],
    )
    referral.packet = ready_packet(case, by)
    referral.save()
    before = len(mail.outbox)
    with capture(execute=True):
        services.referral_send(referral=referral, by=by)
    sent = [m for m in mail.outbox[before:] if m.to == [contact.email]]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    token = LINK.search(sent[0].body).group(1)
    return Referral.objects.get(pk=referral.pk), token


def last_code(email: str) -> str:
    """The six digits of the newest code e-mailed to `email`."""
    for message in reversed(mail.outbox):
        if message.to == [email]:
            found = re.search(r"\b(\d{6})\b", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no code e-mailed to {email}")


def prove_device(client, token: str, email: str):
    """Ask for a code and enter it, as the partner does on a new device."""
    client.post(f"/partner/{token}/code/", {"action": "send"})
    return client.post(f"/partner/{token}/code/", {"action": "verify", "code": last_code(email)})
