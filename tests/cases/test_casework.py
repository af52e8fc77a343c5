"""The workspace: status transitions, notes, contacts, stale forms, bad input."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import casework, notifications, workflow
from cases.models import Case, TimelineEvent
from tests.factories import coordinator, submit_case, supervisor

pytestmark = pytest.mark.django_db
S = Case.Status


@pytest.fixture
def alice_case(signed_in):
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    case.refresh_from_db()
    return signed_in(Client(), alice), alice, case


def action_url(case, action):
    return reverse("cases:workspace_action", args=[case.reference, action])


def test_the_documented_path_is_allowed_step_by_step():
    path = [
        S.NEW,
        S.IN_REVIEW,
        S.RECORDS_REQUESTED,
        S.RECORDS_COMPLETE,
        S.SHARED_WITH_HOSPITALS,
        S.AWAITING_HOSPITAL,
        S.INFORMATION_SHARED,
        S.CLOSED,
    ]
    for before, after in zip(path, path[1:], strict=False):
        assert workflow.can_move(before, after), (before, after)


def test_any_open_status_can_go_on_hold_and_come_back_to_where_it_was():
    for status in S.values:
        if status in (S.ON_HOLD, S.CLOSED):
            continue
        assert workflow.can_move(status, S.ON_HOLD)
        assert workflow.can_move(S.ON_HOLD, status, status_before_hold=status)
    assert not workflow.can_move(S.ON_HOLD, S.RECORDS_COMPLETE, status_before_hold=S.NEW)
    assert workflow.allowed_next(S.CLOSED) == []


def test_no_status_is_a_verdict():
    for value, label in S.choices:
        for word in ("eligible", "accepted", "approved", "qualif", "reject"):
            assert word not in f"{value} {label}".lower()


def test_changing_status_records_it_in_the_timeline(alice_case):
    client, alice, case = alice_case
    response = client.post(
        action_url(case, "status"), {"to": S.IN_REVIEW, "note": "Reading", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW
    event = case.timeline.get(kind=TimelineEvent.Kind.STATUS_CHANGED)
    assert (
        event.actor == alice and "New → In review" in event.message and "Reading" in event.message
    )


def test_hold_remembers_and_returns():
    case = submit_case()
    boss = supervisor()
    casework.case_change_status(case=case, to=S.IN_REVIEW, by=boss)
    casework.case_change_status(case=case, to=S.ON_HOLD, by=boss)
    case = casework.case_change_status(case=case, to=S.IN_REVIEW, by=boss)
    assert case.status == S.IN_REVIEW and case.status_before_hold == ""


def test_an_invalid_transition_is_refused_and_changes_nothing(alice_case):
    client, _alice, case = alice_case
    response = client.post(
        action_url(case, "status"), {"to": S.AWAITING_HOSPITAL, "version": case.version}
    )
    assert response.status_code == 400
    assert "to" in response.context["status_form"].errors
    case.refresh_from_db()
    assert case.status == S.NEW
    with pytest.raises(casework.TransitionRefusedError):
        casework.case_change_status(case=case, to=S.AWAITING_HOSPITAL, by=_alice)


def test_closing_needs_a_reason(alice_case):
    client, alice, case = alice_case
    response = client.post(action_url(case, "status"), {"to": S.CLOSED, "version": case.version})
    assert response.status_code == 400
    assert "close_reason" in response.context["status_form"].errors
    client.post(
        action_url(case, "status"),
        {"to": S.CLOSED, "close_reason": "duplicate", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.close_reason == "duplicate" and case.closed_at


def test_a_stale_form_says_so_and_keeps_what_was_typed(alice_case):
    client, alice, case = alice_case
    old_version = case.version
    casework.case_change_status(case=case, to=S.IN_REVIEW, by=alice)  # someone else, meanwhile
    response = client.post(
        action_url(case, "status"),
        {"to": S.RECORDS_REQUESTED, "note": "my careful note", "version": old_version},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed by someone else" in body
    assert "my careful note" in body
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW


def test_notes_are_internal_and_in_the_timeline(alice_case):
    client, alice, case = alice_case
    client.post(action_url(case, "note"), {"body": "<b>Called radiology</b>"})
    assert case.notes.get().body == "<b>Called radiology</b>"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Called radiology&lt;/b&gt;" in page
    status_page_words = [str(s) for s in case.timeline.values_list("message", flat=True)]
    assert "Internal note added" in status_page_words


def test_logging_the_first_contact_stops_the_service_level_clock(alice_case):
    client, alice, case = alice_case
    when = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        action_url(case, "contact"),
        {"channel": "call", "happened_at": when, "summary": "Introduced myself"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.first_contacted_at is not None
    assert case.contacts.get().summary == "Introduced myself"


def test_a_contact_in_the_future_is_refused(alice_case):
    client, alice, case = alice_case
    when = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        action_url(case, "contact"), {"channel": "call", "happened_at": when, "summary": "x"}
    )
    assert response.status_code == 400
    assert not case.contacts.exists()


def test_forged_ids_and_unknown_actions_change_nothing(alice_case):
    client, alice, case = alice_case
    assert client.post(action_url(case, "explode"), {}).status_code == 404
    other = submit_case()
    bob = coordinator("bob")
    Case.objects.filter(pk=other.pk).update(coordinator=bob)
    assert client.post(action_url(other, "note"), {"body": "sneaky"}).status_code == 404
    assert not other.notes.exists()


def test_overdue_cases_are_notified_once():
    supervisor("boss", email="boss@example.org")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(first_contact_due_at=timezone.now() - timedelta(hours=1))
    fresh = submit_case()  # not yet due

    notified = notifications.overdue_cases_notify()
    assert notified == [case.reference]
    assert notifications.overdue_cases_notify() == []
    fresh.refresh_from_db()
    assert fresh.overdue_notified_at is None


def test_the_overdue_email_goes_out_after_commit(django_capture_on_commit_callbacks):
    supervisor("boss", email="boss@example.org")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(first_contact_due_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.overdue_cases_notify()
        notifications.overdue_cases_notify()
    overdue = [m for m in mail.outbox if "overdue" in m.subject]
    assert len(overdue) == 1 and case.reference in overdue[0].body


def test_a_shared_note_with_a_claim_is_refused_and_shows_the_sentence(alice_case):
    client, alice, case = alice_case
    response = client.post(
        action_url(case, "note"),
        {"body": "Lovely call today. Your father qualifies for the trial.", "shareable": "on"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Your father qualifies for the trial" in body
    assert "Lovely call today" in body  # the typed text is kept in the form
    assert not case.notes.exists()


def test_a_clean_shared_note_reaches_the_family_page(alice_case):
    from intake import services as intake_services

    client, alice, case = alice_case
    client.post(
        action_url(case, "note"),
        {"body": "We sent the records to the hospital for their review.", "shareable": "on"},
    )
    client.post(action_url(case, "note"), {"body": "Internal: check the PET date."})
    token = intake_services.case_issue_status_link(case=case)
    page = Client().get(reverse("intake:status", args=[token])).content.decode()
    assert "We sent the records to the hospital for their review." in page
    assert "check the PET date" not in page


def test_family_wording_of_every_status_passes_the_claims_guard():
    from cases.family.stages import FAMILY_STAGES
    from claims.gate import find_claims

    for stage in FAMILY_STAGES.values():
        for text in (stage.headline, stage.explanation, stage.next_step):
            assert find_claims(str(text)) == [], text


def test_a_heavy_case_shows_the_newest_of_each_long_list_and_all_on_request(alice_case):
    from cases.models import CaseNote, TimelineEvent
    from cases.selectors import WORKSPACE_LIMITS

    client, author, case = alice_case
    CaseNote.objects.bulk_create(
        CaseNote(case=case, author=author, body=f"Note {n}") for n in range(60)
    )
    TimelineEvent.objects.bulk_create(
        TimelineEvent(case=case, kind="note", message=f"Event {n}") for n in range(120)
    )
    page = client.get(case.get_absolute_url())
    assert len(page.context["notes"]["rows"]) == WORKSPACE_LIMITS["notes"]
    assert page.context["notes"]["count"] == 60 and "Show all 60 notes" in page.content.decode()
    assert len(page.context["timeline"]["rows"]) == WORKSPACE_LIMITS["timeline"]
    everything = client.get(case.get_absolute_url(), {"all": "notes"})
    assert len(everything.context["notes"]["rows"]) == 60
    assert len(everything.context["timeline"]["rows"]) == WORKSPACE_LIMITS["timeline"]
