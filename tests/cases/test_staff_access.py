"""Least privilege, checked on the server for every role and view, and the audit trail."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import coordinator, editor, make_document, make_staff, submit_case, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(signed_in):
    alice = coordinator("alice")
    bob = coordinator("bob")
    boss = supervisor("boss")
    ed = editor("ed")
    mine = submit_case()
    theirs = submit_case()
    triage = submit_case()
    from cases.models import Case

    Case.objects.filter(pk=mine.pk).update(coordinator=alice)
    Case.objects.filter(pk=theirs.pk).update(coordinator=bob)
    Case.objects.filter(pk=triage.pk).update(coordinator=None)
    doc = make_document(theirs, original_name="bob.pdf")
    clients = {
        name: signed_in(Client(), user)
        for name, user in {"alice": alice, "bob": bob, "boss": boss, "ed": ed}.items()
    }
    return {"clients": clients, "mine": mine, "theirs": theirs, "triage": triage, "doc": doc}


def workspace(case):
    return reverse("cases:workspace", kwargs={"reference": case.reference})


def test_a_coordinator_sees_their_cases_and_triage_only(world):
    alice = world["clients"]["alice"]
    assert alice.get(workspace(world["mine"])).status_code == 200
    assert alice.get(workspace(world["triage"])).status_code == 200
    assert alice.get(workspace(world["theirs"])).status_code == 404


def test_a_guessed_case_or_document_is_a_404_and_is_logged(world):
    alice = world["clients"]["alice"]
    theirs, doc = world["theirs"], world["doc"]
    url = reverse(
        "cases:document_download", kwargs={"reference": theirs.reference, "document_id": doc.pk}
    )
    assert alice.get(url).status_code == 404
    mine_url = reverse(
        "cases:document_download",
        kwargs={"reference": world["mine"].reference, "document_id": doc.pk},
    )
    assert alice.get(mine_url).status_code == 404  # a real document id, under the wrong case
    denied = AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, actor_username="alice"
    )
    assert denied.count() == 2
    assert (
        alice.get(reverse("cases:workspace", kwargs={"reference": "NAV-2026-999999"})).status_code
        == 404
    )


def test_a_supervisor_sees_every_case(world):
    boss = world["clients"]["boss"]
    for case in (world["mine"], world["theirs"], world["triage"]):
        assert boss.get(workspace(case)).status_code == 200
    assert boss.get(reverse("cases:queue_tab", args=["all"])).status_code == 200
    assert boss.get(reverse("audit:log")).status_code == 200


def test_a_content_editor_sees_no_case_at_all(world):
    ed = world["clients"]["ed"]
    assert ed.get(reverse("cases:queue")).status_code == 403
    for case in (world["mine"], world["theirs"], world["triage"]):
        assert ed.get(workspace(case)).status_code in (403, 404)
    assert ed.get(reverse("audit:log")).status_code == 403


def test_coordinators_cannot_use_supervisor_pages(world):
    alice = world["clients"]["alice"]
    assert alice.get(reverse("cases:queue_tab", args=["all"])).status_code == 404
    assert alice.get(reverse("audit:log")).status_code == 403
    assert alice.get(reverse("cases:team")).status_code == 403
    response = alice.post(
        reverse("cases:workspace_action", args=[world["mine"].reference, "reassign"]),
        {"coordinator": 1, "version": 1},
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(workspace(world["mine"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff_login"))


def test_a_user_without_a_staff_group_is_refused(signed_in):
    nobody = make_staff("nobody", None)
    client = signed_in(Client(), nobody)
    assert client.get(reverse("cases:queue")).status_code == 403


def test_views_and_downloads_are_audited_without_health_data(world, _private_upload_root):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    boss = world["clients"]["boss"]
    doc = world["doc"]
    doc.file.name = default_storage.save("reports/aa/test", ContentFile(b"%PDF-1.4 test"))
    doc.save()
    boss.get(workspace(world["theirs"]))
    response = boss.get(
        reverse("cases:document_download", args=[world["theirs"].reference, doc.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    events = AuditEvent.objects.filter(
        actor_username="boss", case_reference=world["theirs"].reference
    )
    assert set(events.values_list("action", flat=True)) == {"case_viewed", "document_downloaded"}
    for event in events:
        assert "José" not in str(event.__dict__) and "bob.pdf" not in str(event.__dict__)


def test_the_audit_record_survives_a_request_that_fails_after_the_read(world, monkeypatch):
    from cases.views import staff

    def explode(*args, **kwargs):
        raise RuntimeError("rendering failed after the case was read")

    monkeypatch.setattr(staff, "_workspace", explode)
    client = world["clients"]["boss"]
    client.raise_request_exception = False
    response = client.get(workspace(world["mine"]))
    assert response.status_code == 500
    assert AuditEvent.objects.filter(
        action="case_viewed", case_reference=world["mine"].reference, actor_username="boss"
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_audit_record_survives_a_rolled_back_request_transaction(signed_in, settings, postgres):
    """With ATOMIC_REQUESTS on, the view's transaction rolls back; the trail does not."""
    settings.DATABASES["default"]["ATOMIC_REQUESTS"] = True
    from django.db import connection

    connection.settings_dict["ATOMIC_REQUESTS"] = True
    try:
        boss = supervisor("boss2")
        case = submit_case()
        client = signed_in(Client(), boss)
        client.raise_request_exception = False
        from unittest import mock

        with mock.patch("cases.views.staff._workspace", side_effect=RuntimeError("boom")):
            assert client.get(workspace(case)).status_code == 500
        assert AuditEvent.objects.filter(
            action="case_viewed", case_reference=case.reference
        ).exists()
    finally:
        connection.settings_dict["ATOMIC_REQUESTS"] = False


def test_the_audit_trail_cannot_be_edited_in_the_admin(world):
    event = AuditEvent.objects.create(action="sign_in", actor_username="x")
    boss = world["clients"]["boss"]
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="boss").update(is_staff=True)
    change = boss.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert (
        boss.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_refuses_to_change_the_trail(postgres):
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.create(action="sign_in", actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="y")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_supervisors_filter_the_trail(world):
    boss = world["clients"]["boss"]
    world["clients"]["alice"].get(workspace(world["mine"]))
    page = boss.get(reverse("audit:log"), {"actor": "alice", "action": "case_viewed"})
    events = list(page.context["page"])
    assert events and all(e.actor_username == "alice" and e.action == "case_viewed" for e in events)
