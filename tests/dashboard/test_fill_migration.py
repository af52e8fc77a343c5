"""Cases that existed before the dashboard get its stored measures from the migration."""

from datetime import UTC, date, datetime

import pytest

from tests.support import latest_migrations, migrate_to

BEFORE = [("cases", "0021_alert_kind_reassigned")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_cases_get_working_hours_and_records_complete(postgres):
    old = migrate_to(BEFORE)
    Case = old.get_model("cases", "Case")
    User = old.get_model("auth", "User")
    ana = User.objects.create(username="ana")
    old.get_model("cases", "CoordinatorProfile").objects.create(
        user=ana, languages=["en"], working_days=[0, 1, 2, 3, 4], time_zone="UTC"
    )
    old.get_model("cases", "Holiday").objects.create(day=date(2026, 3, 3), name="Off")

    def make(reference, **fields):
        return Case.objects.create(
            reference=reference,
            condition_area="blood",
            language="en",
            country="ES",
            urgency="routine",
            submitted_at=datetime(2026, 3, 2, 20, tzinfo=UTC),
            **fields,
        )

    contacted = make(
        "NAV-M-1", coordinator=ana, first_contacted_at=datetime(2026, 3, 4, 2, tzinfo=UTC)
    )
    waiting = make("NAV-M-2")
    events = old.get_model("cases", "TimelineEvent").objects
    for message in (
        "Status: New → In review",
        "Status: In review → Records complete",
        "Status: Records complete → Records requested",
        "Status: Records requested → Records complete",
    ):
        events.create(case=contacted, kind="status_changed", message=message)
    first_complete = events.filter(message__endswith="→ Records complete").order_by("created_at")[0]

    new = migrate_to(latest_migrations())

    Case = new.get_model("cases", "Case")
    # Monday 20:00 to Wednesday 02:00, Tuesday a holiday for everyone: 4 + 2 hours.
    assert Case.objects.get(pk=contacted.pk).first_contact_working_hours == 6
    assert Case.objects.get(pk=contacted.pk).records_completed_at == first_complete.created_at
    assert Case.objects.get(pk=waiting.pk).first_contact_working_hours is None
    assert Case.objects.get(pk=waiting.pk).records_completed_at is None
