"""Reads of the audit trail."""

from django.core.paginator import Paginator

from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50


def audit_page(*, params, page: str | None):
    """The filter set (with its errors) and one page of matching events, newest first."""
    filterset = AuditEventFilter(params, queryset=AuditEvent.objects.all())
    return filterset, Paginator(filterset.qs, PAGE_SIZE).get_page(page)
