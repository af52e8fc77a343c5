"""The coordinator's alerts in the app: the header count, the alerts page, reading them
by opening a case or all at once, and the e-mail choice on "My settings"."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.alerts import alerts_unread, coordinator_alert
from cases.models import Case, CoordinatorAlert
from tests.factories import coordinator, editor, submit_case

pytestmark = pytest.mark.django_db
Kind = CoordinatorAlert.Kind


@pytest.fixture
def alice_with_alerts():
    alice = coordinator("alice")
    first, second = submit_case(), submit_case()
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(coordinator=alice)
    first.refresh_from_db()
    second.refresh_from_db()
    coordinator_alert(case=first, kind=Kind.FAMILY_UPLOAD)
    coordinator_alert(case=first, kind=Kind.REFERRAL_ANSWER)
    coordinator_alert(case=second, kind=Kind.FAMILY_MESSAGE)
    return alice, first, second


def unread_badge(html: str) -> str:
    start = html.index("data-unread-alerts>") + len("data-unread-alerts>")
    return html[start : html.index("<", start)]


def test_the_staff_header_counts_unread_alerts_and_links_to_them(alice_with_alerts, signed_in):
    alice, first, second = alice_with_alerts
    client = signed_in(Client(), alice)
    html = client.get(reverse("cases:queue")).content.decode()
    assert unread_badge(html) == "3"
    assert reverse("desk:alerts") in html
    page = client.get(reverse("desk:alerts")).content.decode()
    assert page.count('data-alert="unread"') == 3
    assert first.reference in page and second.reference in page
    assert "A partner answered a referral" in page
    assert reverse("cases:workspace", args=[first.reference]) in page


def test_the_header_count_costs_one_query_and_none_for_a_non_case_worker(
    alice_with_alerts, signed_in, django_assert_max_num_queries
):
    from desk.context_processors import unread_alerts

    alice, _first, _second = alice_with_alerts
    request = type("R", (), {"user": alice})()
    context = unread_alerts(request)
    with django_assert_max_num_queries(1):
        assert str(context["unread_alerts_count"]) == "3"
    request.user = editor("ed")
    assert unread_alerts(request) == {}


def test_someone_elses_alerts_are_not_counted_or_listed(alice_with_alerts, signed_in):
    bob = coordinator("bob")
    client = signed_in(Client(), bob)
    assert unread_badge(client.get(reverse("cases:queue")).content.decode()) == "0"
    page = client.get(reverse("desk:alerts")).content.decode()
    assert 'data-alert="unread"' not in page and "No alerts." in page


def test_opening_a_case_reads_its_alerts_and_leaves_the_others(alice_with_alerts, signed_in):
    alice, first, second = alice_with_alerts
    client = signed_in(Client(), alice)
    assert client.get(reverse("cases:workspace", args=[first.reference])).status_code == 200
    assert [a.case_id for a in alerts_unread(user=alice)] == [second.pk]


def test_mark_all_read_reads_every_alert_of_the_user_only(alice_with_alerts, signed_in):
    alice, first, _second = alice_with_alerts
    bob = coordinator("bob")
    coordinator_alert(case=first, kind=Kind.ASSIGNED, user=bob)
    client = signed_in(Client(), alice)
    assert client.get(reverse("desk:alerts_read_all")).status_code == 405  # POST only
    response = client.post(reverse("desk:alerts_read_all"), follow=True)
    assert "3 alert(s) marked read." in response.content.decode()
    assert not alerts_unread(user=alice).exists()
    assert alerts_unread(user=bob).count() == 1


def test_choosing_email_alerts_is_saved_audited_and_mails_only_then(
    alice_with_alerts, signed_in, django_capture_on_commit_callbacks
):
    alice, first, _second = alice_with_alerts
    alice.email = "alice@example.org"
    alice.save()
    client = signed_in(Client(), alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_alert(case=first, kind=Kind.FAMILY_UPLOAD)
    assert mail.outbox == []  # not chosen: in the app only

    page = client.get(reverse("desk:settings")).content.decode()
    assert 'name="email_alerts"' in page and "checked" not in page
    response = client.post(reverse("desk:settings"), {"email_alerts": "on"})
    assert response.status_code == 302
    alice.coordinator_profile.refresh_from_db()
    assert alice.coordinator_profile.email_alerts is True
    event = AuditEvent.objects.get(action=AuditEvent.Action.SETTINGS_CHANGED)
    assert event.actor_username == "alice" and event.detail == "email_alerts on"

    first = Case.objects.get(pk=first.pk)  # the coordinator as stored now
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_alert(case=first, kind=Kind.FAMILY_UPLOAD)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert first.reference in mail.outbox[0].subject

    client.post(reverse("desk:settings"), {})
    alice.coordinator_profile.refresh_from_db()
    assert alice.coordinator_profile.email_alerts is False
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).count() == 2


def test_a_case_worker_without_a_profile_is_told_and_nothing_changes(signed_in):
    from tests.factories import supervisor

    boss = supervisor("boss")
    client = signed_in(Client(), boss)
    response = client.post(reverse("desk:settings"), {"email_alerts": "on"})
    assert response.status_code == 400
    assert "no coordinator profile" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).exists()


def test_desk_pages_refuse_signed_out_and_non_case_workers(signed_in):
    for name in ("desk:alerts", "desk:my_day", "desk:settings"):
        assert Client().get(reverse(name)).status_code == 302
        client = signed_in(Client(), editor(f"ed-{name[5:]}"))
        assert client.get(reverse(name)).status_code == 403
