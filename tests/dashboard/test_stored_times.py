"""What the dashboard aggregates is stored when it happens: working hours to first contact
on the coordinator's calendar, and when the records were first complete."""

from datetime import date

import pytest

from cases import casework
from cases.models import Case, Holiday
from tests.factories import coordinator

from .fixtures import at, case

pytestmark = pytest.mark.django_db


def test_first_contact_stores_working_hours_on_the_coordinators_calendar():
    coord = coordinator("ana", working_days=[0, 1, 2, 3, 4], time_zone="UTC")
    Holiday.objects.create(day=date(2026, 3, 3), name="Ana's day off", coordinator=coord)
    subject = case(submitted_at=at(2, 20), coordinator=coord)
    # Monday 20:00 to Wednesday 02:00, Tuesday a holiday: 4 + 0 + 2 hours.
    casework.case_log_contact(
        case=subject, by=coord, channel="call", happened_at=at(4, 2), summary="Called"
    )
    subject.refresh_from_db()
    assert subject.first_contacted_at == at(4, 2)
    assert subject.first_contact_working_hours == 6


def test_an_earlier_contact_logged_later_replaces_the_stored_hours():
    coord = coordinator("ana", working_days=[0, 1, 2, 3, 4], time_zone="UTC")
    subject = case(submitted_at=at(2, 9), coordinator=coord)
    casework.case_log_contact(
        case=subject, by=coord, channel="call", happened_at=at(2, 15), summary="Spoke"
    )
    casework.case_log_contact(
        case=subject, by=coord, channel="email", happened_at=at(2, 11), summary="Spoke"
    )
    subject.refresh_from_db()
    assert subject.first_contact_working_hours == 2


def test_records_complete_is_stored_the_first_time_only():
    coord = coordinator("ana")
    subject = case(coordinator=coord)
    for to in ("in_review", "records_complete"):
        subject = casework.case_change_status(case=subject, to=to, by=coord)
    first = subject.records_completed_at
    assert first is not None
    for to in ("records_requested", "records_complete"):
        subject = casework.case_change_status(case=subject, to=to, by=coord)
    assert Case.objects.get(pk=subject.pk).records_completed_at == first
