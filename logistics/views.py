"""Staff pages of practical tasks: add, change, finish, share and bring back a
translation (forms posted from the case workspace's panel), and "My tasks". Thin views
over logistics.services; only cases the user may see, the rest an audited 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from accounts.roles import is_supervisor
from audit.models import AuditEvent
from audit.services import find_on_case_or_404, record
from cases.selectors import case_for_staff_or_404
from core.errors import ApplicationError

from . import selectors, services
from .forms import (
    FORM_PREFIX,
    FollowUpForm,
    ShareForm,
    TaskEditForm,
    TaskForm,
    TranslationUploadForm,
)
from .models import CaseTask


def _task_or_404(case, pk: int) -> CaseTask:
    return find_on_case_or_404(
        case.tasks.select_related("case", "assignee", "document"),
        case_reference=case.reference,
        object_type="task",
        pk=pk,
    )


def _back(case, task=None):
    anchor = f"#task-{task.pk}" if task is not None else "#tasks-title"
    return redirect(case.get_absolute_url() + anchor)


def _refused(form, error) -> None:
    """A service refusal next to the field it names (or above the form)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, str(error) if isinstance(error, ApplicationError) else error)


def _form_page(request, case, form, *, task=None, template="logistics/staff/form.html"):
    return render(request, template, {"case": case, "form": form, "task": task}, status=400)


@case_worker_required
@require_POST
def task_add(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    assignees = selectors.assignable_users(case)
    form_class = TaskForm if case.is_open else FollowUpForm
    form = form_class(request.POST, prefix=FORM_PREFIX, case=case, assignees=assignees)
    if form.is_valid():
        try:
            task = services.task_create(
                case=case,
                by=request.user,
                kind=form.cleaned_data["kind"],
                fields=form.task_fields(),
            )
        except (ValidationError, ApplicationError) as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"Task “{task.title}” added.")
            return _back(case, task)
    return _form_page(request, case, form)


@case_worker_required
def task_edit(request, reference: str, pk: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    task = _task_or_404(case, pk)
    assignees = selectors.assignable_users(case)
    if request.method == "POST":
        form = TaskEditForm(request.POST, case=case, assignees=assignees)
        if form.is_valid():
            try:
                services.task_update(
                    task=task,
                    by=request.user,
                    fields=form.task_fields(),
                    expected_version=form.cleaned_data["version"],
                )
            except (ValidationError, ApplicationError) as refused:
                _refused(form, refused)
            else:
                messages.success(request, "Task saved.")
                return _back(case, task)
        return _form_page(request, case, form, task=task)
    record(
        AuditEvent.Action.CASE_VIEWED,
        case_reference=case.reference,
        object_type="task",
        object_id=task.pk,
    )
    local = selectors.local_due(task)
    form = TaskEditForm(
        case=case,
        assignees=assignees,
        initial={
            "title": task.title,
            "due_date": local.date(),
            "due_time": local.time().replace(second=0, microsecond=0),
            "time_zone": task.time_zone,
            "assignee": task.assignee_id,
            "place": task.place,
            "notes": task.notes,
            "document": task.document_id,
            "language_from": task.language_from,
            "language_to": task.language_to,
            "language_other": task.language_other,
            "translator": task.translator,
            "version": task.version,
        },
    )
    return render(request, "logistics/staff/form.html", {"case": case, "form": form, "task": task})


@case_worker_required
def task_share(request, reference: str, pk: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    task = _task_or_404(case, pk)
    if not task.is_shareable:
        raise Http404
    context = {"case": case, "task": task, "family_language": case.get_language_display()}
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            try:
                services.task_share(
                    task=task,
                    by=request.user,
                    family_title=form.cleaned_data["family_title"],
                    family_place=form.cleaned_data["family_place"],
                    family_time_zone=form.cleaned_data["family_time_zone"],
                    expected_version=form.cleaned_data["version"],
                )
            except (ValidationError, ApplicationError) as refused:
                _refused(form, refused)
            else:
                messages.success(request, "Shared with the family; they will hear about it.")
                return _back(case, task)
        return render(request, "logistics/staff/share.html", {**context, "form": form}, status=400)
    record(
        AuditEvent.Action.CASE_VIEWED,
        case_reference=case.reference,
        object_type="task",
        object_id=task.pk,
    )
    form = ShareForm(
        initial={
            "family_title": task.family_title,
            "family_place": task.family_place or task.place,
            "family_time_zone": task.family_time_zone or getattr(case.submitter, "time_zone", ""),
            "version": task.version,
        }
    )
    return render(request, "logistics/staff/share.html", {**context, "form": form})


ACTIONS = {
    "done": lambda task, user: services.task_finish(task=task, by=user, to=CaseTask.Status.DONE),
    "cancel": lambda task, user: services.task_finish(
        task=task, by=user, to=CaseTask.Status.CANCELLED
    ),
    "unshare": lambda task, user: services.task_unshare(task=task, by=user),
}


@case_worker_required
@require_POST
def task_action(request, reference: str, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    case = case_for_staff_or_404(user=request.user, reference=reference)
    task = _task_or_404(case, pk)
    try:
        ACTIONS[action](task, request.user)
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Task updated.")
    return _back(case, task)


@case_worker_required
@require_POST
def task_translation(request, reference: str, pk: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    task = _task_or_404(case, pk)
    form = TranslationUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_attach_translation(
                task=task, by=request.user, checked=form.cleaned_data["file"]
            )
        except ValidationError as refused:  # the case's file limits, or storage
            form.add_error("file", refused)
        except ApplicationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Translation added to the case and linked to its original.")
            return _back(case, task)
    return render(
        request,
        "logistics/staff/translation.html",
        {"case": case, "task": task, "form": form},
        status=400,
    )


@case_worker_required
def my_tasks(request):
    """The signed-in user's open tasks; a supervisor may look at anyone's (?user=<id>)."""
    assignee = request.user
    wanted = request.GET.get("user", "")
    if wanted and wanted != str(request.user.pk):
        if not is_supervisor(request.user) or not wanted.isdigit():
            raise Http404
        assignee = selectors.task_assignees_for_filter(request.user).filter(pk=int(wanted)).first()
        if assignee is None:
            raise Http404
    context = selectors.my_tasks(viewer=request.user, assignee=assignee)
    return render(
        request,
        "logistics/staff/my_tasks.html",
        {
            **context,
            "assignee": assignee,
            "is_self": assignee == request.user,
            "people": (
                selectors.task_assignees_for_filter(request.user)
                if is_supervisor(request.user)
                else get_user_model().objects.none()
            ),
        },
    )
