"""Migrations of cases keep what was there. 0009: notes and contact summaries from before
the review queue keep what the family saw (shareable ones had passed the old claims rules
and stay shared; the rest stay internal). 0010: answers longer than the new limits stay."""

import pytest
from django.utils import timezone

from tests.support import latest_migrations, migrate_to

BEFORE = [("cases", "0008_models_moved_to_their_apps")]
AFTER = [("cases", "0009_shared_text_review")]


@pytest.fixture
def migrated_back():
    """The test migrates the database back; afterwards it is brought up to the latest
    schema again, which every later test expects."""
    yield
    migrate_to(latest_migrations())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_shareable_rows_become_shared_and_the_rest_internal(postgres, migrated_back):
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_longer_than_the_new_limits_survive_the_migration(postgres, migrated_back):
    """cases 0010 puts limits on the family's free text in validators only: rows written
    before it, longer than the limits, are migrated unchanged (the summary shortens them)."""
    old = migrate_to(AFTER)
    now = timezone.now()
    case = old.get_model("cases", "Case").objects.create(
        reference="NAV-2020-000010",
        condition_area="blood",
        language="es",
        country="ES",
        urgency="soon",
        submitted_at=now,
        help_details="h" * 9000,
    )
    old.get_model("cases", "Diagnosis").objects.create(
        case=case, condition="aml", relapsed_or_refractory="yes", ecog="1", biomarkers="b" * 9000
    )
    old.get_model("cases", "TreatmentLine").objects.create(
        case=case, position=1, kind="chemotherapy", best_response="partial", notes="n" * 9000
    )

    new = migrate_to([("cases", "0010_family_text_limits")])
    kept = new.get_model("cases", "Case").objects.get(pk=case.pk)
    assert len(kept.help_details) == 9000
    assert len(new.get_model("cases", "Diagnosis").objects.get(case=kept).biomarkers) == 9000
    assert len(new.get_model("cases", "TreatmentLine").objects.get(case=kept).notes) == 9000
