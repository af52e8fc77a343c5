"""What the family sees of shared appointments: on their own status page only, in their
language and time zone, with a calendar file that parses back."""

from datetime import time

import icalendar
import pytest
from django.urls import reverse

from cases.models import Case
from intake import services as intake_services
from logistics import services
from logistics.calendar import task_ics

from .conftest import add_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    task = add_task(
        world["case"], world["alice"], due_time=time(17, 30), notes="Staff only: ask for Dr Ruiz"
    )
    return services.task_share(
        task=task,
        by=world["alice"],
        family_title="Cita de revisión de informes",
        family_place="Hospital del Sol, Calle Mayor 1, Madrid",
    )


def token_for(case):
    return intake_services.case_issue_status_link(case=case)


def test_a_shared_appointment_shows_on_the_status_page_in_spanish_in_the_familys_zone(
    client, world, shared
):
    token = token_for(world["case"])
    body = client.get(reverse("intake:status", kwargs={"token": token})).content.decode()
    assert "Citas y viajes" in body
    assert "Cita de revisión de informes" in body and "Calle Mayor 1" in body
    # 17:30 in Madrid on 13 March 2030 is 10:30 in Mexico City
    assert "13 de marzo de 2030" in body and "10:30" in body
    assert "America/Mexico_City" in body
    assert "Book the screening visit" not in body and "Dr Ruiz" not in body
    assert reverse("logistics:family_ics", kwargs={"token": token, "pk": shared.pk}) in body


def test_a_task_not_shared_never_shows(client, world):
    add_task(world["case"], world["alice"], title="Private planning")
    token = token_for(world["case"])
    body = client.get(reverse("intake:status", kwargs={"token": token})).content.decode()
    assert "Private planning" not in body and "appointments-title" not in body


def test_the_calendar_file_parses_back_with_the_familys_zone(client, world, shared):
    token = token_for(world["case"])
    response = client.get(reverse("logistics:family_ics", kwargs={"token": token, "pk": shared.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "America/Mexico_City"
    assert (start.hour, start.minute) == (10, 30) and start.date().isoformat() == "2030-03-13"
    assert start == shared.due_at
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Mexico_City"]
    assert str(event["summary"]) == "Cita de revisión de informes"
    assert str(event["location"]).startswith("Hospital del Sol")
    assert event["uid"] and event["dtstamp"]
    text = response.content.decode()
    for private in ("Dr Ruiz", "Book the screening", "aml", "José", world["case"].reference):
        assert private not in text


def test_a_family_reaches_only_their_own_shared_tasks(client, world, shared):
    theirs_token = token_for(world["theirs"])
    url = reverse("logistics:family_ics", kwargs={"token": theirs_token, "pk": shared.pk})
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("logistics:family_ics", kwargs={"token": "wrong", "pk": shared.pk})
        ).status_code
        == 404
    )
    own = token_for(world["case"])
    services.task_unshare(task=shared, by=world["alice"])
    assert (
        client.get(
            reverse("logistics:family_ics", kwargs={"token": own, "pk": shared.pk})
        ).status_code
        == 404
    )


def test_a_zone_that_no_longer_exists_falls_back_to_utc_in_the_calendar(world, shared):
    Case.objects.filter(pk=world["case"].pk)  # the case is unchanged
    shared.family_time_zone = "Gone/Away"
    shared.case.submitter.time_zone = "Also/Gone"
    event = icalendar.Calendar.from_ical(task_ics(shared)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == shared.due_at
    assert event.decoded("dtstart").utcoffset().total_seconds() == 0
