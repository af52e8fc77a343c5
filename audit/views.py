"""The audit trail for supervisors at /staff/audit/."""

from django.shortcuts import render

from accounts.decorators import supervisor_required

from . import selectors
from .models import AuditEvent


@supervisor_required
def audit_log(request):
    filterset, page = selectors.audit_page(params=request.GET, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
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
