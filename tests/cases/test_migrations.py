"""cases 0009: notes and contact summaries from before the review queue keep what the
family saw. Shareable ones had passed the old claims rules and stay shared; the rest
stay internal."""

import pytest
from django.utils import timezone

from tests.support import migrate_to

BEFORE = [("cases", "0008_models_moved_to_their_apps")]
AFTER = [("cases", "0009_shared_text_review")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_shareable_rows_become_shared_and_the_rest_internal(postgres):
    old = migrate_to(BEFORE)
    now = timezone.now()
    case = old.get_model("cases", "Case").objects.create(
        reference="NAV-2020-000009",
        condition_area="blood",
        language="es",
        country="ES",
        urgency="soon",
        submitted_at=now,
    )
    author = old.get_model("auth", "User").objects.create(username="old.coord")
    Note = old.get_model("cases", "CaseNote")
    Contact = old.get_model("cases", "ContactLog")
    shared_note = Note.objects.create(case=case, author=author, body="Sent", shareable=True)
    internal_note = Note.objects.create(case=case, author=author, body="Internal")
    shared_contact = Contact.objects.create(
        case=case, author=author, channel="call", happened_at=now, summary="Hi", shareable=True
    )
    internal_contact = Contact.objects.create(
        case=case, author=author, channel="call", happened_at=now, summary="Internal"
    )

    new = migrate_to(AFTER)
    Note = new.get_model("cases", "CaseNote")
    Contact = new.get_model("cases", "ContactLog")

    assert Note.objects.get(pk=shared_note.pk).share_state == "shared"
    assert Note.objects.get(pk=internal_note.pk).share_state == "internal"
    assert Contact.objects.get(pk=shared_contact.pk).share_state == "shared"
    assert Contact.objects.get(pk=internal_contact.pk).share_state == "internal"
    kept = Note.objects.get(pk=shared_note.pk)
    assert kept.flags == [] and kept.reviewed_by_id is None and kept.review_reason == ""
    assert new.get_model("cases", "Case").objects.get(pk=case.pk).confirmation_held_at is None
