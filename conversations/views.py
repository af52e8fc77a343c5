"""The coordinator's side of the conversation: the whole thread with the reply form (also
where a refused reply comes back, with the flagged sentences next to the text), and
sending. Only cases the user may see; the rest is the same audited 404."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from audit.models import AuditEvent
from audit.services import record
from cases.selectors import case_for_staff_or_404
from core.errors import ApplicationError

from . import placeholders, selectors, services
from .staff_forms import StaffMessageForm


def _page(request, case, form, *, flags=(), status=200):
    return render(
        request,
        "conversations/staff/conversation.html",
        {
            "case": case,
            "panel": selectors.workspace_panel(case, request.user),
            "thread": list(selectors.thread(case=case)),
            "form": form,
            "flags": list(flags),
        },
        status=status,
    )


@case_worker_required
def conversation(request, reference: str):
    """The thread, and the reply form (prefilled from a template with ?template=<id>)."""
    case = case_for_staff_or_404(user=request.user, reference=reference)
    record(AuditEvent.Action.CASE_VIEWED, case_reference=case.reference, object_type="conversation")
    initial = {"key": uuid.uuid4()}
    chosen = selectors.templates_for(case=case).filter(pk=_int(request.GET.get("template")))
    if (template := chosen.first()) is not None:
        values = selectors.template_values(case=case, user=request.user)
        initial |= {"body": placeholders.fill(template.body, values), "template": template.pk}
    return _page(request, case, StaffMessageForm(initial=initial, case=case))


@case_worker_required
@require_POST
def send(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    form = StaffMessageForm(request.POST, case=case)
    if not form.is_valid():
        return _page(request, case, form, status=400)
    try:
        services.message_from_staff(
            case=case,
            by=request.user,
            body=form.cleaned_data["body"],
            idempotency_key=form.cleaned_data["key"],
            template=form.cleaned_data["template"],
        )
    except services.MessageRefusedError as refused:
        form.add_error("body", str(refused))
        return _page(request, case, form, flags=refused.flags, status=409)
    except ApplicationError as refused:
        form.add_error("body", str(refused))
        return _page(request, case, form, status=409)
    messages.success(request, "Message sent. The family gets an e-mail notice without its text.")
    return redirect(case.get_absolute_url() + "#conversation-title")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
