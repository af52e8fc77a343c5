"""cases/sla.py: first-contact due times across weekends and holidays."""

from datetime import UTC, date, datetime

import pytest

from cases.sla import add_working_hours, is_overdue

WEEK = frozenset({0, 1, 2, 3, 4})


def at(y, m, d, h=0, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 11, 16, 10), 24, at(2026, 11, 17, 10)),  # Monday -> Tuesday
        (at(2026, 11, 20, 15), 24, at(2026, 11, 23, 15)),  # Friday -> Monday, weekend skipped
        (at(2026, 11, 21, 10), 24, at(2026, 11, 24, 0)),  # Saturday -> end of Monday
        (at(2026, 11, 20, 15), 8, at(2026, 11, 20, 23)),  # fits in the same day
        (at(2026, 11, 20, 15), 9, at(2026, 11, 21, 0)),  # exactly the rest of Friday (24:00)
        (at(2026, 11, 16, 0), 120, at(2026, 11, 21, 0)),  # a whole working week
    ],
)
def test_weekends_do_not_count(start, hours, expected):
    assert add_working_hours(start, hours, working_days=WEEK) == expected


def test_holidays_do_not_count():
    holidays = frozenset({date(2026, 12, 24), date(2026, 12, 25)})
    start = at(2026, 12, 23, 12)  # Wednesday noon
    assert add_working_hours(start, 24, working_days=WEEK, holidays=holidays) == at(
        2026, 12, 28, 12
    )


def test_a_coordinators_own_working_days_and_time_zone_apply():
    # Works Sunday to Thursday in Riyadh (UTC+3).
    start = at(2026, 11, 19, 18)  # Thursday 21:00 in Riyadh
    due = add_working_hours(start, 24, working_days=frozenset({6, 0, 1, 2, 3}), tz="Asia/Riyadh")
    assert due == at(2026, 11, 22, 18)  # Sunday 21:00 in Riyadh


def test_no_working_days_means_every_day_counts():
    assert add_working_hours(at(2026, 11, 21), 24, working_days=frozenset()) == at(2026, 11, 22)


def test_overdue_only_without_contact():
    now = at(2026, 11, 20, 12)
    assert is_overdue(at(2026, 11, 20, 11), None, now)
    assert not is_overdue(at(2026, 11, 20, 13), None, now)
    assert not is_overdue(at(2026, 11, 20, 11), at(2026, 11, 20, 10), now)
    assert not is_overdue(None, None, now)


def test_a_closed_case_is_never_overdue():
    now = at(2026, 11, 20, 12)
    assert not is_overdue(at(2026, 11, 20, 11), None, now, closed=True)


@pytest.mark.django_db
def test_the_queryset_and_the_property_agree_on_overdue():
    """Case.objects.overdue() and Case.is_overdue state one rule; closed cases never are."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Case
    from tests.factories import submit_case

    now = timezone.now()
    grid = [
        (due, contacted, status)
        for due in (None, now - timedelta(hours=1), now + timedelta(hours=1))
        for contacted in (None, now - timedelta(hours=2))
        for status in ("new", "closed")
    ]
    for due, contacted, status in grid:
        case = submit_case()
        Case.objects.filter(pk=case.pk).update(
            first_contact_due_at=due, first_contacted_at=contacted, status=status
        )
    cases = list(Case.objects.all())
    by_property = {c.pk for c in cases if c.is_overdue}
    assert {c.pk for c in Case.objects.overdue()} == by_property
    assert {c.pk for c in Case.objects.not_overdue()} == {c.pk for c in cases} - by_property
    assert len(by_property) == 1  # due in the past, never contacted, still open
