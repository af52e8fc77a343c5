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
    day_hours: tuple[time, time] | None = None,
) -> datetime:
    """`start` plus `hours` of clock time that falls on working days, in UTC. With
    `day_hours` (opening, closing) only that part of each working day counts, so a target
    set out of hours starts counting at the next opening."""
    zone = ZoneInfo(tz)
    days = set(working_days) or set(range(7))
    local = start.astimezone(zone)
    remaining = timedelta(hours=hours)
    for _ in range(MAX_DAYS_AHEAD):
        day = local.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        if day.weekday() in days and day not in holidays:
            opens, closes = _window(day, zone, next_midnight, day_hours)
            begin = max(local, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(UTC)
                remaining -= available
        local = next_midnight
    raise ValueError("no working day within ten years")


def _window(day: date, zone, next_midnight: datetime, day_hours) -> tuple[datetime, datetime]:
    if day_hours is None:
        return datetime.combine(day, time.min, tzinfo=zone), next_midnight
    opens, closes = day_hours
    return datetime.combine(day, opens, tzinfo=zone), datetime.combine(day, closes, tzinfo=zone)


def is_working_time(
    moment: datetime,
    *,
    working_days: set[int] | frozenset[int],
    holidays: set[date] | frozenset[date] = frozenset(),
    tz: str = "UTC",
    day_hours: tuple[time, time] | None = None,
) -> bool:
    """Whether `moment` falls inside working time on this calendar."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    day = local.date()
    if day.weekday() not in (set(working_days) or set(range(7))) or day in holidays:
        return False
    next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    opens, closes = _window(day, zone, next_midnight, day_hours)
    return opens <= local < closes


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


def working_hours_between(
    start: datetime,
    end: datetime,
    *,
    working_days: set[int] | frozenset[int],
    holidays: set[date] | frozenset[date] = frozenset(),
    tz: str = "UTC",
    day_hours: tuple[time, time] | None = None,
) -> float:
    """The hours of working time (as add_working_hours counts it) between `start` and
    `end`; 0 when `end` is not after `start`. Stored once per case, for the dashboard."""
    if end <= start:
        return 0.0
    zone = ZoneInfo(tz)
    days = set(working_days) or set(range(7))
    local, stop = start.astimezone(zone), end.astimezone(zone)
    total = timedelta()
    while local < stop:
        day = local.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        if day.weekday() in days and day not in holidays:
            opens, closes = _window(day, zone, next_midnight, day_hours)
            begin, finish = max(local, opens), min(stop, closes)
            if begin < finish:
                total += finish - begin
        local = next_midnight
    return total.total_seconds() / 3600
