"""Writes of practical tasks: add, change, finish or cancel a task; share an appointment
or travel plan with the family; bring a translation back. (What happens when tasks come
due, reminders and follow-ups, is in logistics.due.)

A refusal about one input is a ValidationError keyed by the argument it concerns (the
view shows it next to that field); nothing is saved when anything is refused.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases import scanning
from cases.family_notices import family_notice
from cases.models import Case, Document, FamilyNotice, TimelineEvent
from cases.selectors import case_upload_totals
from cases.timeline import case_event
from claims import gate
from core import uploads
from core.errors import ApplicationError

from . import selectors, timing
from .models import CaseTask

Kind = CaseTask.Kind
Status = CaseTask.Status


class TaskRefusedError(ApplicationError):
    pass


@dataclass(frozen=True)
class TaskFields:
    """What a coordinator fills in for a task (the kind is chosen once, at creation)."""

    title: str
    due_date: date
    due_time: time
    assignee: object
    time_zone: str = ""  # blank: the assignee's
    notes: str = ""
    place: str = ""
    document: Document | None = None
    language_from: str = ""
    language_to: str = ""
    language_other: str = ""
    translator: str = ""


def _when(fields: TaskFields, errors: dict) -> tuple[str, datetime | None]:
    name = (fields.time_zone or "").strip() or selectors.user_zone_name(fields.assignee)
    zone = timing.zone_or_none(name)
    if zone is None:
        errors["time_zone"] = (
            f"“{name}” is not a time zone we know. Use a name such as Europe/Madrid "
            "or America/Mexico_City."
        )
        return name, None
    return name, timing.to_utc(fields.due_date, fields.due_time, zone)


def _checked(case: Case, kind: str, fields: TaskFields, *, task=None, now=None) -> dict:
    """The model values for `fields`, or a ValidationError naming every bad input."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not fields.title.strip():
        errors["title"] = "Give the task a title."
    if not selectors.assignable_users(case).filter(pk=fields.assignee.pk).exists():
        errors["assignee"] = (
            f"{fields.assignee} cannot open this case, so the task cannot be theirs."
        )
    zone_name, due_at = _when(fields, errors)
    unchanged = task is not None and due_at == task.due_at
    if due_at is not None and due_at <= now and not unchanged:
        local_now = now.astimezone(timing.zone_or_none(zone_name))
        errors["due_date"] = (
            f"That time has already passed in {zone_name} (it is now "
            f"{local_now:%d %b %Y %H:%M} there). Choose a later date or time."
        )
    values = {
        "title": fields.title.strip(),
        "due_at": due_at,
        "time_zone": zone_name,
        "assignee": fields.assignee,
        "notes": fields.notes.strip(),
        "place": fields.place.strip(),
    }
    if kind == Kind.TRANSLATION:
        if fields.document is None or fields.document.case_id != case.pk:
            errors["document"] = "Choose the file to translate, from this case's files."
        if fields.language_from and fields.language_from == fields.language_to != "other":
            errors["language_to"] = "Choose two different languages."
        if "other" in (fields.language_from, fields.language_to) and not (
            fields.language_other.strip()
        ):
            errors["language_other"] = "Name the other language."
        values.update(
            document=fields.document,
            language_from=fields.language_from,
            language_to=fields.language_to,
            language_other=fields.language_other.strip(),
            translator=fields.translator.strip(),
        )
    if errors:
        raise ValidationError(errors)
    return values


def _local(task: CaseTask) -> str:
    return f"{selectors.local_due(task):%d %b %Y %H:%M} {task.time_zone}"


def _event(task: CaseTask, message: str, *, by, detail: str) -> None:
    case_event(
        task.case,
        TimelineEvent.Kind.TASK,
        message,
        actor=by,
        audit=AuditEvent.Action.TASK_CHANGED,
        object_type="task",
        object_id=task.pk,
        detail=detail,
    )


def _locked(task: CaseTask, expected_version: int | None = None) -> CaseTask:
    task = CaseTask.objects.select_for_update().select_related("case").get(pk=task.pk)
    if expected_version is not None and expected_version != task.version:
        raise TaskRefusedError(
            "Someone changed this task after you opened it. Reload the page to see the "
            "change, then try again."
        )
    return task


@transaction.atomic
def task_create(*, case: Case, by, kind: str, fields: TaskFields, now=None) -> CaseTask:
    """Add a task. A closed case takes only a follow-up (which reopens contact later)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what kind of task this is."})
    if not case.is_open and kind != Kind.FOLLOW_UP:
        raise ValidationError({"kind": "This case is closed: only a follow-up can be added."})
    values = _checked(case, kind, fields, now=now)
    task = CaseTask(case=case, kind=kind, created_by=by, **values)
    task.full_clean()
    task.save()
    _event(
        task,
        f"Task added: “{task.title}” ({task.get_kind_display()}), due {_local(task)}, "
        f"for {task.assignee}.",
        by=by,
        detail=f"added {kind}",
    )
    return task


@transaction.atomic
def task_update(
    *, task: CaseTask, by, fields: TaskFields, expected_version: int | None = None, now=None
) -> CaseTask:
    """Change a task. A due time may stay in the past (the task is overdue) but cannot be
    moved into it. A new due time sends a fresh reminder; a shared task's family hears."""
    task = _locked(task, expected_version)
    if not task.is_open:
        raise TaskRefusedError(f"This task is {task.get_status_display().lower()}.")
    values = _checked(task.case, task.kind, fields, task=task, now=now)
    moved = values["due_at"] != task.due_at
    for name, value in values.items():
        setattr(task, name, value)
    if moved:
        task.reminded_at = None
        task.followed_up_at = None
    task.version += 1
    task.full_clean()
    task.save()
    _event(
        task,
        f"Task changed: “{task.title}”, due {_local(task)}, for {task.assignee}.",
        by=by,
        detail="changed" + (", due time moved" if moved else ""),
    )
    if task.shared_with_family and moved:
        family_notice(case=task.case, event=FamilyNotice.Event.APPOINTMENT)
    return task


@transaction.atomic
def task_finish(*, task: CaseTask, by, to: str) -> CaseTask:
    """Mark a task done or cancelled. A shared appointment that is cancelled leaves the
    family's page, and the family hears that it changed."""
    if to not in (Status.DONE, Status.CANCELLED):
        raise TaskRefusedError("A task can only be marked done or cancelled.")
    task = _locked(task)
    if not task.is_open:
        raise TaskRefusedError(f"This task is already {task.get_status_display().lower()}.")
    task.status = to
    task.completed_at = timezone.now()
    task.version += 1
    task.save()
    _event(task, f"Task {task.get_status_display().lower()}: “{task.title}”.", by=by, detail=to)
    if task.shared_with_family and to == Status.CANCELLED:
        family_notice(case=task.case, event=FamilyNotice.Event.APPOINTMENT)
    return task


def _gate_errors(case: Case, texts: dict[str, str]) -> dict[str, str]:
    """The claims gate over what the family will read, in their language."""
    errors = {}
    for name, text in texts.items():
        if not text:
            continue
        verdict = gate.check(text, channel=gate.Channel.SHARED_NOTE, language=case.language)
        if not verdict.passed:
            errors[name] = (
                f"The claims gate flagged this ({verdict.summary()}). Say what is arranged, "
                "never what the outcome will be."
            )
    return errors


@transaction.atomic
def task_share(
    *,
    task: CaseTask,
    by,
    family_title: str,
    family_place: str = "",
    family_time_zone: str = "",
    expected_version: int | None = None,
) -> CaseTask:
    """Show an appointment or travel plan on the family's status page, with a calendar
    file, in words written for them (checked by the claims gate) and in their time zone.
    Sharing again after a change tells the family again."""
    task = _locked(task, expected_version)
    case = task.case
    if not task.is_shareable:
        raise TaskRefusedError("Only appointments and travel can be shared with the family.")
    if not task.is_open:
        raise TaskRefusedError(f"This task is {task.get_status_display().lower()}.")
    errors = {}
    if not family_title.strip():
        errors["family_title"] = "Write the title the family will read, in their language."
    zone_name = family_time_zone.strip() or getattr(case.submitter, "time_zone", "")
    if timing.zone_or_none(zone_name) is None:
        errors["family_time_zone"] = (
            f"“{zone_name}” is not a time zone we know. Use a name such as Europe/Madrid."
        )
    errors.update(
        _gate_errors(
            case, {"family_title": family_title.strip(), "family_place": family_place.strip()}
        )
    )
    if errors:
        raise ValidationError(errors)
    first = not task.shared_with_family
    task.shared_with_family = True
    task.shared_at = task.shared_at or timezone.now()
    task.family_title = family_title.strip()
    task.family_place = family_place.strip()
    task.family_time_zone = zone_name
    task.version += 1
    task.full_clean()
    task.save()
    family_local = task.due_at.astimezone(timing.zone_or_none(zone_name))
    _event(
        task,
        f"{'Shared with the family' if first else 'Shared details changed'}: "
        f"“{task.family_title}”, {family_local:%d %b %Y %H:%M} {zone_name}.",
        by=by,
        detail="shared" if first else "shared details changed",
    )
    family_notice(case=case, event=FamilyNotice.Event.APPOINTMENT)
    return task


@transaction.atomic
def task_unshare(*, task: CaseTask, by) -> CaseTask:
    task = _locked(task)
    if not task.shared_with_family:
        return task
    task.shared_with_family = False
    task.version += 1
    task.save()
    _event(task, f"No longer shared with the family: “{task.title}”.", by=by, detail="unshared")
    family_notice(case=task.case, event=FamilyNotice.Event.APPOINTMENT)
    return task


@transaction.atomic
def task_attach_translation(*, task: CaseTask, by, checked: uploads.CheckedUpload) -> Document:
    """The translation came back: keep it as a file of the case (added by staff, through
    the same checks and limits as any upload), linked to its original by the task, and
    mark the task done. The stored file is removed again if anything fails."""
    task = _locked(task)
    if task.kind != Kind.TRANSLATION or task.document_id is None:
        raise TaskRefusedError("Only a translation task with its original file takes one.")
    if task.translated_document_id is not None:
        raise TaskRefusedError("This translation is already back.")
    if task.status == Status.CANCELLED:
        raise TaskRefusedError("This task is cancelled.")
    case = Case.objects.select_for_update().get(pk=task.case_id)
    count, size = case_upload_totals(case=case)
    uploads.check_limits(new=[checked.file], existing_count=count, existing_bytes=size)
    names = uploads.store_files([checked])
    try:
        document = Document(
            case=case,
            source=Document.Source.STAFF,
            added_by=by,
            scan_status=(
                Document.ScanStatus.PENDING
                if scanning.scanning_enabled()
                else Document.ScanStatus.NOT_SCANNED
            ),
            **uploads.stored_fields(names[0], checked, task.document.category),
        )
        document.full_clean()
        document.save()
        task.translated_document = document
        task.status = Status.DONE
        task.completed_at = task.completed_at or timezone.now()
        task.version += 1
        task.save()
        _event(
            task,
            f"Translation back: “{document.original_name}” is the translation of "
            f"“{task.document.original_name}”; task done.",
            by=by,
            detail="translation attached",
        )
        scanning.documents_queue_scans([document])
    except Exception:
        uploads.delete_files(names)
        raise
    return document
