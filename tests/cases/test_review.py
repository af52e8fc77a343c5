"""Review, not silence: shared text the claims gate is sure about is refused, text it is
unsure about waits for a supervisor, who approves, edits or rejects it with a reason.

Most tests force the gate's answer (its detection is tested in tests/claims and is being
replaced); one uses the real gate on an obvious claim."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import casework, review, selectors
from cases.models import Case, CaseNote, ContactLog, ShareState, TimelineEvent
from claims import gate
from intake import services as intake_services
from tests.factories import (
    coordinator,
    editor,
    gate_verdict,
    held_text,
    submit_case,
    supervisor,
)

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("cases:review_queue")
SAFE = "We sent the records to the hospital for their own review."
UNSURE = "The team there is very positive about his chances."


@pytest.fixture
def world(signed_in):
    alice = coordinator("alice")
    boss = supervisor("boss")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice, language="es")
    case.refresh_from_db()
    return {
        "alice": alice,
        "boss": boss,
        "case": case,
        "alice_client": signed_in(Client(), alice),
        "boss_client": signed_in(Client(), boss),
    }


def action_url(item, action):
    kind = "contact" if isinstance(item, ContactLog) else "note"
    return reverse("cases:review_action", args=[kind, item.pk, action])


def family_page(case) -> str:
    token = intake_services.case_issue_status_link(case=case)
    return Client().get(reverse("intake:status", args=[token])).content.decode()


def add_shared(case, by, text, kind):
    if kind == "contact":
        return casework.case_log_contact(
            case=case,
            by=by,
            channel="call",
            happened_at=timezone.now() - timedelta(minutes=5),
            summary=text,
            shareable=True,
        )
    return casework.case_add_note(case=case, by=by, body=text, shareable=True)


# --- What the gate decides when a coordinator shares ----------------------------------------


def test_the_real_gate_refuses_an_obvious_claim_and_nothing_is_saved(world):
    case, alice = world["case"], world["alice"]
    case.language = "en"  # the gate judges English surely today
    with pytest.raises(casework.SharedTextRefusedError) as refused:
        casework.case_add_note(
            case=case, by=alice, body="Your father is eligible for the trial.", shareable=True
        )
    assert "Your father is eligible for the trial" in str(refused.value)
    assert [f["outcome"] for f in refused.value.flags] == ["block"]
    assert not CaseNote.objects.exists()
    assert not case.timeline.filter(kind=TimelineEvent.Kind.NOTE).exists()


@pytest.mark.parametrize("kind", ["note", "contact"])
def test_a_block_is_refused_with_each_sentence_and_reason_and_nothing_saved(world, kind):
    client, case = world["alice_client"], world["case"]
    blocked = gate_verdict("block", "She will be accepted.", reason="promises acceptance")
    data = {"body": "Good call. She will be accepted.", "shareable": "on"}
    if kind == "contact":
        when = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        data = {"channel": "call", "happened_at": when, "summary": data["body"], "shareable": "on"}
    with patch("claims.gate.check", return_value=blocked):
        response = client.post(reverse("cases:workspace_action", args=[case.reference, kind]), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "She will be accepted." in body and "promises acceptance" in body
    assert not CaseNote.objects.exists() and not ContactLog.objects.exists()
    case.refresh_from_db()
    assert case.first_contacted_at is None  # a refused contact is not logged either


@pytest.mark.parametrize(
    ("kind", "channel"),
    [("note", gate.Channel.SHARED_NOTE), ("contact", gate.Channel.CONTACT_SUMMARY)],
)
def test_the_gate_is_asked_with_the_channel_and_the_familys_language(world, kind, channel):
    with patch("claims.gate.check", return_value=gate_verdict("pass")) as check:
        add_shared(world["case"], world["alice"], f"  {SAFE}  ", kind)
    check.assert_called_once_with(SAFE, channel=channel, language="es")


def test_internal_text_is_not_sent_to_the_gate(world):
    with patch("claims.gate.check") as check:
        note = casework.case_add_note(case=world["case"], by=world["alice"], body=UNSURE)
    check.assert_not_called()
    assert note.share_state == ShareState.INTERNAL and not note.shareable


@pytest.mark.parametrize("kind", ["note", "contact"])
def test_a_pass_is_shared_with_the_family(world, kind):
    with patch("claims.gate.check", return_value=gate_verdict("pass")):
        item = add_shared(world["case"], world["alice"], SAFE, kind)
    assert item.share_state == ShareState.SHARED and item.flags == []
    assert [s["text"] for s in selectors.shared_with_family(case=world["case"])] == [SAFE]
    assert SAFE in family_page(world["case"])


@pytest.mark.parametrize("kind", ["note", "contact"])
def test_review_holds_the_text_away_from_the_family_with_a_timeline_entry_and_audit(world, kind):
    case, alice = world["case"], world["alice"]
    item = held_text(case, alice, f"Called today. {UNSURE}", UNSURE, kind=kind)

    item.refresh_from_db()
    assert item.share_state == ShareState.HELD and item.shareable
    assert item.flags == [{"sentence": UNSURE, "reason": "reads as a promise", "outcome": "review"}]
    assert selectors.shared_with_family(case=case) == []
    assert "Called today" not in family_page(case)
    held = case.timeline.get(kind=TimelineEvent.Kind.TEXT_HELD)
    assert held.actor == alice and "held for review" in held.message
    assert UNSURE not in held.message  # the flagged words stay on the row
    event = AuditEvent.objects.get(action=AuditEvent.Action.TEXT_HELD)
    assert event.actor_username == "alice" and event.case_reference == case.reference
    assert event.object_id == str(item.pk)
    assert event.object_type == ("contact" if kind == "contact" else "note")


def test_a_held_contact_still_counts_as_the_first_contact(world):
    case = world["case"]
    held_text(case, world["alice"], UNSURE, UNSURE, kind="contact")
    case.refresh_from_db()
    assert case.first_contacted_at is not None


def test_an_outcome_the_gate_may_add_later_is_held_not_shared(world):
    odd = gate.Verdict(outcome="escalate", channel="shared_note", language="es")
    with patch("claims.gate.check", return_value=odd):
        note = casework.case_add_note(
            case=world["case"], by=world["alice"], body=SAFE, shareable=True
        )
    assert note.share_state == ShareState.HELD


def test_the_workspace_shows_held_flags_and_a_rejection_with_its_reason(world):
    case, alice, boss = world["case"], world["alice"], world["boss"]
    held_text(case, alice, f"Held words. {UNSURE}", UNSURE)
    other = held_text(case, alice, "Second words. He should do well.", "He should do well.")
    review.shared_text_reject(item=other, by=boss, reason="Sounds like a forecast")

    page = world["alice_client"].get(case.get_absolute_url()).content.decode()
    assert "held for review" in page
    assert UNSURE in page and "reads as a promise" in page
    assert "not shared" in page and "Sounds like a forecast" in page


# --- The supervisors' list ------------------------------------------------------------------


def test_the_list_shows_each_held_item_oldest_first_with_flagged_sentences_marked_and_escaped(
    world,
):
    case, alice = world["case"], world["alice"]
    flagged = "<b>He will be cured.</b>"
    first = held_text(case, alice, f"<script>alert(1)</script> Kind words. {flagged}", flagged)
    second = held_text(case, alice, UNSURE, UNSURE, kind="contact")
    CaseNote.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=1))

    response = world["boss_client"].get(QUEUE_URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["held"].kind, r["held"].item.pk) for r in rows] == [
        ("note", first.pk),
        ("contact", second.pk),
    ]
    body = response.content.decode()
    assert "<mark>&lt;b&gt;He will be cured.&lt;/b&gt;</mark>" in body
    assert f"<mark>{UNSURE}</mark>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kind words. " in body
    assert "<script>alert" not in body and "<b>He will" not in body
    assert reverse("cases:workspace", args=[case.reference]) in body
    assert "alice" in body and "Spanish" in body


def test_the_list_leaves_out_what_is_not_held(world):
    case, alice = world["case"], world["alice"]
    with patch("claims.gate.check", return_value=gate_verdict("pass")):
        casework.case_add_note(case=case, by=alice, body=SAFE, shareable=True)
    casework.case_add_note(case=case, by=alice, body="Internal only")
    assert selectors.held_for_review() == []
    assert "Nothing is waiting for review." in world["boss_client"].get(QUEUE_URL).content.decode()


def test_the_held_count_is_one_query_and_shown_to_supervisors_only(
    world, django_assert_num_queries
):
    case, alice = world["case"], world["alice"]
    held_text(case, alice, UNSURE, UNSURE)
    held_text(case, alice, UNSURE, UNSURE, kind="contact")
    held_text(case, alice, "Third", "Third")
    with django_assert_num_queries(1):
        assert selectors.held_for_review_count() == 3

    boss_page = world["boss_client"].get(reverse("cases:queue")).content.decode()
    assert "data-held-count>3</span>" in boss_page
    alice_page = world["alice_client"].get(reverse("cases:queue")).content.decode()
    assert "data-held-count" not in alice_page


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_coordinators_and_content_editors_may_not_review(world, signed_in, who):
    user = world["alice"] if who == "coordinator" else editor("ed")
    client = world["alice_client"] if who == "coordinator" else signed_in(Client(), user)
    note = held_text(world["case"], world["alice"], UNSURE, UNSURE)

    assert client.get(QUEUE_URL).status_code == 403
    response = client.post(action_url(note, "approve"), {f"note-{note.pk}-reason": "fine"})
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.share_state == ShareState.HELD


# --- Approve, edit, reject --------------------------------------------------------------------


def reason_data(item, reason, form="decision"):
    kind = "contact" if isinstance(item, ContactLog) else "note"
    prefix = f"{kind}-{item.pk}" + ("-edit" if form == "edit" else "")
    return {f"{prefix}-reason": reason}


@pytest.mark.parametrize("kind", ["note", "contact"])
def test_approve_shares_the_text_and_audits_reviewer_and_reason(world, kind):
    case = world["case"]
    item = held_text(case, world["alice"], f"Called today. {UNSURE}", UNSURE, kind=kind)

    response = world["boss_client"].post(
        action_url(item, "approve"), reason_data(item, "Hopeful, not a promise")
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.share_state == ShareState.SHARED
    assert item.reviewed_by == world["boss"] and item.review_reason == "Hopeful, not a promise"
    assert item.reviewed_at is not None
    assert "Called today" in family_page(case)
    event = AuditEvent.objects.get(action=AuditEvent.Action.TEXT_APPROVED)
    assert event.actor_username == "boss" and "Hopeful, not a promise" in event.detail
    assert event.object_id == str(item.pk) and event.case_reference == case.reference
    entry = case.timeline.get(kind=TimelineEvent.Kind.TEXT_REVIEWED)
    assert entry.actor == world["boss"] and "approved" in entry.message


def test_reject_keeps_it_internal_and_audits_reviewer_and_reason(world):
    case = world["case"]
    note = held_text(case, world["alice"], f"Called today. {UNSURE}", UNSURE)

    response = world["boss_client"].post(
        action_url(note, "reject"), reason_data(note, "Reads as a forecast")
    )

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.share_state == ShareState.REJECTED and note.review_reason == "Reads as a forecast"
    assert note.reviewed_by == world["boss"]
    assert selectors.shared_with_family(case=case) == []
    assert "Called today" not in family_page(case)
    event = AuditEvent.objects.get(action=AuditEvent.Action.TEXT_REJECTED)
    assert event.actor_username == "boss" and "Reads as a forecast" in event.detail
    assert event.object_type == "note" and event.object_id == str(note.pk)
    assert world["boss_client"].get(QUEUE_URL).context["rows"] == []


def test_edit_reruns_the_gate_on_the_new_text_and_shares_the_edit(world):
    case = world["case"]
    note = held_text(case, world["alice"], f"Called today. {UNSURE}", UNSURE)
    data = {
        f"note-{note.pk}-edit-text": f"Called today. {SAFE}",
        **reason_data(note, "Removed the forecast", form="edit"),
    }

    with patch("claims.gate.check", return_value=gate_verdict("pass")) as check:
        response = world["boss_client"].post(action_url(note, "edit"), data)

    assert response.status_code == 302
    check.assert_called_once_with(
        f"Called today. {SAFE}", channel=gate.Channel.SHARED_NOTE, language="es"
    )
    note.refresh_from_db()
    assert note.share_state == ShareState.SHARED and note.body == f"Called today. {SAFE}"
    assert note.original_text == f"Called today. {UNSURE}"
    assert note.reviewed_by == world["boss"] and note.review_reason == "Removed the forecast"
    page = family_page(case)
    assert SAFE in page and UNSURE not in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.TEXT_EDITED)
    assert event.actor_username == "boss" and "Removed the forecast" in event.detail
    assert event.object_id == str(note.pk)


@pytest.mark.parametrize("outcome", ["review", "block"])
def test_an_edit_the_gate_still_flags_is_refused_with_the_flags_and_changes_nothing(world, outcome):
    case = world["case"]
    note = held_text(case, world["alice"], f"Called today. {UNSURE}", UNSURE)
    still = "He will surely respond."
    data = {
        f"note-{note.pk}-edit-text": f"Rewritten <i>text</i>. {still}",
        **reason_data(note, "Tried to soften it", form="edit"),
    }

    with patch("claims.gate.check", return_value=gate_verdict(outcome, still)):
        response = world["boss_client"].post(action_url(note, "edit"), data)

    assert response.status_code == 409
    body = response.content.decode()
    assert "Your edit was not shared" in body
    assert f"<mark>{still}</mark>" in body  # the flag, highlighted in the edit
    assert "Rewritten &lt;i&gt;text&lt;/i&gt;." in body  # what was typed, escaped and kept
    note.refresh_from_db()
    assert note.share_state == ShareState.HELD and note.body == f"Called today. {UNSURE}"
    assert note.original_text == "" and note.reviewed_by is None
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TEXT_EDITED).exists()
    assert not case.timeline.filter(kind=TimelineEvent.Kind.TEXT_REVIEWED).exists()


@pytest.mark.parametrize("action", ["approve", "reject", "edit"])
def test_every_decision_needs_a_written_reason(world, action):
    note = held_text(world["case"], world["alice"], UNSURE, UNSURE)
    form = "edit" if action == "edit" else "decision"
    data = reason_data(note, "   ", form=form)
    if action == "edit":
        data[f"note-{note.pk}-edit-text"] = SAFE

    with patch("claims.gate.check", return_value=gate_verdict("pass")):
        response = world["boss_client"].post(action_url(note, action), data)

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    note.refresh_from_db()
    assert note.share_state == ShareState.HELD
    with pytest.raises(review.ReviewRefusedError, match="reason"):
        review.shared_text_approve(item=note, by=world["boss"], reason="  ")


def test_a_decision_already_made_is_not_made_again(world):
    note = held_text(world["case"], world["alice"], UNSURE, UNSURE)
    review.shared_text_reject(item=note, by=world["boss"], reason="No")

    response = world["boss_client"].post(action_url(note, "approve"), reason_data(note, "Yes"))

    assert response.status_code == 409
    assert "no longer held for review" in response.content.decode()
    note.refresh_from_db()
    assert note.share_state == ShareState.REJECTED
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TEXT_APPROVED).exists()


def test_a_supervisor_cannot_approve_their_own_text(world):
    boss = world["boss"]
    note = held_text(world["case"], boss, UNSURE, UNSURE)
    with pytest.raises(review.ReviewRefusedError, match="another supervisor"):
        review.shared_text_approve(item=note, by=boss, reason="Mine is fine")
    note.refresh_from_db()
    assert note.share_state == ShareState.HELD


def test_unknown_kinds_actions_and_items_are_404(world):
    note = held_text(world["case"], world["alice"], UNSURE, UNSURE)
    boss = world["boss_client"]
    assert (
        boss.post(reverse("cases:review_action", args=["memo", note.pk, "approve"])).status_code
        == 404
    )
    assert (
        boss.post(reverse("cases:review_action", args=["note", note.pk, "publish"])).status_code
        == 404
    )
    assert (
        boss.post(reverse("cases:review_action", args=["note", 999999, "approve"])).status_code
        == 404
    )
