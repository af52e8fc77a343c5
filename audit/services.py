"""Writing the audit trail.

Events raised while a request is handled are collected and written by
audit.middleware.AuditMiddleware after the view has finished, outside any transaction the
view used. So a request whose transaction rolls back, or that fails after reading a case,
still leaves its record. Outside a request (tasks, commands) events are written at once.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.http import Http404

from core.client_address import client_ip

from .models import AuditEvent

logger = logging.getLogger(__name__)
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "audit_pending", default=None
)
_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def _client_ip(request) -> str | None:
    # The address rate limits and django-axes use too: behind a proxy listed in
    # NAVIGATOR_TRUSTED_PROXIES, the client's own (core/client_address.py).
    return client_ip(request)


def record(
    action: str,
    *,
    actor=None,
    case_reference: str = "",
    object_type: str = "",
    object_id="",
    detail: str = "",
    request=None,
    actor_name: str = "",
) -> AuditEvent:
    """Record one event. `detail` is for workflow facts only (e.g. "new -> in_review"),
    never for anything the family wrote. `actor_name` names someone who is not a user,
    e.g. "partner:name@hospital.example" for a partner contact on the review portal."""
    request = request or _request.get()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    event = AuditEvent(
        actor_id=getattr(actor, "pk", None),
        actor_username=(actor.get_username() if actor is not None else actor_name)[:150],
        action=action,
        case_reference=case_reference,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=detail[:300],
        ip_address=_client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        path=(request.path if request is not None else "")[:300],
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
    else:
        event.save()
    return event


def flush() -> None:
    pending = _pending.get()
    if pending:
        AuditEvent.objects.bulk_create(pending)
        pending.clear()


@contextmanager
def collecting(request):
    """Collect the events raised while handling `request`, and write them at the end,
    outside whatever transaction the view used."""
    pending_token = _pending.set([])
    request_token = _request.set(request)
    try:
        yield
    finally:
        try:
            flush()
        except Exception:  # the trail must be loud when it cannot be written
            logger.exception("could not write audit events")
            raise
        finally:
            _pending.reset(pending_token)
            _request.reset(request_token)


def deny(*, case_reference: str, object_type: str, object_id="") -> Http404:
    """Someone asked for a case, or a thing on a case, that they may not see (or that does
    not exist): write it to the trail and return the plain 404 to raise, the same either
    way. Usage: `raise audit.deny(case_reference=..., object_type="document", object_id=7)`."""
    record(
        AuditEvent.Action.ACCESS_DENIED,
        case_reference=case_reference[:20],
        object_type=object_type,
        object_id=object_id,
    )
    return Http404()


def find_on_case_or_404(queryset, *, case_reference: str, object_type: str, pk):
    """The object with this id in `queryset` (already limited to one case), or an audited
    404. One rule for documents, generated PDFs and whatever a case holds next."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise deny(case_reference=case_reference, object_type=object_type, object_id=pk)
    return found
