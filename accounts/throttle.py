"""Staff sign-in's brake while the cache is away.

The sign-in rate limit (NAVIGATOR_RATES["staff_sign_in"]) counts in Redis. django-axes
locks a username after a few failures from one address, but only the rate limit stops one
address from trying many usernames. So when Redis cannot count, staff sign-in does not fail
open as the families' forms do: it counts that address's failed sign-ins in the audit
trail, and refuses past the same rate.

The audit trail lives above accounts (it uses accounts' staff gate), so audit registers
the counter when Django starts (AuditConfig.ready), as documents registers its workspace
panel with cases.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from core.client_address import client_ip
from core.ratelimits import parse_rate

# (ip_address, since) -> how many sign-ins failed from that address since then
FailureCounter = Callable[[str, datetime], int]
_counter: FailureCounter | None = None


def register_failure_counter(counter: FailureCounter) -> None:
    global _counter
    _counter = counter


def too_many_failed_sign_ins(request, rate: str) -> bool:
    """True when the client's address has had `rate` failed sign-ins within its period.
    Without an address or a counter, nothing can be counted: refuse (fail closed)."""
    address = client_ip(request)
    if _counter is None or address is None:
        return True
    allowed, seconds = parse_rate(rate)
    return _counter(address, timezone.now() - timedelta(seconds=seconds)) >= allowed
