"""The audit trail for supervisors at /staff/audit/."""

from django.shortcuts import render

from accounts.decorators import supervisor_required

from . import selectors
from .models import AuditEvent


@supervisor_required
def audit_log(request):
    filterset, page = selectors.audit_page(
        params=request.GET, before=request.GET.get("before"), after=request.GET.get("after")
    )
    query = request.GET.copy()
    for key in ("before", "after", "page"):
        query.pop(key, None)
    return render(
        request,
        "staff/audit.html",
        {
            "page": page,
            "filterset": filterset,
            "filters": {name: request.GET.get(name, "").strip() for name in filterset.filters},
            "actions": AuditEvent.Action.choices,
            "query": query.urlencode(),
        },
    )
