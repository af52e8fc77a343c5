"""The coordinators' side of records requests: the request form (blank, or started from a
partner's "more information needed" answer), marking an item, and adding a file that
arrived by another route. Thin views over records.services; only cases the user may see,
the rest an audited 404. The panel itself is in the workspace (selectors.workspace_panel).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from audit.models import AuditEvent
from audit.services import find_on_case_or_404, record
from cases.selectors import case_for_staff_or_404
from referrals.models import ReferralResponse

from . import selectors, services
from .forms import RecordsRequestForm, StaffDocumentForm
from .models import RequestedItem

MARKS = {
    "other-route": RequestedItem.Status.RECEIVED_OTHER_ROUTE,
    "not-needed": RequestedItem.Status.NOT_NEEDED,
}


def _back(case):
    return redirect(case.get_absolute_url() + "#records-title")


def _answer_or_404(case, pk) -> ReferralResponse:
    return find_on_case_or_404(
        ReferralResponse.objects.filter(
            referral__case=case, kind=ReferralResponse.Kind.MORE_INFORMATION
        ).select_related("referral__organisation"),
        case_reference=case.reference,
        object_type="referral_response",
        pk=pk,
    )


def _item_or_404(case, pk) -> RequestedItem:
    return find_on_case_or_404(
        RequestedItem.objects.filter(request__case=case).select_related("request"),
        case_reference=case.reference,
        object_type="requested_item",
        pk=pk,
    )


def _viewed(case) -> None:
    record(AuditEvent.Action.CASE_VIEWED, case_reference=case.reference, object_type="case")


@case_worker_required
def request_new(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    answer_id = request.POST.get("answer") or request.GET.get("answer")
    answer = _answer_or_404(case, answer_id) if answer_id else None
    status = 200
    if request.method == "POST":
        form = RecordsRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.records_request_create(
                    case=case,
                    by=request.user,
                    kinds=data["kinds"],
                    other_text=data["other_text"],
                    note=data["note"],
                    due_on=data["due_on"],
                    from_response=answer,
                )
            except services.NoteRefusedError as refused:
                form.add_error("note", str(refused))
            except services.RecordsRefusedError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Records requested; the family is told.")
                return _back(case)
        status = 400
    else:
        _viewed(case)
        form = RecordsRequestForm(
            initial={
                "due_on": RecordsRequestForm.default_due_on(),
                "note": services.partner_quote(answer) if answer else "",
                "answer": answer.pk if answer else None,
            }
        )
    return render(
        request,
        "records/staff/request_form.html",
        {"case": case, "form": form, "answer": answer},
        status=status,
    )


@case_worker_required
@require_POST
def item_mark(request, reference: str, pk: int, action: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    item = _item_or_404(case, pk)
    if action != "reopen" and action not in MARKS:
        return _back(case)
    try:
        if action == "reopen":
            services.requested_item_reopen(item=item, by=request.user)
        else:
            services.requested_item_mark(item=item, by=request.user, status=MARKS[action])
    except services.RecordsRefusedError as refused:
        messages.error(request, str(refused))
    else:
        done = "needed again" if action == "reopen" else f"marked {MARKS[action].label.lower()}"
        messages.success(request, f"{item.label}: {done}.")
    return _back(case)


@case_worker_required
def document_add(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    items = selectors.missing_items(case=case)
    status = 200
    if request.method == "POST":
        form = StaffDocumentForm(request.POST, request.FILES, items=items)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.records_staff_document_add(
                    case=case,
                    by=request.user,
                    checked=data["file"],
                    category=data["category"],
                    route=data["route"],
                    item=data["item"],
                )
            except ValidationError as refused:  # the case's file limits, storage
                form.add_error("file", refused)
            except services.RecordsRefusedError as refused:
                form.add_error("item" if data["item"] else None, str(refused))
            else:
                messages.success(request, f"{document.original_name} added to the case.")
                return redirect(case.get_absolute_url() + "#documents-title")
        status = 400
    else:
        _viewed(case)
        chosen = request.GET.get("item")
        item = _item_or_404(case, chosen) if chosen else None
        form = StaffDocumentForm(items=items, initial={"item": item})
    return render(
        request, "records/staff/document_form.html", {"case": case, "form": form}, status=status
    )
