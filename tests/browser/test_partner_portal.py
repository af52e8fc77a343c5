"""The partner's side in Debian's chromium: open the e-mailed link, ask for and enter the
code, download a report, ask for more information. (The whole referral journey, with the
coordinator and the family, is in test_journeys.py.)"""

import re

import pytest
from django.core import mail

from audit.models import AuditEvent
from referrals.models import Referral, ReferralResponse
from tests.referrals.portal_helpers import send_referral

from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class _RunAtOnce:
    """send_referral's capture(execute=True): after a real commit, on_commit already ran."""

    def __call__(self, execute=True):
        from contextlib import nullcontext

        return nullcontext()


def test_a_partner_opens_the_link_enters_the_code_downloads_and_asks_for_more(new_page, shot):
    referral, token = send_referral(_RunAtOnce(), language="en")
    page = new_page(DESKTOP)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"{page.base}/partner/{token}/")
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("One-time code").fill(code)
    page.get_by_role("button", name="Open the records").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="The referral question").is_visible()
    report = referral.reports.get()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(report.original_name)).click()
    assert download.value.suggested_filename == report.original_name
    page.get_by_label("More information needed").check()
    page.get_by_label("Records or tests you need").fill("The latest MRD result, please.")
    page.get_by_label("Message to the coordinator").fill("Thank you; we will look again then.")
    shot(page, "partner-portal")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your answer was sent to the coordinator").is_visible()
    answer = ReferralResponse.objects.get()
    assert answer.requested_records == "The latest MRD result, please."
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ON_HOLD
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PORTAL_DOWNLOADED,
        actor_username=f"partner:{referral.contact_email}",
    ).exists()
    assert not violations, violations
