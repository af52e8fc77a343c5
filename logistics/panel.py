"""The case workspace's section of practical tasks (registered in LogisticsConfig.ready):
the case's tasks with the due time in the zone it was entered in, and the form to add
one (on a closed case, a follow-up three months on)."""

from datetime import time, timedelta

from django.utils import timezone

from cases.models import Case

from .forms import FORM_PREFIX, FollowUpForm, TaskForm
from .selectors import assignable_users, local_due, tasks_of_case, user_zone


def workspace_panel(case: Case, user) -> dict:
    tasks = list(tasks_of_case(case))
    for task in tasks:
        task.local_due = local_due(task)
    assignees = assignable_users(case)
    default_assignee = case.coordinator if case.coordinator_id else user
    zone = user_zone(default_assignee)
    if case.is_open:
        add_form = TaskForm(
            prefix=FORM_PREFIX,
            case=case,
            assignees=assignees,
            initial={"assignee": default_assignee.pk, "due_time": time(10, 0)},
        )
    else:
        # A closed case takes only a follow-up, three months on by default.
        in_three_months = timezone.now().astimezone(zone).date() + timedelta(days=91)
        add_form = FollowUpForm(
            prefix=FORM_PREFIX,
            case=case,
            assignees=assignees,
            initial={
                "assignee": default_assignee.pk,
                "due_date": in_three_months,
                "due_time": time(10, 0),
            },
        )
    return {
        "panel_tasks": tasks,
        "task_form": add_form,
        "tasks_open": sum(1 for t in tasks if t.is_open),
        "tasks_overdue": sum(1 for t in tasks if t.is_open and t.due_at < timezone.now()),
    }
