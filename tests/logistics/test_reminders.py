"""The beat jobs: one reminder to the assignee, NAVIGATOR_TASK_REMINDER_HOURS working
hours (their working days, holidays skipped) before a task is due; and a follow-up that
reopens contact when it falls due, on a case that stays closed."""

from datetime import UTC, date, datetime, time

import pytest

from cases.models import Case, CoordinatorAlert, FamilyNotice, Holiday, TimelineEvent
from logistics import due, selectors, services
from logistics.models import CaseTask

from .conftest import add_task

pytestmark = pytest.mark.django_db
MONDAY = date(2030, 3, 18)
# Friday 15 March 2030, 08:00 and 09:15 in Madrid (UTC+1 then).
FRIDAY_0800 = datetime(2030, 3, 15, 7, 0, tzinfo=UTC)
FRIDAY_0915 = datetime(2030, 3, 15, 8, 15, tzinfo=UTC)


def alerts(user):
    return CoordinatorAlert.objects.filter(user=user, kind=CoordinatorAlert.Kind.TASK_DUE)


@pytest.fixture
def monday_task(world):
    task = add_task(
        world["case"], world["boss"], assignee=world["alice"], due_date=MONDAY, due_time=time(9, 0)
    )
    return task


def test_a_monday_task_is_reminded_on_friday_once_24_working_hours_before(world, monday_task):
    assert due.tasks_remind(now=FRIDAY_0800) == 0  # Monday 08:00 is 24 working hours on
    assert not alerts(world["alice"]).exists()
    assert due.tasks_remind(now=FRIDAY_0915) == 1
    assert due.tasks_remind(now=FRIDAY_0915) == 0
    assert alerts(world["alice"]).count() == 1
    assert CaseTask.objects.get(pk=monday_task.pk).reminded_at == FRIDAY_0915


def test_a_holiday_brings_the_reminder_forward(world, monday_task):
    Holiday.objects.create(day=MONDAY, name="Local holiday")
    assert due.tasks_remind(now=FRIDAY_0800) == 1  # Friday then Tuesday: past Monday
    assert alerts(world["alice"]).count() == 1


def test_a_task_done_before_its_reminder_is_never_reminded(world, monday_task):
    services.task_finish(task=monday_task, by=world["alice"], to=CaseTask.Status.DONE)
    assert due.tasks_remind(now=FRIDAY_0915) == 0


def test_moving_a_reminded_task_reminds_again_before_its_new_time(world, monday_task, settings):
    due.tasks_remind(now=FRIDAY_0915)
    task = CaseTask.objects.get(pk=monday_task.pk)
    services.task_update(
        task=task,
        by=world["alice"],
        fields=services.TaskFields(
            title=task.title,
            due_date=date(2030, 3, 25),
            due_time=time(9, 0),
            assignee=world["alice"],
        ),
    )
    assert CaseTask.objects.get(pk=task.pk).reminded_at is None


def test_a_follow_up_reopens_contact_when_due_and_the_case_stays_closed(world):
    Case.objects.filter(pk=world["case"].pk).update(status=Case.Status.CLOSED)
    case = Case.objects.get(pk=world["case"].pk)
    task = add_task(
        case,
        world["alice"],
        kind="follow_up",
        title="Follow-up call",
        due_date=MONDAY,
        due_time=time(10, 0),
    )
    before = datetime(2030, 3, 18, 8, 59, tzinfo=UTC)
    after = datetime(2030, 3, 18, 9, 1, tzinfo=UTC)  # 10:01 in Madrid
    assert due.follow_ups_open(now=before) == 0
    assert due.follow_ups_open(now=after) == 1
    assert due.follow_ups_open(now=after) == 0
    assert list(FamilyNotice.objects.values_list("event", flat=True)) == ["follow_up"]
    assert alerts(world["alice"]).count() == 1
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED
    assert TimelineEvent.objects.filter(case=case, message__startswith="Follow-up due").exists()
    mine = selectors.my_tasks(viewer=world["alice"], assignee=world["alice"], now=after)
    assert [t.pk for t in mine["buckets"]["overdue"]] == [task.pk]


def test_beat_runs_both_jobs_every_quarter_hour(world, settings, monday_task):
    from logistics import tasks

    for name, job in (
        ("remind-due-tasks", tasks.remind_due_tasks),
        ("open-due-follow-ups", tasks.open_due_follow_ups),
    ):
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        assert entry["task"] == job.name
        assert entry["schedule"].minute == {0, 15, 30, 45}
        assert job() == 0  # today, nothing of 2030 is due yet
