"""The coordinators' side: the queue, the case workspace, downloads, audit and team."""

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, assignment, audit, casework, retention, selectors
from ..access import COORDINATORS
from ..models import AuditEvent, Case, SavedView
from ..staff_forms import ContactForm, NoteForm, ReassignForm, SavedViewForm, StatusForm
from ..statuses import family_stage
from .decorators import case_worker_required, supervisor_required

logger = logging.getLogger(__name__)
PAGE_SIZE = 25


@case_worker_required
def queue(request, tab: str = "mine"):
    if tab not in selectors.QUEUE_TABS or (tab == "all" and not access.is_supervisor(request.user)):
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
            "query": query.urlencode(),
            "unsorted_query": unsorted.urlencode(),
            "saved_views": selectors.saved_views_for(user=request.user),
            "saved_view_form": SavedViewForm(),
            "now": timezone.now(),
            "is_supervisor": access.is_supervisor(request.user),
        },
    )


@case_worker_required
@require_POST
def saved_view_create(request, tab: str):
    form = SavedViewForm(request.POST)
    query = request.POST.get("query", "")[:1000]
    if form.is_valid():
        shared = form.cleaned_data["shared"] and access.is_supervisor(request.user)
        SavedView.objects.update_or_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            defaults={"query": f"{tab}?{query}", "shared": shared},
        )
        messages.success(request, _("View saved."))
    else:
        messages.error(request, _("Give the view a name."))
    return redirect(f"{request.path.rsplit('/views/', 1)[0]}/?{query}")


@case_worker_required
@require_POST
def saved_view_delete(request, pk: int):
    SavedView.objects.filter(pk=pk, owner=request.user).delete()
    return redirect("cases:queue")


def _case_or_404(request, reference: str) -> Case:
    case = selectors.case_for_staff(user=request.user, reference=reference)
    if case is None:
        # Someone asked for a case they may not see (or that does not exist): the same
        # 404 either way, and a line in the trail.
        audit.record(
            AuditEvent.Action.ACCESS_DENIED, case_reference=reference[:20], object_type="case"
        )
        raise Http404
    return case


def _workspace(request, case: Case, *, forms=None, status=200):
    from . import generated  # imports this module too

    forms = forms or {}
    can_reassign = access.is_supervisor(request.user)
    context = {
        "case": case,
        "stage": family_stage(case.status),
        "timeline": selectors.case_timeline(case=case),
        "status_form": forms.get("status")
        or StatusForm(case=case, initial={"version": case.version}),
        "note_form": forms.get("note") or NoteForm(),
        "contact_form": forms.get("contact")
        or ContactForm(initial={"happened_at": timezone.now()}),
        "reassign_form": (forms.get("reassign") or ReassignForm(initial={"version": case.version}))
        if can_reassign
        else None,
        "can_take": case.coordinator_id is None and access.is_coordinator(request.user),
        **generated.jobs_panel_context(case),
        "pack_choices": generated.pack_choices(case),
        "overdue": case.first_contact_due_at is not None
        and case.first_contacted_at is None
        and case.first_contact_due_at < timezone.now()
        and case.is_open,
    }
    return render(request, "staff/workspace.html", context, status=status)


@case_worker_required
def workspace(request, reference: str):
    case = _case_or_404(request, reference)
    audit.record(AuditEvent.Action.CASE_VIEWED, case_reference=case.reference, object_type="case")
    return _workspace(request, case)


@case_worker_required
@require_POST
def workspace_action(request, reference: str, action: str):
    """One POST endpoint per workspace form. On any refusal the page is shown again with
    the form as it was sent, so nothing typed is lost."""
    case = _case_or_404(request, reference)
    user = request.user
    try:
        if action == "status":
            form = StatusForm(request.POST, case=case)
            if not form.is_valid():
                return _workspace(request, case, forms={"status": form}, status=400)
            casework.case_change_status(
                case=case,
                to=form.cleaned_data["to"],
                by=user,
                note=form.cleaned_data["note"],
                close_reason=form.cleaned_data["close_reason"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Status changed."))
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return _workspace(request, case, forms={"note": form}, status=400)
            casework.case_add_note(case=case, by=user, **form.cleaned_data)
            messages.success(request, _("Note added."))
        elif action == "contact":
            form = ContactForm(request.POST)
            if not form.is_valid():
                return _workspace(request, case, forms={"contact": form}, status=400)
            casework.case_log_contact(case=case, by=user, **form.cleaned_data)
            messages.success(request, _("Contact logged."))
        elif action == "take":
            assignment.case_take(
                case=case, by=user, expected_version=_int(request.POST.get("version"))
            )
            messages.success(request, _("The case is yours now."))
        elif action == "reassign":
            if not access.is_supervisor(user):
                raise Http404
            form = ReassignForm(request.POST)
            if not form.is_valid():
                return _workspace(request, case, forms={"reassign": form}, status=400)
            assignment.case_reassign(
                case=case,
                to=form.cleaned_data["coordinator"],
                by=user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Case reassigned."))
        else:
            raise Http404
    except assignment.AssignmentError as refused:
        # Refused (stale form, wrong transition, no capacity, a claim in shared text):
        # say so, and show the form again as it was sent.
        forms = {}
        if action == "status":
            forms["status"] = StatusForm(request.POST, case=case)
        elif action == "reassign":
            forms["reassign"] = ReassignForm(request.POST)
        elif action == "note":
            forms["note"] = NoteForm(request.POST)
        elif action == "contact":
            forms["contact"] = ContactForm(request.POST)
        messages.error(request, str(refused))
        fresh = selectors.case_for_staff(user=user, reference=reference) or case
        return _workspace(request, fresh, forms=forms, status=409)
    if not selectors.case_for_staff(user=user, reference=reference):
        return redirect("cases:queue")  # e.g. a coordinator just reassigned it away
    return redirect(case.get_absolute_url())


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@case_worker_required
def document_download(request, reference: str, document_id: int):
    case = _case_or_404(request, reference)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        audit.record(
            AuditEvent.Action.ACCESS_DENIED,
            case_reference=case.reference,
            object_type="document",
            object_id=document_id,
        )
        raise Http404
    if not document.downloadable:
        messages.error(
            request,
            _("%(name)s cannot be downloaded: %(status)s.")
            % {"name": document.original_name, "status": document.get_scan_status_display()},
        )
        return redirect(case.get_absolute_url())
    audit.record(
        AuditEvent.Action.DOCUMENT_DOWNLOADED,
        case_reference=case.reference,
        object_type="document",
        object_id=document.pk,
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@supervisor_required
def audit_log(request):
    events = AuditEvent.objects.all()
    filters = {
        "actor": request.GET.get("actor", "").strip(),
        "action": request.GET.get("action", ""),
        "case": request.GET.get("case", "").strip(),
    }
    if filters["actor"]:
        events = events.filter(actor_username__iexact=filters["actor"])
    if filters["action"] in AuditEvent.Action.values:
        events = events.filter(action=filters["action"])
    if filters["case"]:
        events = events.filter(case_reference__iexact=filters["case"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/audit.html",
        {
            "page": page,
            "filters": filters,
            "actions": AuditEvent.Action.choices,
            "query": query.urlencode(),
        },
    )


@supervisor_required
def team(request):
    users = (
        get_user_model()
        .objects.filter(groups__name=COORDINATORS)
        .select_related("coordinator_profile")
        .annotate(
            open_cases=Count("assigned_cases", filter=~Q(assigned_cases__status=Case.Status.CLOSED))
        )
        .order_by("username")
    )
    return render(
        request, "staff/team.html", {"coordinators": users, "today": timezone.localdate()}
    )


@supervisor_required
@require_POST
def team_release(request, user_id: int):
    coordinator = get_object_or_404(get_user_model(), pk=user_id, groups__name=COORDINATORS)
    moved = assignment.coordinator_release_cases(coordinator=coordinator, by=request.user)
    messages.success(
        request,
        _("%(count)d open case(s) of %(name)s went back through routing.")
        % {"count": moved, "name": coordinator.get_username()},
    )
    return redirect("cases:team")


@supervisor_required
def case_export(request, reference: str):
    """Everything held on one case, for a family's access request (supervisors only)."""
    case = _case_or_404(request, reference)
    archive = retention.case_export_zip(case=case, by=request.user)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"{case.reference}-export.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response
