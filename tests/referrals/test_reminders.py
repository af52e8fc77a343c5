"""One reminder to the partner before the deadline, counted in working days."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail

from referrals import reminders, services
from referrals.models import Referral

from .portal_helpers import send_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(postgres, django_capture_on_commit_callbacks):
    referral, _ = send_referral(django_capture_on_commit_callbacks, language="en")
    # Due on Friday 18 December 2026.
    Referral.objects.filter(pk=referral.pk).update(response_due_on=date(2026, 12, 18))
    return Referral.objects.get(pk=referral.pk)


def reminders_to(referral):
    return [m for m in mail.outbox if m.to == [referral.contact_email] and "Reminder" in m.subject]


def test_the_partner_is_reminded_once_two_working_days_before(referral):
    assert reminders.referrals_remind(today=date(2026, 12, 15)) == 0  # three working days
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 1  # two working days
    assert reminders.referrals_remind(today=date(2026, 12, 17)) == 0  # once only
    sent = reminders_to(referral)
    assert len(sent) == 1
    assert referral.case.reference in sent[0].subject and "Dec. 18, 2026" in sent[0].subject
    assert "/partner/" not in sent[0].body  # it points to the first e-mail, no new token
    referral.refresh_from_db()
    assert referral.reminder_sent_at is not None
    assert referral.case.timeline.filter(message__startswith="Reminder e-mailed").exists()


def test_weekends_do_not_count_towards_the_reminder(referral):
    Referral.objects.filter(pk=referral.pk).update(response_due_on=date(2026, 12, 22))  # Tue
    assert reminders.referrals_remind(today=date(2026, 12, 17)) == 0  # Thu: 3 working days
    assert reminders.referrals_remind(today=date(2026, 12, 18)) == 1  # Fri: Mon, Tue


def test_no_reminder_once_the_partner_answered_or_after_the_deadline(referral):
    services.response_record(
        referral=referral,
        kind="will_review",
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key="a" * 32,
    )
    assert reminders.referrals_remind(today=date(2026, 12, 17)) == 0
    assert not reminders_to(referral)


def test_no_reminder_for_a_deadline_already_past(referral):
    assert reminders.referrals_remind(today=date(2026, 12, 21)) == 0
    assert not reminders_to(referral)


def test_a_failing_mail_server_lets_the_next_sweep_try_again(referral):
    with mock.patch("referrals.reminders.send_partner_email", side_effect=OSError("smtp down")):
        assert reminders.referrals_remind(today=date(2026, 12, 16)) == 0
    referral.refresh_from_db()
    assert referral.reminder_sent_at is None
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 1


def test_the_beat_schedule_runs_the_reminder_task():
    from navigator.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["remind-partners"]
    assert entry["task"] == "referrals.reminder_tasks.remind_partners"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_no_reminder_once_the_family_withdrew_consent(referral):
    from referrals import consent

    consent.consent_withdraw(case=referral.case, organisation=referral.organisation)
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 0
    assert not reminders_to(referral)


def test_no_reminder_to_a_revoked_link_until_a_new_one_is_sent(
    referral, django_capture_on_commit_callbacks
):
    from referrals import portal

    portal.link_revoke(referral=referral, by=referral.created_by, reason="wrong desk")
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        portal.link_reissue(referral=referral, by=referral.created_by)
    assert reminders.referrals_remind(today=date(2026, 12, 16)) == 1
