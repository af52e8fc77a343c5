"""What happens when practical tasks come due (beat jobs, every 15 minutes): one reminder
to the assignee NAVIGATOR_TASK_REMINDER_HOURS working hours before a task is due, and a
follow-up that reopens contact with the family when it falls due, on a case that may
stay closed. Each task is locked and marked in its own transaction, so two workers never
send the same reminder."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.alerts import coordinator_alert
from cases.family_notices import family_notice
from cases.models import CoordinatorAlert, FamilyNotice, Holiday, TimelineEvent
from cases.sla import add_working_hours
from cases.timeline import case_event

from . import selectors
from .models import CaseTask

Status = CaseTask.Status
# How far ahead the reminder beat looks at all: past any run of weekends and holidays
# that NAVIGATOR_TASK_REMINDER_HOURS could span.
REMINDER_LOOKAHEAD = timedelta(days=30)


def _reminder_horizon(user, now: datetime) -> datetime:
    """Tasks due before this are within NAVIGATOR_TASK_REMINDER_HOURS of `user`'s working
    hours from now (hours on their working days, skipping holidays)."""
    profile = getattr(user, "coordinator_profile", None)
    holidays = frozenset(
        Holiday.objects.filter(Q(coordinator__isnull=True) | Q(coordinator=user)).values_list(
            "day", flat=True
        )
    )
    return add_working_hours(
        now,
        settings.NAVIGATOR_TASK_REMINDER_HOURS,
        working_days=frozenset(
            profile.working_days if profile else settings.NAVIGATOR_WORKING_DAYS
        ),
        holidays=holidays,
        tz=str(selectors.user_zone(user)),
    )


def tasks_remind(*, now: datetime | None = None) -> int:
    """Alert each assignee once about their open tasks coming due. Returns how many."""
    now = now or timezone.now()
    pending = CaseTask.objects.filter(
        status=Status.OPEN, reminded_at__isnull=True, due_at__lte=now + REMINDER_LOOKAHEAD
    )
    sent = 0
    assignees = (
        get_user_model()
        .objects.filter(pk__in=pending.values("assignee_id"))
        .select_related("coordinator_profile")
    )
    for assignee in assignees:
        horizon = _reminder_horizon(assignee, now)
        for task_id in pending.filter(assignee=assignee, due_at__lte=horizon).values_list(
            "pk", flat=True
        ):
            sent += _remind(task_id, now)
    return sent


@transaction.atomic
def _remind(task_id: int, now: datetime) -> int:
    task = (
        CaseTask.objects.select_for_update(skip_locked=True)
        .select_related("case", "assignee")
        .filter(pk=task_id, status=Status.OPEN, reminded_at__isnull=True)
        .first()
    )
    if task is None:
        return 0  # done meanwhile, or another worker has it
    task.reminded_at = now
    task.save(update_fields=["reminded_at"])
    coordinator_alert(case=task.case, kind=CoordinatorAlert.Kind.TASK_DUE, user=task.assignee)
    return 1


def follow_ups_open(*, now: datetime | None = None) -> int:
    """Follow-ups whose time came: the family hears that their coordinator would like to
    hear how they are doing, and the assignee is alerted. A closed case stays closed; the
    follow-up stays open on the assignee's "My tasks" until they mark it done."""
    now = now or timezone.now()
    due = CaseTask.objects.filter(
        kind=CaseTask.Kind.FOLLOW_UP,
        status=Status.OPEN,
        followed_up_at__isnull=True,
        due_at__lte=now,
    ).values_list("pk", flat=True)
    return sum(_follow_up(task_id, now) for task_id in list(due[:500]))


@transaction.atomic
def _follow_up(task_id: int, now: datetime) -> int:
    task = (
        CaseTask.objects.select_for_update(skip_locked=True)
        .select_related("case", "assignee")
        .filter(pk=task_id, status=Status.OPEN, followed_up_at__isnull=True)
        .first()
    )
    if task is None:
        return 0
    task.followed_up_at = now
    task.save(update_fields=["followed_up_at"])
    family_notice(case=task.case, event=FamilyNotice.Event.FOLLOW_UP)
    coordinator_alert(case=task.case, kind=CoordinatorAlert.Kind.TASK_DUE, user=task.assignee)
    case_event(
        task.case,
        TimelineEvent.Kind.TASK,
        f"Follow-up due: the family was told their coordinator would like to hear how they "
        f"are doing, and {task.assignee} was alerted.",
    )
    return 1
