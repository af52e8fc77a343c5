"""The calendar file (.ics) of an appointment or travel plan shared with the family.

It carries what the family reads on their status page and nothing else: the title and
place written for them, the time in their zone (with the zone's definition, so any
calendar shows it right), never staff notes, the staff title or health data.
"""

from datetime import timedelta

import icalendar
from django.utils import timezone

from .models import CaseTask
from .selectors import family_zone

DEFAULT_LENGTH = timedelta(hours=1)  # a calendar needs an end; the time that matters is the start


def task_ics(task: CaseTask) -> bytes:
    zone = family_zone(task)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Navigator//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{task.uid}@navigator")
    event.add("dtstamp", timezone.now())
    event.add("sequence", task.version)
    event.add("dtstart", task.due_at.astimezone(zone))
    event.add("duration", DEFAULT_LENGTH)
    event.add("summary", task.family_title)
    if task.family_place:
        event.add("location", task.family_place)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for the zone DTSTART names
    return calendar.to_ical()
