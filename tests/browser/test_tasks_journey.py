"""Practical tasks in Debian's chromium: a coordinator in Madrid adds an appointment from
the case workspace and shares it; the family, on a phone in Mexico City, reads it in
Spanish on their status page, in their own time, and downloads the calendar file."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from cases.models import Case
from intake.services import case_issue_status_link
from logistics.models import CaseTask
from tests.factories import coordinator, make_intake, submit_case

from .conftest import PHONE
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_appointment_is_added_shared_and_lands_in_the_familys_calendar(new_page, shot):
    alice = coordinator("alice", languages=["es", "en"], time_zone="Europe/Madrid")
    submitter = {
        **make_intake().submitter,
        "preferred_language": "es",
        "time_zone": "America/Mexico_City",
    }
    case = submit_case(submitter=submitter)
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    day = (timezone.now() + timedelta(days=20)).date()

    page = new_page()
    sign_in(page, alice, enrolled(alice))
    page.goto(f"{page.base}{case.get_absolute_url()}")
    page.locator("#tasks-title").scroll_into_view_if_needed()
    page.get_by_text("Add a task").click()
    page.select_option("#id_task-kind", "appointment")
    page.fill("#id_task-title", "Screening visit, Hospital del Sol")
    page.fill("#id_task-due_date", day.isoformat())
    page.fill("#id_task-due_time", "17:30")
    page.fill("#id_task-place", "Hospital del Sol, Calle Mayor 1, Madrid")
    page.get_by_role("button", name="Add the task").click()
    page.wait_for_load_state()
    task = CaseTask.objects.get(case=case)
    assert task.time_zone == "Europe/Madrid"
    page.locator(f"#task-{task.pk}").get_by_role("link", name="Share with the family").click()
    page.wait_for_load_state()
    page.fill("#id_family_title", "Visita en el Hospital del Sol")
    page.get_by_role("button", name="Share").click()
    page.wait_for_load_state()
    assert CaseTask.objects.get(pk=task.pk).shared_with_family
    shot(page, "tasks-1-workspace")

    family = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    family.goto(f"{family.base}/status/{case_issue_status_link(case=case)}/")
    section = family.locator("section.appointments")
    section.get_by_text("Citas y viajes").wait_for()
    assert "Visita en el Hospital del Sol" in section.inner_text()
    # 17:30 in Madrid is 10:30 (or 09:30 around the clock changes) in Mexico City
    assert re.search(r"\b(09|10):30\b", section.inner_text())
    assert "America/Mexico_City" in section.inner_text()
    shot(family, "tasks-2-family-phone-es")
    with family.expect_download() as waiting:
        section.get_by_role("link", name=re.compile("calendario")).click()
    calendar = icalendar.Calendar.from_ical(open(waiting.value.path(), "rb").read())
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == task.due_at
    assert event["dtstart"].params["TZID"] == "America/Mexico_City"
    assert str(event["summary"]) == "Visita en el Hospital del Sol"

    page.goto(f"{page.base}/staff/tasks/")
    assert "Screening visit, Hospital del Sol" in page.locator("main").inner_text()
    shot(page, "tasks-3-my-tasks")
