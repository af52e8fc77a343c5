"""Reads of the audit trail."""

from django.core.paginator import Paginator

from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50


def failed_sign_ins(ip_address: str, since) -> int:
    """How many sign-ins failed from this address since then: staff sign-in's brake while
    the cache cannot count (accounts/throttle.py; audit_failed_sign_in_idx serves it)."""
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN_FAILED, ip_address=ip_address, created_at__gte=since
    ).count()


def audit_page(*, params, page: str | None):
    """The filter set (with its errors) and one page of matching events, newest first."""
    filterset = AuditEventFilter(params, queryset=AuditEvent.objects.all())
    return filterset, Paginator(filterset.qs, PAGE_SIZE).get_page(page)
