"""Rate limits for public POSTs and staff sign-in, named so settings can tune them.

The counters live in the cache (Redis). When Redis is away the counters cannot be read, and
a limit fails open (RATELIMIT_FAIL_OPEN) so that a family can still send their inquiry,
unless the view gives `when_cache_fails`, a brake of its own that does not need the cache
(staff sign-in counts failed sign-ins in the database: see accounts/throttle.py).
"""

import logging
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.utils.decorators import method_decorator
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RATE = re.compile(r"^(?P<count>\d+)/(?P<multiplier>\d*)(?P<unit>[smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/h" -> (30, 3600): how many in how many seconds (django-ratelimit's format)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    multiplier = int(match["multiplier"] or 1)
    return int(match["count"]), multiplier * UNIT_SECONDS[match["unit"]]


def _usage(request, name: str) -> dict | None:
    """This POST counted against NAVIGATOR_RATES[name]; None when the cache cannot count."""
    try:
        return get_usage(
            request,
            group=f"navigator:{name}",
            key="ip",  # REMOTE_ADDR: the client's own, see core/client_address.py
            rate=lambda group, request: settings.NAVIGATOR_RATES[name],
            method="POST",
            increment=True,
        )  # None when the cache did not answer (RATELIMIT_FAIL_OPEN)
    except (RedisError, OSError) as error:  # a cache that raises rather than forgives
        logger.warning("rate limit %s: the cache failed (%s)", name, type(error).__name__)
        return None


def limit(name: str, *, when_cache_fails: Callable[..., bool] | None = None):
    """Limit POSTs to a view per client address, at the rate NAVIGATOR_RATES[name].

    `when_cache_fails(request, rate)` decides, while the cache cannot count, whether this
    request is over the limit; without it the limit fails open meanwhile."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and getattr(settings, "RATELIMIT_ENABLE", True):
                usage = _usage(request, name)
                if usage is not None:
                    limited = usage["should_limit"]
                else:
                    rate = settings.NAVIGATOR_RATES[name]
                    limited = when_cache_fails is not None and when_cache_fails(request, rate)
                if limited:
                    raise Ratelimited()
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def limit_class(name: str, **options):
    return method_decorator(limit(name, **options), name="dispatch")
