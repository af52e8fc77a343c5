"""Writing the audit trail.

Events raised while a request is handled are collected and written by AuditMiddleware
after the view has finished, outside any transaction the view used. So a request whose
transaction rolls back, or that fails after reading a case, still leaves its record.
Outside a request (tasks, commands) events are written at once.
"""

import contextvars
import logging

from .models import AuditEvent

logger = logging.getLogger(__name__)
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "audit_pending", default=None
)
_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def _client_ip(request) -> str | None:
    # Behind a trusted proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For from the client is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    case_reference: str = "",
    object_type: str = "",
    object_id="",
    detail: str = "",
    request=None,
) -> AuditEvent:
    """Record one event. `detail` is for workflow facts only (e.g. "new -> in_review"),
    never for anything the family wrote."""
    request = request or _request.get()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    event = AuditEvent(
        actor_id=getattr(actor, "pk", None),
        actor_username=(actor.get_username() if actor is not None else "")[:150],
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


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending_token = _pending.set([])
        request_token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            try:
                flush()
            except Exception:  # the trail must be loud when it cannot be written
                logger.exception("could not write audit events")
                raise
            finally:
                _pending.reset(pending_token)
                _request.reset(request_token)
