"""The coordinator's side: the workspace panel, replying through the claims gate, access
and the audit trail, the family's language next to the reply box, and the queue's
"waiting for us" filter, count and unread badges."""

import uuid
from unittest.mock import patch

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from conversations import services
from conversations.models import Message
from tests.factories import gate_verdict, submit_case

from .conftest import key

pytestmark = pytest.mark.django_db

SAFE = "We sent the records to the hospital for their own review."
CLAIM = "Your father is eligible for the trial."


def send_url(case):
    return reverse("conversations:send", args=[case.reference])


def family_writes(case, body="When will the hospital answer?"):
    return services.message_from_family(case=case, body=body, idempotency_key=key())


def test_the_workspace_shows_the_thread_and_the_familys_language(world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(language="zh-hans")
    family_writes(case, body="请问医院什么时候回复？")
    page = world["alice_client"].get(case.get_absolute_url()).content.decode()
    assert "Conversation with the family" in page
    assert "请问医院什么时候回复？" in page
    assert "The family reads <strong>Chinese (Simplified)</strong>" in page
    assert "The family is waiting for a reply" in page


def test_the_coordinator_opening_the_case_reads_the_familys_messages(world):
    message = family_writes(world["case"])
    world["boss_client"].get(world["case"].get_absolute_url())
    message.refresh_from_db()
    assert message.read_by_staff_at is None  # a supervisor looking in does not consume it
    world["alice_client"].get(world["case"].get_absolute_url())
    message.refresh_from_db()
    assert message.read_by_staff_at is not None


def test_the_conversation_page_is_audited(world):
    case = world["case"]
    response = world["alice_client"].get(
        reverse("conversations:conversation", args=[case.reference])
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CASE_VIEWED,
        case_reference=case.reference,
        object_type="conversation",
        actor_username="alice",
    ).exists()


def test_a_coordinator_replies_from_the_workspace(world):
    case = world["case"]
    family_writes(case)
    response = world["alice_client"].post(send_url(case), {"body": SAFE, "key": str(uuid.uuid4())})
    assert response.status_code == 302
    assert response.url == case.get_absolute_url() + "#conversation-title"
    message = Message.objects.get(author=world["alice"])
    assert message.body == SAFE
    case.refresh_from_db()
    assert case.reply_due_at is None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.MESSAGE_SENT, object_id=str(message.pk), actor_username="alice"
    ).exists()


def test_a_reply_sent_twice_is_one_message(world):
    same = str(uuid.uuid4())
    for _ in range(2):
        world["alice_client"].post(send_url(world["case"]), {"body": SAFE, "key": same})
    assert Message.objects.count() == 1


def test_a_claim_is_refused_with_the_flagged_sentence_next_to_the_reply_box(world):
    case = world["case"]
    response = world["alice_client"].post(
        send_url(case), {"body": f"Good news. {CLAIM}", "key": str(uuid.uuid4())}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your father is eligible for the trial" in page
    assert 'id="reply-errors"' in page
    assert "Good news. Your father is eligible" in page  # what they typed is kept
    assert not Message.objects.exists()


def test_a_sentence_the_gate_is_unsure_about_is_shown_and_nothing_sent(world):
    unsure = gate_verdict("review", "He will do well there.", reason="sounds like an outcome")
    with patch("claims.gate.check", return_value=unsure):
        response = world["alice_client"].post(
            send_url(world["case"]), {"body": "He will do well there.", "key": str(uuid.uuid4())}
        )
    assert response.status_code == 409
    assert "sounds like an outcome" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", ["", "x" * 5001])
def test_an_empty_or_oversized_reply_is_refused_next_to_the_field(world, body):
    response = world["alice_client"].post(
        send_url(world["case"]), {"body": body, "key": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["body"]
    assert not Message.objects.exists()


def test_a_coordinator_cannot_see_or_write_to_another_coordinators_case(world):
    case = world["case"]
    family_writes(case, body="Private question")
    bob = world["bob_client"]
    page = bob.get(reverse("conversations:conversation", args=[case.reference]))
    assert page.status_code == 404
    assert "Private question" not in page.content.decode()
    sent = bob.post(send_url(case), {"body": SAFE, "key": str(uuid.uuid4())})
    assert sent.status_code == 404
    assert not Message.objects.filter(author=world["bob"]).exists()


def test_messages_never_appear_in_another_case(world):
    other = submit_case()
    Case.objects.filter(pk=other.pk).update(coordinator=world["alice"])
    family_writes(world["case"], body="About our case only")
    page = world["alice_client"].get(other.get_absolute_url()).content.decode()
    assert "About our case only" not in page
    assert "No messages yet." in page


# --- The queue -----------------------------------------------------------------------------


def test_the_queue_filters_and_counts_cases_waiting_for_us(world):
    case = world["case"]
    quiet = submit_case()
    Case.objects.filter(pk=quiet.pk).update(coordinator=world["alice"])
    family_writes(case)
    family_writes(case, body="And another thing")
    client = world["alice_client"]
    mine = reverse("cases:queue_tab", args=["mine"])
    response = client.get(mine)
    assert response.context["waiting_for_us"] == 1
    assert 'data-waiting-for-us="1"' in response.content.decode()
    waiting = client.get(mine + "?waiting=true")
    assert [c.reference for c in waiting.context["page"]] == [case.reference]
    row = waiting.context["page"].object_list[0]
    assert row.unread_family_messages == 2
    assert 'data-unread="2"' in waiting.content.decode()
    not_waiting = client.get(mine + "?waiting=false")
    assert [c.reference for c in not_waiting.context["page"]] == [quiet.reference]


def test_a_reply_takes_the_case_out_of_waiting(world):
    case = world["case"]
    family_writes(case)
    services.message_from_staff(case=case, by=world["alice"], body=SAFE, idempotency_key=key())
    response = world["alice_client"].get(
        reverse("cases:queue_tab", args=["mine"]) + "?waiting=true"
    )
    assert list(response.context["page"]) == []


def test_the_unread_counts_cost_no_query_per_row(world, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cases_with_a_message(n):
        for _ in range(n):
            other = submit_case()
            Case.objects.filter(pk=other.pk).update(coordinator=world["alice"])
            family_writes(other)

    client = world["alice_client"]
    url = reverse("cases:queue_tab", args=["mine"])
    cases_with_a_message(2)
    client.get(url)  # the session and the groups, once
    cache.clear()
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    cases_with_a_message(6)
    cache.clear()
    with django_assert_max_num_queries(len(two)):
        response = client.get(url)
    assert sum(c.unread_family_messages for c in response.context["page"]) == 8
