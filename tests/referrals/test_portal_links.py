"""The partner's link and one-time code, against PostgreSQL: what the e-mails say, the
token and code rules, the lockout, and the coordinator revoking or reissuing a link."""

from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import TimelineEvent
from claims import gate
from core.tokens import hash_token
from referrals import portal
from referrals.errors import ReferralRefusedError
from referrals.models import PortalDevice, PortalLink
from tests.factories import coordinator, gate_verdict

from .portal_helpers import COVER, FINDINGS, QUESTION, send_referral

pytestmark = pytest.mark.django_db


def test_the_link_email_is_sent_after_commit_in_the_contacts_language(
    postgres, django_capture_on_commit_callbacks
):
    referral, token = send_referral(django_capture_on_commit_callbacks, language="es")
    message = mail.outbox[-1]
    assert message.to == [referral.contact_email]
    assert referral.case.reference in message.subject
    assert "Registros para su revisión" in message.subject  # Spanish, from the catalogue
    assert COVER in message.body  # the coordinator's cover note, as written
    assert f"/partner/{token}/" in message.body
    # No health data beyond the reference and the cover note.
    assert QUESTION not in message.body and FINDINGS not in message.body
    link = PortalLink.objects.get(referral=referral)
    assert link.token_hash == hash_token(token) and token not in link.token_hash


def test_a_partner_email_the_gate_holds_is_not_sent_and_the_coordinator_sees_why(
    postgres, django_capture_on_commit_callbacks
):
    held = gate_verdict("review", "We are sure the team will accept him.")
    # Only the e-mail's gate holds (the referral's own wording was judged at sending).
    email_gate = SimpleNamespace(check=lambda *args, **kwargs: held, Channel=gate.Channel)
    with mock.patch("core.mail.gate", email_gate):
        with pytest.raises(AssertionError):  # the helper finds no e-mail
            send_referral(django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if "/partner/" in m.body]
    link = PortalLink.objects.get()
    assert link.revoked_at is not None and "claims gate" in link.revoked_reason
    event = TimelineEvent.objects.get(kind=TimelineEvent.Kind.EMAIL_HELD)
    assert "We are sure the team will accept him." in event.message
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EMAIL_HELD, detail__startswith="partner portal_link"
    ).exists()


def test_wrong_expired_revoked_and_locked_links_all_find_nothing(
    postgres, django_capture_on_commit_callbacks
):
    referral, token = send_referral(django_capture_on_commit_callbacks)
    assert portal.link_for_token(token) is not None
    assert portal.link_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert portal.link_for_token("") is None
    link = PortalLink.objects.get(referral=referral)
    for change in (
        {"expires_at": timezone.now() - timedelta(seconds=1)},
        {"revoked_at": timezone.now()},
        {"locked_at": timezone.now()},
    ):
        PortalLink.objects.filter(pk=link.pk).update(**change)
        assert portal.link_for_token(token) is None, change
        PortalLink.objects.filter(pk=link.pk).update(
            expires_at=link.expires_at, revoked_at=None, locked_at=None
        )
    assert portal.link_for_token(token) is not None


def test_a_code_is_six_digits_stored_only_as_a_hash_and_expires(
    postgres, django_capture_on_commit_callbacks, settings
):
    referral, token = send_referral(django_capture_on_commit_callbacks)
    link = portal.link_for_token(token)
    assert portal.code_send(link=link)
    code = mail.outbox[-1].body.split()[
        [i for i, w in enumerate(mail.outbox[-1].body.split()) if w.isdigit() and len(w) == 6][0]
    ]
    link.refresh_from_db()
    assert len(code) == 6 and code not in link.code_hash and len(link.code_hash) == 64
    assert link.code_expires_at - timezone.now() <= timedelta(
        minutes=settings.NAVIGATOR_PORTAL_CODE_MINUTES
    )
    PortalLink.objects.filter(pk=link.pk).update(code_expires_at=timezone.now())
    check = portal.code_verify(link=link, code=code, ip_address="203.0.113.9", user_agent="t")
    assert check.result == portal.CodeResult.EXPIRED
    link.refresh_from_db()
    assert link.failed_codes == 0 and not PortalDevice.objects.exists()


def test_a_new_code_waits_a_minute_after_the_last(postgres, django_capture_on_commit_callbacks):
    referral, token = send_referral(django_capture_on_commit_callbacks)
    link = portal.link_for_token(token)
    sent_before = len(mail.outbox)
    assert portal.code_send(link=link)
    assert not portal.code_send(link=link)
    assert len(mail.outbox) == sent_before + 1
    PortalLink.objects.filter(pk=link.pk).update(
        code_expires_at=timezone.now() + portal.code_lifetime() - timedelta(seconds=61)
    )
    assert portal.code_send(link=link)
    assert len(mail.outbox) == sent_before + 2


def test_the_right_code_marks_the_device_and_the_old_code_is_spent(
    postgres, django_capture_on_commit_callbacks
):
    from .portal_helpers import last_code

    referral, token = send_referral(django_capture_on_commit_callbacks)
    link = portal.link_for_token(token)
    portal.code_send(link=link)
    code = last_code(link.email)
    check = portal.code_verify(link=link, code=code, ip_address="203.0.113.9", user_agent="UA")
    assert check.result == portal.CodeResult.ACCEPTED and check.device_token
    device = PortalDevice.objects.get(link=link)
    assert device.device_hash == hash_token(check.device_token)
    assert device.ip_address == "203.0.113.9" and device.user_agent == "UA"
    assert portal.device_known(link, check.device_token)
    assert not portal.device_known(link, check.device_token + "x")
    again = portal.code_verify(link=link, code=code, ip_address=None, user_agent="")
    assert again.result == portal.CodeResult.EXPIRED  # used once only


def test_five_wrong_codes_lock_the_link_and_the_coordinator_sees_it(
    postgres, django_capture_on_commit_callbacks
):
    from .portal_helpers import last_code

    referral, token = send_referral(django_capture_on_commit_callbacks)
    link = portal.link_for_token(token)
    portal.code_send(link=link)
    right = last_code(link.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    results = [
        portal.code_verify(link=link, code=wrong, ip_address=None, user_agent="").result
        for _ in range(5)
    ]
    assert results == [portal.CodeResult.WRONG] * 4 + [portal.CodeResult.LOCKED]
    link.refresh_from_db()
    assert link.locked_at is not None and link.failed_codes == 5
    # Locked: even the right code does nothing now, and the link is like a wrong one.
    late = portal.code_verify(link=link, code=right, ip_address=None, user_agent="")
    assert late.result == portal.CodeResult.LOCKED and not PortalDevice.objects.exists()
    assert portal.link_for_token(token) is None
    actor = f"partner:{link.email}"
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.PORTAL_CODE_FAILED, actor_username=actor
        ).count()
        == 5
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PORTAL_LOCKED, actor_username=actor
    ).exists()
    assert referral.case.timeline.filter(message__contains="locked after 5 wrong codes").exists()
    assert portal.link_state(link) == "locked"


def test_wrong_codes_in_a_row_reset_after_the_right_one(
    postgres, django_capture_on_commit_callbacks
):
    from .portal_helpers import last_code

    referral, token = send_referral(django_capture_on_commit_callbacks)
    link = portal.link_for_token(token)
    portal.code_send(link=link)
    right = last_code(link.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(4):
        portal.code_verify(link=link, code=wrong, ip_address=None, user_agent="")
    assert portal.code_verify(link=link, code=right, ip_address=None, user_agent="").result == (
        portal.CodeResult.ACCEPTED
    )
    link.refresh_from_db()
    assert link.failed_codes == 0 and link.locked_at is None


def test_the_coordinator_revokes_a_link_and_issues_a_new_one(
    postgres, django_capture_on_commit_callbacks
):
    referral, token = send_referral(django_capture_on_commit_callbacks)
    coord = referral.created_by
    assert portal.link_revoke(referral=referral, by=coord, reason="sent to the wrong desk") == 1
    assert portal.link_for_token(token) is None
    with pytest.raises(ReferralRefusedError, match="no open portal link"):
        portal.link_revoke(referral=referral, by=coord)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PORTAL_LINK_REVOKED).exists()
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        portal.link_reissue(referral=referral, by=coord)
    assert len(mail.outbox) == before + 1
    from .portal_helpers import LINK

    new_token = LINK.search(mail.outbox[-1].body).group(1)
    assert new_token != token and portal.link_for_token(new_token) is not None
    assert portal.link_for_token(token) is None
    assert PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).count() == 1


def test_no_new_link_for_a_withdrawn_referral(postgres, django_capture_on_commit_callbacks):
    from referrals import services

    referral, token = send_referral(django_capture_on_commit_callbacks)
    services.referral_cancel(referral=referral, by=referral.created_by, reason="family asked")
    with pytest.raises(ReferralRefusedError):
        portal.link_reissue(referral=referral, by=coordinator("other"))
    assert portal.link_for_token(token) is None


def test_no_new_link_once_the_family_withdrew_consent(postgres, django_capture_on_commit_callbacks):
    from referrals import consent

    referral, token = send_referral(django_capture_on_commit_callbacks)
    consent.consent_withdraw(case=referral.case, organisation=referral.organisation)
    before = len(mail.outbox)
    with pytest.raises(ReferralRefusedError, match="no longer agrees"):
        with django_capture_on_commit_callbacks(execute=True):
            portal.link_reissue(referral=referral, by=referral.created_by)
    assert len(mail.outbox) == before
    assert not PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).exists()


def test_no_new_link_once_the_data_sharing_agreement_ended(
    postgres, django_capture_on_commit_callbacks
):
    referral, _ = send_referral(django_capture_on_commit_callbacks)
    organisation = referral.organisation
    organisation.agreement_expires_on = timezone.localdate() - timedelta(days=1)
    organisation.save()
    with pytest.raises(ReferralRefusedError, match="no data-sharing agreement"):
        portal.link_reissue(referral=referral, by=referral.created_by)
