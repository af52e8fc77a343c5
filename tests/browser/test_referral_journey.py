"""The whole referral loop in Debian's chromium: a coordinator refers a case, the family
agrees on their status page (in Spanish), the partner opens the e-mailed link, enters the
code, downloads the summary and asks for more information; the coordinator passes the
request on; a second partner, reading Spanish, offers a "screening consultation" with a date
through the portal, and the family reads the partners' own words, attributed, on their
status page in Spanish."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.models import Case
from documents.models import DocumentJob
from intake.services import case_issue_status_link
from referrals.models import Referral, ReferralResponse
from tests.factories import coordinator, make_document, make_intake, make_partner, pdf_bytes
from tests.referrals.portal_helpers import LINK

from .conftest import DESKTOP, PHONE
from .test_journeys import _wait_for, enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SCREENING_WORDS = "Podemos ofrecer una consulta de cribado; les esperamos en la fecha indicada."
QUESTION = "The family hopes the team will look at whether a screening visit makes sense."


def spanish_case():
    from intake import drafts
    from intake import services as intake_services

    intake = make_intake()
    submitter = {**intake.submitter, "preferred_language": "es"}
    draft = drafts.draft_create(data={})
    case = intake_services.inquiry_submit(draft=draft, intake=make_intake(submitter=submitter))
    report = make_document(case, original_name="medula-osea.pdf")
    report.file.save(f"reports/{case.pk}-marrow", ContentFile(pdf_bytes(1)), save=True)
    return case, report


def prepare_in_the_workspace(page, case, contact, report):
    page.goto(f"{page.base}/cases/{case.reference}/referrals/new/")
    page.select_option("#id_contact", str(contact.pk))
    page.get_by_label(re.compile(report.original_name)).check()
    page.get_by_label("Referral question").fill(QUESTION)
    page.get_by_role("button", name="Prepare the draft").click()
    page.wait_for_load_state()
    referral = Referral.objects.filter(case=case, contact=contact).latest("pk")
    page.goto(f"{page.base}/cases/{case.reference}/referrals/")
    page.locator(f"#referral-{referral.pk}").get_by_role(
        "button", name="Prepare the packet"
    ).click()
    page.wait_for_load_state()
    _wait_for(lambda: DocumentJob.objects.get(referrals=referral).status == "ready", 120)
    return referral


def family_agrees(page, status_url, organisation):
    page.goto(status_url)
    request = page.locator(f'.consent-request[data-organisation="{organisation.pk}"]')
    request.get_by_role("button").click()
    page.wait_for_load_state()


def send_from_the_workspace(page, case, referral):
    page.goto(f"{page.base}/cases/{case.reference}/referrals/")
    page.locator(f"#referral-{referral.pk}").get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REQUESTED, page.content()[:2000]


def partner_answers_in_spanish(page, contact, offered_on):
    """The second partner opens the e-mailed link (the portal speaks their Spanish), proves
    the address with the code and offers a screening consultation."""
    link = next(m for m in reversed(mail.outbox) if m.to == [contact.email])
    token = LINK.search(link.body).group(1)
    page.goto(f"{page.base}/partner/{token}/")
    page.locator('input[name="action"][value="send"] ~ button').click()
    page.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill('input[name="code"]', code)
    page.get_by_role("button", name="Abrir los registros").click()
    page.wait_for_load_state()
    page.check('input[name="kind"][value="screening_offered"]')
    page.fill('input[name="offered_on"]', offered_on.isoformat())
    page.fill('textarea[name="message"]', SCREENING_WORDS)
    page.get_by_role("button", name="Enviar la respuesta").click()
    page.wait_for_load_state()


def test_a_case_goes_to_two_partners_and_the_family_reads_the_answer_in_spanish(
    new_page, shot, celery_worker_thread
):
    alice = coordinator("alice", languages=["es", "en"])
    case, report = spanish_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    first_org, first_contact = make_partner("Hospital del Sol")
    first_contact.language = "en"
    first_contact.save()
    second_org, second_contact = make_partner("Instituto Norte", city="Bilbao")

    staff = new_page(DESKTOP)
    sign_in(staff, alice, enrolled(alice))
    family = new_page(PHONE)
    status_url = f"{family.base}/status/{case_issue_status_link(case=case)}/"

    # 1. The coordinator prepares a referral; the family agrees; it is sent.
    first = prepare_in_the_workspace(staff, case, first_contact, report)
    shot(staff, "referral-1-panel-draft")
    family_agrees(family, status_url, first_org)
    assert "Hospital del Sol" in family.locator(".standing-consent").inner_text()
    send_from_the_workspace(staff, case, first)

    # 2. The partner opens the link, proves the address, downloads the summary, asks more.
    link = next(m for m in reversed(mail.outbox) if m.to == [first_contact.email])
    token = LINK.search(link.body).group(1)
    partner = new_page(DESKTOP)
    partner.goto(f"{partner.base}/partner/{token}/")
    partner.get_by_role("button", name="Send me a code").click()
    partner.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    partner.get_by_label("One-time code").fill(code)
    partner.get_by_role("button", name="Open the records").click()
    partner.wait_for_load_state()
    with partner.expect_download() as download:
        partner.get_by_role("link", name=re.compile("Case summary for review")).click()
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    )
    assert case.reference in text and "Shared with" in text
    partner.get_by_label("More information needed").check()
    partner.get_by_label("Records or tests you need").fill("A recent PET-CT report, please.")
    partner.get_by_role("button", name="Send the answer").click()
    partner.wait_for_load_state()
    first.refresh_from_db()
    assert first.status == Referral.Status.ON_HOLD

    # 3. The coordinator passes the partner's request to the family, verbatim.
    staff.goto(f"{staff.base}/cases/{case.reference}/referrals/")
    shot(staff, "referral-2-panel-answered")
    staff.get_by_role("link", name=re.compile("Pass the request to the family")).click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Pass the request to the family").click()
    staff.wait_for_load_state()
    assert ReferralResponse.objects.get(referral=first).relayed_at is not None

    # 4. A second referral, to another partner (reading Spanish), who offers a screening
    # consultation through the portal, in Spanish, with a date.
    second = prepare_in_the_workspace(staff, case, second_contact, report)
    family_agrees(family, status_url, second_org)
    send_from_the_workspace(staff, case, second)
    offered_on = date.today() + timedelta(days=40)
    second_partner = new_page(DESKTOP)
    partner_answers_in_spanish(second_partner, second_contact, offered_on)
    second.refresh_from_db()
    assert second.status == Referral.Status.COMPLETED
    answer = ReferralResponse.objects.get(referral=second)
    assert answer.kind == ReferralResponse.Kind.SCREENING_OFFERED
    assert answer.message == SCREENING_WORDS and answer.offered_on == offered_on
    staff.goto(f"{staff.base}/cases/{case.reference}/referrals/")
    staff.locator(f"#referral-{second.pk}").get_by_role(
        "link", name=re.compile("Relay to the family")
    ).click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Share with the family").click()
    staff.wait_for_load_state()
    # Both referrals and their answers, side by side (the README's referral panel).
    staff.goto(f"{staff.base}/cases/{case.reference}/referrals/")
    assert staff.locator(".referral-card").count() == 2
    shot(staff, "referral-4-panel-side-by-side")

    # 5. The family reads both partners' words, attributed, in Spanish.
    family.goto(status_url)
    page_text = family.locator("main").inner_text()
    assert "Mensaje de Instituto Norte" in page_text
    assert SCREENING_WORDS in page_text
    assert "Fecha que proponen" in page_text
    assert "A recent PET-CT report, please." in page_text
    shot(family, "referral-3-family-status-es")
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFERRAL_RELAYED, case_reference=case.reference
        ).count()
        == 2
    )
