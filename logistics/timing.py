"""Time zones and due times of tasks: plain functions over plain values.

A due time is entered as a local date and time in a named zone, stored in UTC, and read
back in a zone (the assignee's on "My tasks", the family's on their status page).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or_none(name: str) -> ZoneInfo | None:
    """The zone of that IANA name, or None for a name that does not exist."""
    if not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock date and time in `zone`, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Buckets:
    """The edges of "overdue", "today" and "this week" for someone in one zone."""

    now: datetime
    end_of_today: datetime
    end_of_week: datetime

    def bucket(self, due: datetime) -> str:
        if due < self.now:
            return "overdue"
        if due < self.end_of_today:
            return "today"
        if due < self.end_of_week:
            return "week"
        return "later"


def buckets(now: datetime, zone: ZoneInfo) -> Buckets:
    """Today ends at the next local midnight; this week at the local midnight that starts
    next Monday (on a Sunday, "this week" is only today)."""
    today = now.astimezone(zone).date()
    tomorrow = today + timedelta(days=1)
    next_monday = today + timedelta(days=7 - today.weekday())
    return Buckets(
        now=now,
        end_of_today=datetime.combine(tomorrow, time.min, tzinfo=zone).astimezone(UTC),
        end_of_week=datetime.combine(next_monday, time.min, tzinfo=zone).astimezone(UTC),
    )
