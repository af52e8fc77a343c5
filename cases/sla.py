"""Service-level arithmetic: when first contact with a family is due.

The clock runs only on the coordinator's working days, and stops on holidays. Plain
functions over plain values.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS_AHEAD = 3660  # a calendar with no working days at all would loop forever


def add_working_hours(
    start: datetime,
    hours: float,
    *,
    working_days: set[int] | frozenset[int],
    holidays: set[date] | frozenset[date] = frozenset(),
    tz: str = "UTC",
) -> datetime:
    """`start` plus `hours` of clock time that falls on working days, in UTC."""
    zone = ZoneInfo(tz)
    days = set(working_days) or set(range(7))
    local = start.astimezone(zone)
    remaining = timedelta(hours=hours)
    for _ in range(MAX_DAYS_AHEAD):
        day = local.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        if day.weekday() in days and day not in holidays:
            available = next_midnight - local
            if remaining <= available:
                return (local + remaining).astimezone(UTC)
            remaining -= available
        local = next_midnight
    raise ValueError("no working day within ten years")


# "Overdue" is defined here once. Case.is_overdue calls is_overdue(); the queryset method
# Case.objects.overdue() filters with overdue_lookups(), the same rule written as lookups
# (tests/cases/test_sla.py checks that both agree).


def is_overdue(
    due: datetime | None, contacted: datetime | None, now: datetime, *, closed: bool = False
) -> bool:
    """First contact was due before `now` and has not happened; a closed case never is."""
    return due is not None and contacted is None and due < now and not closed


def overdue_lookups(now: datetime, *, closed: str) -> tuple[dict, dict]:
    """is_overdue() as queryset lookups: (filter, exclude), for the status value `closed`."""
    return (
        {"first_contact_due_at__lt": now, "first_contacted_at__isnull": True},
        {"status": closed},
    )
