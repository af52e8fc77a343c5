"""Response deadlines in working days: plain functions over plain values."""

from datetime import date, timedelta

WEEKDAYS = frozenset(range(5))


def add_working_days(
    start: date,
    days: int,
    *,
    holidays: frozenset[date] | set[date] = frozenset(),
    working_days: frozenset[int] | set[int] = WEEKDAYS,
) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 1:
        raise ValueError("a deadline is at least one working day away")
    day, left = start, days
    for _ in range(days * 7 + 3660):
        day += timedelta(days=1)
        if day.weekday() in working_days and day not in holidays:
            left -= 1
            if left == 0:
                return day
    raise ValueError("no working day within ten years")


def working_days_between(
    start: date,
    end: date,
    *,
    holidays: frozenset[date] | set[date] = frozenset(),
    working_days: frozenset[int] | set[int] = WEEKDAYS,
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() in working_days and day not in holidays:
            count += 1
    return count
