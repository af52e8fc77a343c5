"""The conversation's services: one message per form, the family's words unfiltered, the
coordinator's through the claims gate, read state per side, the reply-due clock in working
hours, and notices and alerts without message text."""

from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.family_notices import family_notices_send
from cases.models import Case, CoordinatorAlert, FamilyNotice, Holiday, TimelineEvent
from conversations import selectors, services
from conversations.models import Message
from tests.factories import gate_verdict, pdf_upload, submit_case

from .conftest import key

pytestmark = pytest.mark.django_db

SAFE = "We sent the records to the hospital for their own review."
CLAIM = "Your father is eligible for the trial."


def family_writes(case, body="When will the hospital answer?", **kwargs):
    kwargs.setdefault("idempotency_key", key())
    return services.message_from_family(case=case, body=body, **kwargs)


def test_a_family_message_is_kept_in_their_own_words_even_if_it_reads_as_a_claim(world):
    case = world["case"]
    with patch("claims.gate.check") as check:
        message = family_writes(case, body=CLAIM)
    check.assert_not_called()
    assert message.body == CLAIM
    assert message.author is None and message.from_family
    assert message.read_by_family_at is not None and message.read_by_staff_at is None
    assert case.timeline.filter(kind=TimelineEvent.Kind.MESSAGE).count() == 1


def test_the_same_form_sent_twice_makes_one_message_one_alert(world):
    case, same = world["case"], key()
    first = family_writes(case, idempotency_key=same)
    second = family_writes(case, idempotency_key=same)
    assert first.pk == second.pk
    assert Message.objects.filter(case=case).count() == 1
    assert CoordinatorAlert.objects.filter(kind=CoordinatorAlert.Kind.FAMILY_MESSAGE).count() == 1


def test_the_same_key_on_another_case_is_another_message(world):
    other = submit_case()
    same = key()
    family_writes(world["case"], idempotency_key=same)
    family_writes(other, idempotency_key=same)
    assert Message.objects.count() == 2


def test_a_family_message_alerts_the_coordinator(world):
    family_writes(world["case"])
    alert = CoordinatorAlert.objects.get()
    assert alert.user == world["alice"]
    assert alert.kind == CoordinatorAlert.Kind.FAMILY_MESSAGE


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 5001])
def test_an_empty_or_oversized_message_is_refused_and_nothing_saved(world, body):
    with pytest.raises(ValidationError):
        family_writes(world["case"], body=body)
    assert not Message.objects.exists()
    world["case"].refresh_from_db()
    assert world["case"].reply_due_at is None


def test_attachments_become_case_documents_linked_to_the_message(world, _private_upload_root):
    from core.uploads import check_upload

    message = family_writes(world["case"], attachments=[check_upload(pdf_upload("scan.pdf"))])
    document = message.attachments.get()
    assert document.case == world["case"]
    assert document.source == "family"
    assert document.original_name == "scan.pdf"


def test_attachments_over_the_case_limit_save_nothing(world, settings, _private_upload_root):
    from core.uploads import check_upload

    settings.NAVIGATOR_MAX_FILES_PER_CASE = 0
    with pytest.raises(ValidationError):
        family_writes(world["case"], attachments=[check_upload(pdf_upload("scan.pdf"))])
    assert not Message.objects.exists()
    assert not world["case"].documents.exists()
    assert not [p for p in _private_upload_root.rglob("*") if p.is_file()]


# --- The coordinator's messages and the claims gate ----------------------------------------


def test_the_gate_refuses_a_coordinators_claim_and_nothing_is_saved(world):
    case = world["case"]
    family_writes(case)
    mail.outbox.clear()
    with pytest.raises(services.MessageRefusedError) as refused:
        services.message_from_staff(case=case, by=world["alice"], body=CLAIM, idempotency_key=key())
    assert CLAIM.rstrip(".") in str(refused.value)
    assert refused.value.flags and refused.value.flags[0]["sentence"].startswith("Your father")
    assert Message.objects.filter(author__isnull=False).count() == 0
    assert not FamilyNotice.objects.exists()
    case.refresh_from_db()
    assert case.reply_due_at is not None  # still waiting for a real answer


def test_a_message_the_gate_is_unsure_about_is_not_sent_either(world):
    unsure = gate_verdict("review", "He will do well there.")
    with (
        patch("claims.gate.check", return_value=unsure),
        pytest.raises(services.MessageRefusedError),
    ):
        services.message_from_staff(
            case=world["case"],
            by=world["alice"],
            body="He will do well there.",
            idempotency_key=key(),
        )
    assert not Message.objects.exists()


def test_the_gate_is_asked_about_a_message_in_the_familys_language(world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(language="es")
    case.refresh_from_db()
    with patch("claims.gate.check", return_value=gate_verdict("pass")) as check:
        services.message_from_staff(
            case=case, by=world["alice"], body="Hola.", idempotency_key=key()
        )
    check.assert_called_once_with("Hola.", channel="message", language="es")


def test_a_sent_reply_stops_the_clock_reads_the_familys_messages_and_notifies(world):
    case = world["case"]
    asked = family_writes(case)
    services.message_from_staff(case=case, by=world["alice"], body=SAFE, idempotency_key=key())
    case.refresh_from_db()
    asked.refresh_from_db()
    assert case.reply_due_at is None
    assert asked.read_by_staff_at is not None
    assert FamilyNotice.objects.filter(case=case, event=FamilyNotice.Event.MESSAGE).count() == 1
    sent = Message.objects.get(author=world["alice"])
    assert sent.read_by_family_at is None
    assert case.timeline.filter(kind=TimelineEvent.Kind.MESSAGE, actor=world["alice"]).exists()


def test_the_first_message_to_the_family_counts_as_first_contact(world):
    case = world["case"]
    assert case.first_contacted_at is None
    sent = services.message_from_staff(
        case=case, by=world["alice"], body=SAFE, idempotency_key=key()
    )
    case.refresh_from_db()
    assert case.first_contacted_at == sent.created_at
    assert case.first_contact_working_hours is not None
    assert not Case.objects.filter(pk=case.pk).overdue(timezone.now() + timedelta(days=30))
    # A later message leaves the first contact where it was.
    services.message_from_staff(case=case, by=world["alice"], body=SAFE, idempotency_key=key())
    case.refresh_from_db()
    assert case.first_contacted_at == sent.created_at


def test_the_notice_email_carries_no_message_text(
    world, settings, django_capture_on_commit_callbacks
):
    case = world["case"]
    secret = "The bone marrow biopsy is booked for the 12th."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        services.message_from_staff(
            case=case, by=world["alice"], body=secret, idempotency_key=key()
        )
    later = timezone.now() + settings.NAVIGATOR_FAMILY_NOTICE_DELAY + timedelta(seconds=5)
    assert family_notices_send(case_id=case.pk, now=later) is True
    notice = mail.outbox[-1]
    text = notice.subject + notice.body
    assert case.reference in text
    assert "There is a new message" in text
    for private in ("bone marrow", "biopsy", secret, case.patient.full_name):
        assert private not in text


def test_no_notice_for_a_family_who_chose_no_emails(world):
    from cases.family_notices import family_notices_choose

    family_notices_choose(case=world["case"], by_email=False)
    services.message_from_staff(
        case=world["case"], by=world["alice"], body=SAFE, idempotency_key=key()
    )
    assert not FamilyNotice.objects.exists()


# --- Read state per side -------------------------------------------------------------------


def test_read_state_is_kept_per_side(world):
    case = world["case"]
    theirs = family_writes(case)
    ours = services.message_from_staff(
        case=case, by=world["alice"], body=SAFE, idempotency_key=key()
    )
    family_writes(case, body="Thank you!")
    assert selectors.unread_by_staff_count(case=case) == 1
    assert services.messages_read_by_family(case=case) == 1
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.read_by_family_at is not None
    assert services.messages_read_by_staff(case=case) == 1
    assert selectors.unread_by_staff_count(case=case) == 0


# --- The reply-due clock -------------------------------------------------------------------

FRIDAY_EVENING_MADRID = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)  # 20:00 in Madrid


def test_reply_due_counts_the_coordinators_working_hours_and_skips_a_holiday(world, settings):
    settings.NAVIGATOR_REPLY_DUE_WORKING_HOURS = 8
    Holiday.objects.create(day=date(2026, 12, 7), name="Local holiday")  # the Monday
    with patch("django.utils.timezone.now", return_value=FRIDAY_EVENING_MADRID):
        family_writes(world["case"])
    world["case"].refresh_from_db()
    # 4 hours on Friday evening, the weekend and Monday skipped, 4 more on Tuesday.
    assert world["case"].reply_due_at == datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


def test_a_running_clock_is_not_restarted_by_another_family_message(world):
    case = world["case"]
    with patch("django.utils.timezone.now", return_value=FRIDAY_EVENING_MADRID):
        family_writes(case)
    case.refresh_from_db()
    first_due = case.reply_due_at
    family_writes(case, body="One more thing.")
    case.refresh_from_db()
    assert case.reply_due_at == first_due


def test_an_unassigned_case_runs_on_the_services_calendar(settings):
    settings.NAVIGATOR_SERVICE_TIME_ZONE = "UTC"
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=None)
    case.refresh_from_db()
    with patch("django.utils.timezone.now", return_value=FRIDAY_EVENING_MADRID):
        family_writes(case)
    case.refresh_from_db()
    # Friday 19:00 UTC: 5 hours on Friday, then 3 on Monday.
    assert case.reply_due_at == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def test_nobody_writes_to_an_anonymised_case(world):
    from cases.retention import case_anonymise
    from core.errors import ApplicationError

    case_anonymise(case=world["case"])
    with pytest.raises(ApplicationError):
        services.message_from_staff(
            case=world["case"], by=world["alice"], body=SAFE, idempotency_key=key()
        )
    assert not Message.objects.exists()
