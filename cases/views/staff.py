"""The coordinators' side: the queue, the case workspace, downloads, team and export, and
the supervisors' review of shared text the claims gate held."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import construct_change_message
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.decorators import case_worker_required, supervisor_required
from accounts.groups import COORDINATORS
from audit.models import AuditEvent
from audit.services import find_on_case_or_404, record
from core.downloads import private_file_response, private_stream_response
from core.errors import ApplicationError

from .. import (
    assignment,
    casework,
    panels,
    queue_export,
    retention,
    review,
    selectors,
    services,
)
from ..alerts import alerts_mark_read
from ..family.stages import family_stage
from ..filters import SEARCH_MATCHES_MAX
from ..highlight import split_flagged
from ..models import Case, CoordinatorProfile
from ..profile_forms import CoordinatorProfileForm
from ..staff_forms import (
    ContactForm,
    NoteForm,
    ReassignForm,
    ReviewDecisionForm,
    ReviewEditForm,
    SavedViewForm,
    StatusForm,
)

PAGE_SIZE = 25


@case_worker_required
def queue(request, tab: str = "mine"):
    if tab not in selectors.QUEUE_TABS or (tab == "all" and not roles.is_supervisor(request.user)):
        raise Http404
    filterset, rows = selectors.case_queue(user=request.user, tab=tab, params=request.GET)
    counts = selectors.queue_counts(user=request.user)
    unfiltered = not (set(request.GET) - {"page", "sort"})
    page = selectors.queue_page(
        rows, request.GET.get("page"), PAGE_SIZE, count=counts[tab] if unfiltered else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return render(
        request,
        "staff/queue.html",
        {
            "tab": tab,
            "filterset": filterset,
            "page": page,
            "counts": counts,
            "referrals_overdue": selectors.referrals_overdue_count(user=request.user, tab=tab),
            "waiting_for_us": selectors.waiting_for_us_count(user=request.user, tab=tab),
            "query": query.urlencode(),
            "unsorted_query": unsorted.urlencode(),
            "search_capped": filterset.search_capped,
            "search_limit": SEARCH_MATCHES_MAX,
            "saved_views": selectors.saved_views_for(user=request.user),
            "saved_view_form": SavedViewForm(),
            "is_supervisor": roles.is_supervisor(request.user),
            "my_figures": selectors.coordinator_figures(user=request.user)
            if roles.is_coordinator(request.user)
            else None,
        },
    )


@case_worker_required
def queue_csv(request, tab: str):
    """What the queue shows in this tab, with these filters, search and sort, as CSV (all
    pages). A refused filter exports nothing rather than everything."""
    if tab not in selectors.QUEUE_TABS or (tab == "all" and not roles.is_supervisor(request.user)):
        raise Http404
    filterset, rows = selectors.case_queue(user=request.user, tab=tab, params=request.GET)
    if not filterset.is_valid():
        messages.error(request, _("Correct the filters before downloading."))
        return redirect(f"{reverse('cases:queue_tab', args=[tab])}?{request.GET.urlencode()}")
    # The trail names the filters, not a search term (it may be someone's name).
    used = sorted(key for key, value in request.GET.items() if value and key != "page")
    record(
        AuditEvent.Action.EXPORTED,
        object_type="queue",
        object_id=tab,
        detail=f"queue CSV, tab {tab}; filters: {', '.join(used) or 'none'}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return private_stream_response(
        queue_export.csv_lines(queue_export.export_rows(rows)),
        filename=f"queue-{tab}-{stamp}.csv",
        content_type="text/csv; charset=utf-8",
    )


@case_worker_required
@require_POST
def saved_view_create(request, tab: str):
    form = SavedViewForm(request.POST)
    query = request.POST.get("query", "")[:1000]
    if form.is_valid():
        services.saved_view_save(owner=request.user, tab=tab, query=query, **form.cleaned_data)
        messages.success(request, _("View saved."))
    else:
        messages.error(request, _("Give the view a name."))
    return redirect(f"{request.path.rsplit('/views/', 1)[0]}/?{query}")


@case_worker_required
@require_POST
def saved_view_delete(request, pk: int):
    services.saved_view_delete(owner=request.user, pk=pk)
    return redirect("cases:queue")


# --- The workspace ------------------------------------------------------------------------


def _workspace(request, case: Case, *, forms=None, status=200):
    forms = forms or {}
    can_reassign = roles.is_supervisor(request.user)
    context = {
        "case": case,
        "stage": family_stage(case.status),
        **selectors.workspace_lists(case=case, show_all=request.GET.getlist("all")),
        "status_form": forms.get("status")
        or StatusForm(case=case, initial={"version": case.version}),
        "note_form": forms.get("note") or NoteForm(),
        "contact_form": forms.get("contact")
        or ContactForm(initial={"happened_at": timezone.now()}),
        "reassign_form": (forms.get("reassign") or ReassignForm(initial={"version": case.version}))
        if can_reassign
        else None,
        "can_take": case.coordinator_id is None and roles.is_coordinator(request.user),
        "panels": panels.panels_for(case=case, user=request.user),
        "overdue": case.is_overdue,
    }
    return render(request, "staff/workspace.html", context, status=status)


@case_worker_required
def workspace(request, reference: str):
    case = selectors.case_for_staff_or_404(user=request.user, reference=reference)
    record(AuditEvent.Action.CASE_VIEWED, case_reference=case.reference, object_type="case")
    alerts_mark_read(user=request.user, case=case)  # opening the case answers its alerts
    return _workspace(request, case)


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class WorkspaceAction:
    """One form of the workspace: how to build it from the POST, the service it calls
    with (case, user, cleaned data), and what to say when it worked."""

    form: Callable | None
    run: Callable
    done: str
    supervisors_only: bool = False


WORKSPACE_ACTIONS = {
    "status": WorkspaceAction(
        form=lambda data, case: StatusForm(data, case=case),
        run=lambda case, user, data: casework.case_change_status(
            case=case,
            to=data["to"],
            by=user,
            note=data["note"],
            close_reason=data["close_reason"],
            expected_version=data["version"],
        ),
        done=gettext_lazy("Status changed."),
    ),
    "note": WorkspaceAction(
        form=lambda data, case: NoteForm(data),
        run=lambda case, user, data: casework.case_add_note(case=case, by=user, **data),
        done=gettext_lazy("Note added."),
    ),
    "contact": WorkspaceAction(
        form=lambda data, case: ContactForm(data),
        run=lambda case, user, data: casework.case_log_contact(case=case, by=user, **data),
        done=gettext_lazy("Contact logged."),
    ),
    "take": WorkspaceAction(
        form=None,
        run=lambda case, user, data: assignment.case_take(
            case=case, by=user, expected_version=_version(data.get("version"))
        ),
        done=gettext_lazy("The case is yours now."),
    ),
    "reassign": WorkspaceAction(
        form=lambda data, case: ReassignForm(data),
        run=lambda case, user, data: assignment.case_reassign(
            case=case,
            to=data["coordinator"],
            by=user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        done=gettext_lazy("Case reassigned."),
        supervisors_only=True,
    ),
}


@case_worker_required
@require_POST
def workspace_action(request, reference: str, action: str):
    """One POST endpoint for every workspace form (see WORKSPACE_ACTIONS). On any refusal
    the page is shown again with the form as it was sent, so nothing typed is lost."""
    case = selectors.case_for_staff_or_404(user=request.user, reference=reference)
    chosen = WORKSPACE_ACTIONS.get(action)
    if chosen is None or (chosen.supervisors_only and not roles.is_supervisor(request.user)):
        raise Http404
    form = chosen.form(request.POST, case) if chosen.form else None
    if form is not None and not form.is_valid():
        return _workspace(request, case, forms={action: form}, status=400)
    try:
        chosen.run(case, request.user, form.cleaned_data if form is not None else request.POST)
    except ApplicationError as refused:
        # Refused (stale form, wrong transition, no capacity, a claim in shared text):
        # say so, and show the form again as it was sent.
        messages.error(request, str(refused))
        fresh = selectors.case_for_staff(user=request.user, reference=reference) or case
        forms = {action: chosen.form(request.POST, fresh)} if chosen.form else {}
        return _workspace(request, fresh, forms=forms, status=409)
    messages.success(request, str(chosen.done))
    if not selectors.case_for_staff(user=request.user, reference=reference):
        return redirect("cases:queue")  # e.g. a coordinator just reassigned it away
    return redirect(case.get_absolute_url())


@case_worker_required
def document_download(request, reference: str, document_id: int):
    case = selectors.case_for_staff_or_404(user=request.user, reference=reference)
    document = find_on_case_or_404(
        case.documents.all(), case_reference=case.reference, object_type="document", pk=document_id
    )
    if not document.downloadable:
        messages.error(
            request,
            _("%(name)s cannot be downloaded: %(status)s.")
            % {"name": document.original_name, "status": document.get_scan_status_display()},
        )
        return redirect(case.get_absolute_url())
    record(
        AuditEvent.Action.DOCUMENT_DOWNLOADED,
        case_reference=case.reference,
        object_type="document",
        object_id=document.pk,
    )
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
    )


# --- Supervisors ---------------------------------------------------------------------------


@supervisor_required
def team(request):
    return render(
        request,
        "staff/team.html",
        {"coordinators": selectors.team_with_loads(), "today": timezone.localdate()},
    )


@supervisor_required
def team_profile(request, user_id: int):
    """A coordinator's profile, edited with the same form as in the admin."""
    profile = get_object_or_404(
        CoordinatorProfile.objects.select_related("user"),
        user_id=user_id,
        user__groups__name=COORDINATORS,
    )
    form = CoordinatorProfileForm(request.POST or None, instance=profile, with_user=False)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The same history the admin keeps, so a profile's changes read in one place.
        LogEntry.objects.log_actions(
            request.user.pk,
            [profile],
            CHANGE,
            change_message=construct_change_message(form, None, False),
            single_object=True,
        )
        messages.success(
            request, _("Profile of %(name)s saved.") % {"name": profile.user.get_username()}
        )
        return redirect("cases:team")
    status = 400 if form.errors else 200
    return render(
        request, "staff/team_profile.html", {"form": form, "profile": profile}, status=status
    )


@supervisor_required
def team_release(request, user_id: int):
    """Route a coordinator's open cases again: GET shows each case and where routing
    would send it now (nothing saved); POST moves exactly the cases that were shown."""
    coordinator = get_object_or_404(get_user_model(), pk=user_id, groups__name=COORDINATORS)
    if request.method != "POST":
        moves = assignment.coordinator_release_preview(coordinator=coordinator)
        return render(
            request,
            "staff/team_release.html",
            {"coordinator": coordinator, "moves": moves, "done": False},
        )
    shown = [int(pk) for pk in request.POST.getlist("case") if pk.isdigit()]
    moves = assignment.coordinator_release_cases(
        coordinator=coordinator, by=request.user, case_ids=shown
    )
    messages.success(
        request,
        _("%(count)d open case(s) of %(name)s went back through routing.")
        % {"count": len(moves), "name": coordinator.get_username()},
    )
    return render(
        request,
        "staff/team_release.html",
        {"coordinator": coordinator, "moves": moves, "done": True},
    )


@supervisor_required
def case_export(request, reference: str):
    """Everything held on one case, for a family's access request (supervisors only)."""
    case = selectors.case_for_staff_or_404(user=request.user, reference=reference)
    archive = retention.case_export_zip(case=case, by=request.user)
    return private_stream_response(
        archive, filename=f"{case.reference}-export.zip", content_type="application/zip"
    )


# --- Shared text held for review (supervisors) ---------------------------------------------


def _review_forms(held: selectors.HeldText, data=None) -> dict:
    """The two forms of one held item, with prefixes of their own (many on one page)."""
    prefix = f"{held.kind}-{held.item.pk}"
    text_field = type(held.item)._meta.get_field(held.item.TEXT_FIELD)
    return {
        "decision": ReviewDecisionForm(data, prefix=prefix),
        "edit": ReviewEditForm(
            data,
            prefix=f"{prefix}-edit",
            initial={"text": held.item.text},
            max_length=text_field.max_length,
        ),
    }


def _review_page(request, *, sent=None, status=200):
    """The list; `sent` is the item (kind, pk), the form name, the bound form and the
    highlighted parts of a refused edit, to show again as it was sent."""
    rows = []
    for held in selectors.held_for_review():
        forms = _review_forms(held)
        refused_parts = None
        if sent and sent["key"] == (held.kind, held.item.pk):
            forms[sent["form_name"]] = sent["form"]
            refused_parts = sent.get("refused_parts")
        rows.append({"held": held, "forms": forms, "refused_parts": refused_parts})
    return render(request, "staff/review_queue.html", {"rows": rows}, status=status)


@dataclass(frozen=True)
class ReviewAction:
    """One decision on held text: which of the item's forms it reads, the service it
    calls with (item, user, cleaned data), and what to say when it worked."""

    form_name: str
    run: Callable
    done: str


REVIEW_ACTIONS = {
    "approve": ReviewAction(
        form_name="decision",
        run=lambda item, user, data: review.shared_text_approve(
            item=item, by=user, reason=data["reason"]
        ),
        done=gettext_lazy("Approved: it is now shared with the family."),
    ),
    "edit": ReviewAction(
        form_name="edit",
        run=lambda item, user, data: review.shared_text_edit(
            item=item, by=user, text=data["text"], reason=data["reason"]
        ),
        done=gettext_lazy("Your edit passed the claims gate and is shared with the family."),
    ),
    "reject": ReviewAction(
        form_name="decision",
        run=lambda item, user, data: review.shared_text_reject(
            item=item, by=user, reason=data["reason"]
        ),
        done=gettext_lazy("Rejected: it stays internal and the family will not see it."),
    ),
}


@supervisor_required
def review_queue(request):
    return _review_page(request)


@supervisor_required
@require_POST
def review_action(request, kind: str, pk: int, action: str):
    """One POST endpoint for approve, edit and reject (see REVIEW_ACTIONS). On a refusal
    the list is shown again with what was typed, and for an edit the gate's flags."""
    chosen = REVIEW_ACTIONS.get(action)
    item = selectors.shared_text_for_review(kind=kind, pk=pk)
    if chosen is None or item is None:
        raise Http404
    held = selectors.HeldText(kind, item, [])
    form = _review_forms(held, request.POST)[chosen.form_name]
    sent = {"key": (kind, item.pk), "form_name": chosen.form_name, "form": form}
    if not form.is_valid():
        return _review_page(request, sent=sent, status=400)
    try:
        chosen.run(item, request.user, form.cleaned_data)
    except review.SharedTextRefusedError as refused:
        messages.error(request, str(refused))
        sentences = [flag["sentence"] for flag in refused.flags]
        sent["refused_parts"] = split_flagged(form.cleaned_data["text"], sentences)
        return _review_page(request, sent=sent, status=409)
    except ApplicationError as refused:
        messages.error(request, str(refused))
        return _review_page(request, sent=sent, status=409)
    messages.success(request, f"{item.case.reference}: {chosen.done}")
    return redirect("cases:review_queue")
