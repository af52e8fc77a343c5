"""Reads of practical tasks: the workspace panel, "My tasks", who a task may go to, and
what the family sees on their status page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.groups import COORDINATORS, SUPERVISORS
from accounts.roles import is_supervisor
from cases.access import visible_cases
from cases.models import Case

from . import timing
from .models import CaseTask


def user_zone_name(user) -> str:
    """The zone a member of staff works in: their profile's, or the service's."""
    profile = getattr(user, "coordinator_profile", None)
    return profile.time_zone if profile is not None else settings.NAVIGATOR_SERVICE_TIME_ZONE


def user_zone(user) -> ZoneInfo:
    return timing.zone_or_none(user_zone_name(user)) or ZoneInfo("UTC")


def assignable_users(case: Case) -> QuerySet:
    """Who a task on `case` may be given to: staff who may open the case (its coordinator
    or, on an unassigned case, any coordinator; every supervisor), so an assignee can
    always open the task they are given."""
    coordinators = Q(groups__name=COORDINATORS)
    if case.coordinator_id is not None:
        coordinators &= Q(pk=case.coordinator_id)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(coordinators | Q(groups__name=SUPERVISORS) | Q(is_superuser=True))
        .select_related("coordinator_profile")
        .distinct()
        .order_by("username")
    )


def tasks_of_case(case: Case) -> QuerySet[CaseTask]:
    return case.tasks.select_related(
        "assignee", "assignee__coordinator_profile", "document", "translated_document"
    ).order_by("status", "due_at", "id")


def local_due(task: CaseTask) -> datetime:
    """The due time in the zone it was entered in (the assignee's)."""
    return task.due_at.astimezone(timing.zone_or_none(task.time_zone) or ZoneInfo("UTC"))


def my_tasks(*, viewer, assignee, now: datetime | None = None) -> dict:
    """The assignee's open tasks on cases the viewer may see, in buckets of the
    assignee's own time zone: overdue, due today, due this week, later."""
    now = now or timezone.now()
    zone = user_zone(assignee)
    edges = timing.buckets(now, zone)
    tasks = (
        CaseTask.objects.filter(
            assignee=assignee,
            status=CaseTask.Status.OPEN,
            case__in=visible_cases(viewer),
        )
        .select_related("case")
        .order_by("due_at", "id")
    )
    grouped = {"overdue": [], "today": [], "week": [], "later": []}
    for task in tasks:
        task.local_due = task.due_at.astimezone(zone)
        grouped[edges.bucket(task.due_at)].append(task)
    return {"zone": str(zone), "buckets": grouped, "today": now.astimezone(zone).date()}


def task_assignees_for_filter(viewer) -> QuerySet:
    """Whose tasks a supervisor may pick on "My tasks" (anyone who works cases)."""
    if not is_supervisor(viewer):
        return get_user_model().objects.filter(pk=viewer.pk)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[COORDINATORS, SUPERVISORS]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# --- The family's side ------------------------------------------------------------------


def family_zone(task: CaseTask) -> ZoneInfo:
    """The zone the family reads a shared time in: the one chosen when sharing, else the
    one they gave in the inquiry, else UTC (a zone that does not exist is never used)."""
    for name in (task.family_time_zone, getattr(task.case.submitter, "time_zone", "")):
        zone = timing.zone_or_none(name)
        if zone is not None:
            return zone
    return ZoneInfo("UTC")


def shared_with_family(*, case: Case) -> QuerySet[CaseTask]:
    return case.tasks.filter(
        shared_with_family=True, status=CaseTask.Status.OPEN, kind__in=CaseTask.SHAREABLE
    ).order_by("due_at", "id")


def family_appointments(*, case: Case) -> list[dict]:
    """What the status page shows of shared appointments and travel: the family-facing
    title and place, and the time in the family's zone. Never staff notes or the
    staff title."""
    items = []
    for task in shared_with_family(case=case).select_related("case__submitter"):
        zone = family_zone(task)
        items.append(
            {
                "pk": task.pk,
                "title": task.family_title,
                "place": task.family_place,
                "when": task.due_at.astimezone(zone),
                "zone": str(zone),
            }
        )
    return items


def shared_task_for_family(*, case: Case, pk: int) -> CaseTask | None:
    return shared_with_family(case=case).select_related("case__submitter").filter(pk=pk).first()


def tasks_due_today_count(*, user, now: datetime | None = None) -> int:
    """The user's open tasks overdue or due before their own midnight."""
    edges = timing.buckets(now or timezone.now(), user_zone(user))
    return CaseTask.objects.filter(
        assignee=user,
        status=CaseTask.Status.OPEN,
        due_at__lt=edges.end_of_today,
        case__in=visible_cases(user),
    ).count()
