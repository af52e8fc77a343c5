"""Family notices: one e-mail for a burst of changes, in the family's language, with no
health data and no message text; none for a family who chose no e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases import casework
from cases.family_notices import (
    family_notice,
    family_notices_choose,
    family_notices_send,
    family_notices_sweep,
)
from cases.models import Case, FamilyNotice
from tests.factories import coordinator, submit_case

pytestmark = pytest.mark.django_db
Event = FamilyNotice.Event


def later(settings, seconds=5):
    return timezone.now() + settings.NAVIGATOR_FAMILY_NOTICE_DELAY + timedelta(seconds=seconds)


def test_changes_close_together_reach_the_family_as_one_email(settings):
    case = submit_case()
    mail.outbox.clear()
    family_notice(case=case, event=Event.STATUS)
    family_notice(case=case, event=Event.NOTE_SHARED)
    family_notice(case=case, event=Event.STATUS)
    assert family_notices_send(case_id=case.pk, now=later(settings)) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [case.submitter.email]
    assert case.reference in message.subject
    # Each kind of change once, and nothing else about the case.
    assert message.body.count("status of your case has changed") == 1
    assert "shared a note" in message.body
    assert not FamilyNotice.objects.filter(sent_at__isnull=True).exists()
    # Sent already: a second run sends nothing.
    assert family_notices_send(case_id=case.pk, now=later(settings)) is False
    assert len(mail.outbox) == 1


def test_the_notice_carries_no_health_data_or_shared_words():
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    mail.outbox.clear()
    casework.case_add_note(
        case=case, by=alice, body="We spoke about the bone marrow results today.", shareable=True
    )
    family_notices_send(case_id=case.pk, now=timezone.now() + timedelta(hours=1))
    body = mail.outbox[-1].subject + mail.outbox[-1].body
    for private in ("bone marrow", case.patient.full_name, case.diagnosis.condition_label):
        assert private not in body


def test_a_notice_waits_while_changes_are_still_arriving(settings):
    case = submit_case()
    mail.outbox.clear()
    family_notice(case=case, event=Event.STATUS)
    assert family_notices_send(case_id=case.pk) is False  # within the delay
    assert mail.outbox == []


def test_the_notice_is_written_in_the_familys_language(settings):
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(language="es")
    case.refresh_from_db()
    mail.outbox.clear()
    family_notice(case=case, event=Event.MESSAGE)
    family_notices_send(case_id=case.pk, now=later(settings))
    assert "Hay un mensaje nuevo" in mail.outbox[0].body


def test_a_family_who_chose_no_email_gets_none(settings):
    case = submit_case()
    family_notices_choose(case=case, by_email=False)
    mail.outbox.clear()
    assert family_notice(case=case, event=Event.STATUS) is None
    assert family_notices_sweep(now=later(settings, 3600)) == 0
    assert mail.outbox == []


def test_the_sweep_sends_what_a_broker_outage_kept_back(settings):
    case = submit_case()
    mail.outbox.clear()
    family_notice(case=case, event=Event.RECORDS_REQUESTED)
    assert (
        family_notices_sweep(now=later(settings, 1)) == 0
    )  # within the grace: its task may still come
    assert family_notices_sweep(now=later(settings, 3600)) == 1
    assert len(mail.outbox) == 1 and "asked for some records" in mail.outbox[0].body


def test_a_status_change_tells_the_family():
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    casework.case_change_status(case=case, to=Case.Status.IN_REVIEW, by=alice)
    assert list(FamilyNotice.objects.filter(case=case).values_list("event", flat=True)) == [
        Event.STATUS
    ]


def test_without_a_broker_the_notice_goes_at_once(settings, django_capture_on_commit_callbacks):
    """make run without Redis runs tasks in-process and has no beat to sweep later."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    case = submit_case()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        family_notice(case=case, event=Event.MESSAGE)
    assert len(mail.outbox) == 1 and "new message" in mail.outbox[0].body
    assert not FamilyNotice.objects.filter(sent_at__isnull=True).exists()
