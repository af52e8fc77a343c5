"""The staff pages of practical tasks through the test client: the workspace panel, its
forms, and "My tasks"; only cases the user may see, refusals next to their field."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case
from logistics import selectors
from logistics.models import CaseTask
from tests.factories import make_document, pdf_upload

from .conftest import add_task

pytestmark = pytest.mark.django_db


def add_url(case):
    return reverse("logistics:add", kwargs={"reference": case.reference})


def form_data(assignee, **overrides):
    data = {
        "kind": "appointment",
        "title": "Book the screening visit",
        "due_date": (timezone.now() + timedelta(days=10)).date().isoformat(),
        "due_time": "10:00",
        "time_zone": "",
        "assignee": assignee.pk,
        "place": "Hospital del Sol, Madrid",
        "notes": "Ask for the research nurse",
    }
    data.update(overrides)
    return {f"task-{name}": value for name, value in data.items()}


def test_the_workspace_shows_the_tasks_panel_with_its_add_form(world, clients):
    add_task(world["case"], world["alice"])
    body = clients["alice"].get(world["case"].get_absolute_url()).content.decode()
    assert 'id="tasks-title"' in body
    assert "Book the screening visit" in body and "Europe/Madrid" in body
    assert add_url(world["case"]) in body


def test_adding_a_task_from_the_workspace(world, clients):
    response = clients["alice"].post(add_url(world["case"]), form_data(world["alice"]))
    task = CaseTask.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#task-{task.pk}")
    assert task.time_zone == "Europe/Madrid" and task.created_by == world["alice"]


def test_a_past_due_time_is_shown_next_to_the_date_and_nothing_is_saved(world, clients):
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()
    response = clients["alice"].post(
        add_url(world["case"]), form_data(world["alice"], due_date=yesterday)
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "already passed" in body
    assert 'id="error_1_id_task-due_date"' in body
    assert not CaseTask.objects.exists()


def test_an_unknown_time_zone_is_shown_next_to_the_zone(world, clients):
    response = clients["alice"].post(
        add_url(world["case"]), form_data(world["alice"], time_zone="Nowhere/Land")
    )
    assert response.status_code == 400
    assert "not a time zone we know" in response.content.decode()
    assert not CaseTask.objects.exists()


def test_staff_reach_only_tasks_of_cases_they_may_see(world, clients):
    task = add_task(world["case"], world["alice"])
    edit = reverse("logistics:edit", kwargs={"reference": world["case"].reference, "pk": task.pk})
    done = reverse(
        "logistics:action",
        kwargs={"reference": world["case"].reference, "pk": task.pk, "action": "done"},
    )
    assert clients["bob"].get(edit).status_code == 404
    assert clients["bob"].post(done).status_code == 404
    assert clients["bob"].post(add_url(world["case"]), form_data(world["bob"])).status_code == 404
    assert CaseTask.objects.get(pk=task.pk).status == "open"
    assert CaseTask.objects.count() == 1
    # A task id of another case, through a case the user may see, is a 404 too.
    theirs = add_task(world["theirs"], world["bob"])
    wrong = reverse(
        "logistics:edit", kwargs={"reference": world["case"].reference, "pk": theirs.pk}
    )
    assert clients["alice"].get(wrong).status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()
    assert clients["boss"].get(edit).status_code == 200


def test_opening_a_task_is_audited_and_done_marks_it(world, clients):
    task = add_task(world["case"], world["alice"])
    edit = reverse("logistics:edit", kwargs={"reference": world["case"].reference, "pk": task.pk})
    assert clients["alice"].get(edit).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CASE_VIEWED, object_type="task", object_id=str(task.pk)
    ).exists()
    done = reverse(
        "logistics:action",
        kwargs={"reference": world["case"].reference, "pk": task.pk, "action": "done"},
    )
    clients["alice"].post(done)
    assert CaseTask.objects.get(pk=task.pk).status == "done"


def test_sharing_through_the_page_refuses_an_unknown_family_zone_next_to_it(world, clients):
    task = add_task(world["case"], world["alice"])
    url = reverse("logistics:share", kwargs={"reference": world["case"].reference, "pk": task.pk})
    page = clients["alice"].get(url).content.decode()
    assert "Spanish" in page and "America/Mexico_City" in page
    response = clients["alice"].post(
        url, {"family_title": "Cita", "family_time_zone": "Mars/Olympus", "version": task.version}
    )
    assert response.status_code == 400 and "not a time zone we know" in response.content.decode()
    assert not CaseTask.objects.get(pk=task.pk).shared_with_family


def test_a_translation_upload_through_the_checks(world, clients):
    original = make_document(world["case"], original_name="informe.pdf")
    task = add_task(world["case"], world["alice"], kind="translation", document=original)
    url = reverse(
        "logistics:translation", kwargs={"reference": world["case"].reference, "pk": task.pk}
    )
    bad = clients["alice"].post(url, {"file": pdf_upload("report.png")})
    assert bad.status_code == 400 and "does not match" in bad.content.decode()
    assert CaseTask.objects.get(pk=task.pk).translated_document is None
    good = clients["alice"].post(url, {"file": pdf_upload("report-en.pdf")})
    assert good.status_code == 302
    task.refresh_from_db()
    assert task.translated_document.original_name == "report-en.pdf" and task.status == "done"


def test_my_tasks_groups_by_the_assignees_day_and_links_from_the_nav(world, clients):
    add_task(world["case"], world["alice"], title="Late tonight in Madrid", due_time=time(23, 30))
    page = clients["alice"].get(reverse("logistics:my_tasks")).content.decode()
    assert reverse("logistics:my_tasks") in page  # the staff nav links here
    assert "times in Europe/Madrid" in page
    mine = selectors.my_tasks(
        viewer=world["alice"],
        assignee=world["alice"],
        now=datetime(2030, 3, 13, 9, 0, tzinfo=UTC),
    )
    assert [t.title for t in mine["buckets"]["today"]] == ["Late tonight in Madrid"]


def test_a_coordinator_sees_only_her_own_tasks_a_supervisor_anyones(world, clients):
    add_task(world["theirs"], world["bob"], title="Interpreter for the call", kind="interpreter")
    url = reverse("logistics:my_tasks")
    assert clients["alice"].get(url, {"user": world["bob"].pk}).status_code == 404
    assert "Interpreter for the call" not in clients["alice"].get(url).content.decode()
    page = clients["boss"].get(url, {"user": world["bob"].pk}).content.decode()
    assert "Interpreter for the call" in page and "Tasks of bob" in page
    assert "America/Mexico_City" in page


def test_a_closed_case_offers_a_follow_up_three_months_on(world, clients):
    Case.objects.filter(pk=world["case"].pk).update(status=Case.Status.CLOSED)
    body = clients["alice"].get(world["case"].get_absolute_url()).content.decode()
    assert "Schedule a follow-up" in body
    in_three_months = (timezone.now() + timedelta(days=91)).astimezone(
        selectors.user_zone(world["alice"])
    )
    assert in_three_months.date().isoformat() in body
    response = clients["alice"].post(
        add_url(world["case"]),
        form_data(
            world["alice"],
            kind="follow_up",
            title="Follow-up call",
            due_date=in_three_months.date().isoformat(),
        ),
    )
    assert response.status_code == 302
    assert CaseTask.objects.get().kind == "follow_up"


def test_the_count_of_tasks_overdue_or_due_today_is_in_the_assignees_day(world):
    task = add_task(world["case"], world["alice"], due_time=time(23, 30))
    wednesday_morning = datetime(2030, 3, 13, 9, 0, tzinfo=UTC)
    assert selectors.tasks_due_today_count(user=world["alice"], now=wednesday_morning) == 1
    add_task(world["case"], world["alice"], due_date=date(2030, 3, 14), due_time=time(0, 30))
    assert selectors.tasks_due_today_count(user=world["alice"], now=wednesday_morning) == 1
    CaseTask.objects.filter(pk=task.pk).update(status="done")
    assert selectors.tasks_due_today_count(user=world["alice"], now=wednesday_morning) == 0
