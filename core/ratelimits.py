"""Rate limits for public POSTs and staff sign-in, named so settings can tune them."""

from django.conf import settings
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


def limit(name: str):
    """Limit POSTs to a view per client address, at the rate NAVIGATOR_RATES[name]."""
    return ratelimit(
        group=f"navigator:{name}",
        key="ip",
        rate=lambda group, request: settings.NAVIGATOR_RATES[name],
        method="POST",
        block=True,
    )


def limit_class(name: str):
    return method_decorator(limit(name), name="dispatch")
