"""Reassigning a case asks why, records it, and tells both coordinators."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases import assignment
from cases.models import Case, CoordinatorAlert, TimelineEvent
from tests.factories import coordinator, submit_case, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(signed_in):
    alice = coordinator("alice", email="alice@example.org")
    bob = coordinator("bob", email="bob@example.org")
    bob.coordinator_profile.email_alerts = True
    bob.coordinator_profile.save()
    alice.coordinator_profile.email_alerts = True
    alice.coordinator_profile.save()
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    case.refresh_from_db()
    client = signed_in(Client(), supervisor("boss"))
    return {"alice": alice, "bob": bob, "case": case, "client": client}


def post_reassign(world, reason):
    case = world["case"]
    return world["client"].post(
        reverse("cases:workspace_action", args=[case.reference, "reassign"]),
        {"coordinator": world["bob"].pk, "version": case.version, "reason": reason},
    )


def test_the_workspace_asks_for_a_reason(handover):
    page = handover["client"].get(handover["case"].get_absolute_url()).content.decode()
    assert page.count('id="id_reason"') == 1 and "Reason for reassigning" in page


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reassigning_without_a_reason_is_refused_on_the_field(handover, reason):
    response = post_reassign(handover, reason)
    assert response.status_code == 400
    form = response.context["reassign_form"]
    assert form.errors["reason"]
    handover["case"].refresh_from_db()
    assert handover["case"].coordinator == handover["alice"]
    assert not CoordinatorAlert.objects.exists()


def test_the_reason_is_in_the_timeline_and_audit_and_both_are_told(
    handover, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_reassign(handover, "Alice is on leave next week")
    assert response.status_code == 302
    case = Case.objects.get(pk=handover["case"].pk)
    assert case.coordinator == handover["bob"]
    event = case.timeline.filter(kind=TimelineEvent.Kind.ASSIGNED).latest("created_at")
    assert "because: Alice is on leave next week" in event.message
    assert "previously alice" in event.message
    audit = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNED, case_reference=case.reference)
    assert "Alice is on leave next week" in audit.detail and audit.actor_username == "boss"
    kinds = dict(CoordinatorAlert.objects.filter(case=case).values_list("user__username", "kind"))
    assert kinds == {"bob": "assigned", "alice": "reassigned"}
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["alice@example.org", "bob@example.org"]
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert "reassigned" in alice_mail.subject and case.reference in alice_mail.subject
    assert "Alice is on leave" not in alice_mail.body  # the reason stays in the app
    assert case.get_absolute_url() not in alice_mail.body  # she can no longer open it
    bob_mail = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert case.get_absolute_url() in bob_mail.body


def test_the_previous_coordinator_sees_the_alert_without_a_dead_link(handover, signed_in):
    post_reassign(handover, "balancing the caseload")
    alice = signed_in(Client(), handover["alice"])
    page = alice.get(reverse("desk:alerts")).content.decode()
    reference = handover["case"].reference
    assert "A case of yours was reassigned to someone else" in page and reference in page
    assert handover["case"].get_absolute_url() not in page


def test_the_service_refuses_a_blank_reason():
    boss, bob = supervisor("boss"), coordinator("bob")
    case = submit_case()
    with pytest.raises(assignment.AssignmentError, match="Say why"):
        assignment.case_reassign(case=case, to=bob, by=boss, reason="  ")
    case.refresh_from_db()
    assert case.coordinator != bob


def test_a_case_from_triage_alerts_only_the_new_coordinator():
    boss, bob = supervisor("boss"), coordinator("bob")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=None)
    assignment.case_reassign(case=case, to=bob, by=boss, reason="urgent")
    assert list(CoordinatorAlert.objects.values_list("user__username", "kind")) == [
        ("bob", "assigned")
    ]
