"""Urgency counts: a case the family says is changing quickly is due within a few working
hours of the coordinator's working day; out of hours the on-call coordinator is alerted and
the target counts from their shift, or, with nobody on call, the family is told when to
expect contact, in their language and time zone."""

from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse

from cases import assignment, urgency
from cases.alerts import alerts_unread
from cases.models import Case, CoordinatorAlert, Holiday, OnCallShift, RoutingRule
from cases.sla import add_working_hours, is_working_time
from intake import services as intake_services
from intake.views.inquiry import SUBMITTED_KEY
from tests.factories import coordinator, make_intake, submit_case

pytestmark = pytest.mark.django_db
Kind = CoordinatorAlert.Kind
WEEK = frozenset({0, 1, 2, 3, 4})
NINE_TO_FIVE = (time(9), time(17))
SUNDAY_AFTERNOON = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)  # Sunday


def at(d, h, m=0):
    return datetime(2026, 12, d, h, m, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(6, 15), at(7, 13)),  # Sunday -> Monday 09:00 + 4 h
        (at(7, 10), at(7, 14)),  # Monday morning, inside the day
        (at(4, 16), at(7, 12)),  # Friday 16:00: one hour Friday, three on Monday
        (at(7, 20), at(8, 13)),  # Monday evening -> Tuesday morning
        (at(7, 6), at(7, 13)),  # before opening -> that morning
    ],
)
def test_working_hours_count_only_inside_the_working_day(start, expected):
    assert add_working_hours(start, 4, working_days=WEEK, day_hours=NINE_TO_FIVE) == expected


def test_whole_day_arithmetic_is_unchanged_without_working_hours():
    assert add_working_hours(at(6, 15), 24, working_days=WEEK) == at(8, 0)


def test_working_time_knows_weekends_holidays_and_opening_hours():
    assert is_working_time(at(7, 10), working_days=WEEK, day_hours=NINE_TO_FIVE)
    assert not is_working_time(at(7, 17), working_days=WEEK, day_hours=NINE_TO_FIVE)
    assert not is_working_time(at(6, 10), working_days=WEEK, day_hours=NINE_TO_FIVE)
    assert not is_working_time(
        at(7, 10), working_days=WEEK, holidays={date(2026, 12, 7)}, day_hours=NINE_TO_FIVE
    )


def arrived(moment, **overrides):
    case = submit_case(**overrides)
    Case.objects.filter(pk=case.pk).update(submitted_at=moment)
    case.refresh_from_db()
    return case


def route_to(case, user):
    RoutingRule.objects.get_or_create(name=f"to {user}", coordinator=user)
    assignment.case_route(case=case)
    case.refresh_from_db()
    return case


def test_an_urgent_case_sent_on_sunday_is_due_on_the_next_working_morning(settings):
    settings.NAVIGATOR_URGENT_FIRST_CONTACT_HOURS = 4
    alice = coordinator("alice")
    case = route_to(arrived(SUNDAY_AFTERNOON), alice)
    assert case.coordinator == alice
    assert case.first_contact_due_at == at(7, 13)  # not Tuesday


def test_a_holiday_moves_the_urgent_target_to_the_next_working_morning():
    alice = coordinator("alice")
    Holiday.objects.create(day=date(2026, 12, 7), name="Service holiday")
    case = route_to(arrived(SUNDAY_AFTERNOON), alice)
    assert case.first_contact_due_at == at(8, 13)


def test_the_urgent_target_is_in_the_coordinators_own_time_zone():
    alice = coordinator("alice", time_zone="Asia/Shanghai")  # UTC+8: opens at 01:00 UTC
    case = route_to(arrived(SUNDAY_AFTERNOON), alice)
    assert case.first_contact_due_at == at(7, 5)


def test_a_routine_case_keeps_the_usual_target():
    alice = coordinator("alice")
    case = route_to(arrived(SUNDAY_AFTERNOON, urgency="routine"), alice)
    assert case.first_contact_due_at == at(8, 0)  # 24 h of Monday


def test_the_on_call_coordinator_is_alerted_and_the_target_counts_from_the_shift(signed_in):
    alice = coordinator("alice")
    bob = coordinator("bob")
    OnCallShift.objects.create(coordinator=bob, starts_at=at(6, 8), ends_at=at(6, 22))
    case = route_to(arrived(SUNDAY_AFTERNOON), alice)
    assert case.coordinator == alice
    assert case.first_contact_due_at == at(6, 19)  # four hours into bob's shift
    assert [a.kind for a in alerts_unread(user=bob)] == [Kind.URGENT_ON_CALL]
    assert [a.kind for a in alerts_unread(user=alice)] == [Kind.ASSIGNED]
    # bob may open the case he was called for, and only that one
    client = signed_in(Client(), bob)
    assert client.get(reverse("cases:workspace", args=[case.reference])).status_code == 200
    other = route_to(arrived(at(7, 10)), alice)
    assert client.get(reverse("cases:workspace", args=[other.reference])).status_code == 404
    # routing it again does not call bob twice
    assignment.case_reassign(case=case, to=coordinator("carol"), by=alice, reason="handover")
    assert CoordinatorAlert.objects.filter(user=bob).count() == 1


def test_a_shift_ending_before_the_target_carries_the_rest_into_working_hours():
    alice = coordinator("alice")
    bob = coordinator("bob")
    OnCallShift.objects.create(coordinator=bob, starts_at=at(6, 8), ends_at=at(6, 17))
    case = route_to(arrived(SUNDAY_AFTERNOON), alice)
    assert case.first_contact_due_at == at(7, 11)  # two hours on call, two on Monday


def test_an_urgent_case_left_in_triage_still_calls_the_on_call_coordinator():
    bob = coordinator("bob", capacity=0)  # full: routing cannot give him the case
    OnCallShift.objects.create(coordinator=bob, starts_at=at(6, 8), ends_at=at(6, 22))
    case = arrived(SUNDAY_AFTERNOON)
    assignment.case_route(case=case)
    case.refresh_from_db()
    assert case.coordinator is None
    assert [a.kind for a in alerts_unread(user=bob)] == [Kind.URGENT_ON_CALL]


def test_a_non_urgent_or_in_hours_case_alerts_nobody_on_call():
    alice = coordinator("alice")
    bob = coordinator("bob")
    OnCallShift.objects.create(coordinator=bob, starts_at=at(6, 0), ends_at=at(8, 0))
    route_to(arrived(SUNDAY_AFTERNOON, urgency="routine"), alice)
    route_to(arrived(at(7, 10)), alice)
    assert not alerts_unread(user=bob).exists()


def spanish_case(moment):
    submitter = {**make_intake().submitter, "preferred_language": "es"}
    case = arrived(moment, submitter=submitter)
    return route_to(case, coordinator(f"alice{case.pk}", languages=["es"]))


def status_page(case) -> str:
    token = intake_services.case_issue_status_link(case=case)
    return Client().get(reverse("intake:status", args=[token])).content.decode()


def test_with_nobody_on_call_the_family_reads_when_to_expect_contact_in_spanish():
    case = spanish_case(SUNDAY_AFTERNOON)
    assert urgency.out_of_hours_promise(case) == at(7, 13)
    html = status_page(case)
    # Monday 13:00 UTC is 14:00 in Madrid, the family's time zone.
    assert "Su mensaje llegó fuera de nuestro horario de trabajo." in html
    assert "a más tardar el 7 de diciembre de 2026 a las 14:00" in html
    assert "Europe/Madrid" in html


def test_the_confirmation_page_says_it_too(client):
    case = spanish_case(SUNDAY_AFTERNOON)
    session = client.session
    session[SUBMITTED_KEY] = {"reference": case.reference, "draft": "", "email": "a@b.es"}
    session.save()
    client.cookies["django_language"] = "es"
    html = client.get(reverse("intake:inquiry_submitted")).content.decode()
    assert "data-out-of-hours" in html
    assert "Su mensaje llegó fuera de nuestro horario de trabajo." in html


def test_no_out_of_hours_message_when_someone_is_on_call_or_contact_was_made():
    OnCallShift.objects.create(
        coordinator=coordinator("bob"), starts_at=at(6, 8), ends_at=at(6, 22)
    )
    covered = spanish_case(SUNDAY_AFTERNOON)
    assert "data-out-of-hours" not in status_page(covered)
    contacted = spanish_case(at(6, 23))
    assert "data-out-of-hours" in status_page(contacted)
    Case.objects.filter(pk=contacted.pk).update(first_contacted_at=at(7, 9))
    contacted.refresh_from_db()
    assert "data-out-of-hours" not in status_page(contacted)


def test_a_supervisor_keeps_the_on_call_rota_in_the_admin(signed_in):
    from django.contrib.auth import get_user_model

    from tests.factories import supervisor

    bob = coordinator("bob")
    boss = supervisor("boss")
    get_user_model().objects.filter(pk=boss.pk).update(is_staff=True)
    client = signed_in(Client(), boss)
    add = reverse("admin:cases_oncallshift_add")
    page = client.get(add)
    assert page.status_code == 200
    choices = [label for _pk, label in page.context["adminform"].form.fields["coordinator"].choices]
    assert choices == ["---------", "bob"]  # coordinators only
    response = client.post(
        add,
        {
            "coordinator": bob.pk,
            "starts_at_0": "2026-12-06",
            "starts_at_1": "08:00",
            "ends_at_0": "2026-12-06",
            "ends_at_1": "22:00",
        },
    )
    assert response.status_code == 302
    assert urgency.shift_covering(SUNDAY_AFTERNOON).coordinator == bob
