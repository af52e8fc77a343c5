"""Cases made directly, with exactly the times a measure reads."""

from datetime import UTC, datetime
from itertools import count

from cases.models import Case

_numbers = count(1)


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    """A moment in March 2026 (2 March 2026 is a Monday)."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


def case(**fields) -> Case:
    values = {
        "reference": f"NAV-T-{next(_numbers):05d}",
        "condition_area": "blood",
        "language": "en",
        "country": "ES",
        "urgency": "routine",
        "submitted_at": at(2),
    }
    values.update(fields)
    return Case.objects.create(**values)
