"""Reads of the audit trail."""

from dataclasses import dataclass

from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50


def failed_sign_ins(ip_address: str, since) -> int:
    """How many sign-ins failed from this address since then: staff sign-in's brake while
    the cache cannot count (accounts/throttle.py; audit_failed_sign_in_idx serves it)."""
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN_FAILED, ip_address=ip_address, created_at__gte=since
    ).count()


@dataclass(frozen=True)
class AuditPage:
    """Newest first, by id. There is no total: counting millions of rows on every page
    would cost more than the page itself. `older` and `newer` are the ids to continue from."""

    events: list[AuditEvent]
    older: int | None
    newer: int | None

    def __iter__(self):
        return iter(self.events)


def _cursor(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def audit_page(*, params, before=None, after=None) -> tuple[AuditEventFilter, AuditPage]:
    """The filter set (with its errors) and one page of matching events, before (older
    than) or after (newer than) an event id, keyset-paginated."""
    filterset = AuditEventFilter(params, queryset=AuditEvent.objects.all())
    events = filterset.qs.order_by("-id")
    before, after = _cursor(before), _cursor(after)
    if after is not None:
        rows = list(events.filter(id__gt=after).order_by("id")[: PAGE_SIZE + 1])
        more_newer = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        more_older = True
    else:
        if before is not None:
            events = events.filter(id__lt=before)
        rows = list(events[: PAGE_SIZE + 1])
        more_older = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        more_newer = before is not None
    return filterset, AuditPage(
        events=rows,
        older=rows[-1].id if rows and more_older else None,
        newer=rows[0].id if rows and more_newer else None,
    )
