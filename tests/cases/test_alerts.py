"""Coordinator alerts: in the app always, by e-mail when chosen, never health data."""

import pytest
from django.core import mail

from cases import assignment
from cases.alerts import alerts_mark_read, alerts_unread, coordinator_alert
from cases.models import Case, CoordinatorAlert
from tests.factories import coordinator, submit_case

pytestmark = pytest.mark.django_db
Kind = CoordinatorAlert.Kind


def test_routing_a_case_alerts_its_new_coordinator():
    alice = coordinator("alice", languages=["zh-hans", "en"])
    case = submit_case()
    assignment.case_route(case=case)
    case.refresh_from_db()
    assert case.coordinator == alice
    assert [a.kind for a in alerts_unread(user=alice)] == [Kind.ASSIGNED]


def test_an_alert_is_emailed_only_to_a_coordinator_who_chose_it(django_capture_on_commit_callbacks):
    alice = coordinator("alice")
    bob = coordinator("bob")
    bob.email = "bob@example.org"
    bob.save()
    bob.coordinator_profile.email_alerts = True
    bob.coordinator_profile.save()
    case = submit_case()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_alert(case=case, kind=Kind.FAMILY_UPLOAD, user=alice)
        coordinator_alert(case=case, kind=Kind.FAMILY_UPLOAD, user=bob)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert case.reference in text
    assert case.patient.full_name not in text and case.submitter.full_name not in text
    assert CoordinatorAlert.objects.get(user=bob).emailed_at is not None


def test_an_unassigned_case_alerts_nobody():
    case = submit_case()
    assert coordinator_alert(case=case, kind=Kind.FAMILY_MESSAGE) is None


def test_reading_a_cases_alerts_leaves_the_others_unread():
    alice = coordinator("alice")
    first, second = submit_case(), submit_case()
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(coordinator=alice)
    first.refresh_from_db()
    second.refresh_from_db()
    coordinator_alert(case=first, kind=Kind.FAMILY_MESSAGE)
    coordinator_alert(case=second, kind=Kind.REFERRAL_ANSWER)
    assert alerts_mark_read(user=alice, case=first) == 1
    assert [a.case for a in alerts_unread(user=alice)] == [second]
