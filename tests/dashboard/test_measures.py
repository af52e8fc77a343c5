"""Each measure against figures worked out by hand."""

from datetime import date, timedelta

import pytest

from dashboard import selectors
from dashboard.forms import Filters
from logistics.models import CaseTask
from referrals.models import Referral
from tests.factories import coordinator, make_partner, supervisor

from .fixtures import at, case

pytestmark = pytest.mark.django_db
MARCH = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))


def test_inquiries_per_week_counts_every_week_of_the_period_empty_ones_too():
    case(submitted_at=at(2, 9))
    case(submitted_at=at(8, 23))  # Sunday: still the week of 2 March
    case(submitted_at=at(16, 9))
    case(submitted_at=at(16, 9, month=4))  # outside the period
    weeks = selectors.inquiries_per_week(MARCH)
    assert [(monday.date(), n) for monday, n in weeks] == [
        (date(2026, 2, 23), 0),
        (date(2026, 3, 2), 2),
        (date(2026, 3, 9), 0),
        (date(2026, 3, 16), 1),
        (date(2026, 3, 23), 0),
        (date(2026, 3, 30), 0),
    ]


def test_cases_by_stage_follow_the_workflow_order():
    for status in ("new", "new", "records_requested", "on_hold", "closed"):
        case(status=status)
    stages = selectors.cases_by_stage(MARCH)
    assert stages[0] == ("new", 2)
    assert [s for s, _ in stages][-2:] == ["on_hold", "closed"]
    assert dict(stages) == {
        "new": 2,
        "in_review": 0,
        "records_requested": 1,
        "records_complete": 0,
        "shared_with_hospitals": 0,
        "awaiting_hospital": 0,
        "information_shared": 0,
        "on_hold": 1,
        "closed": 1,
    }


# Medians and percentiles are PostgreSQL's percentile_cont: those tests ask for it.
def test_time_to_first_contact_median_percentile_and_share_within_target(postgres):
    due = at(3, 9)
    for hours, contacted in ((1, at(2, 10)), (2, at(2, 11)), (3, at(2, 12)), (4, at(2, 13))):
        case(
            first_contact_working_hours=hours,
            first_contacted_at=contacted,
            first_contact_due_at=due,
        )
    for hours in (5, 10):  # contacted after the target
        case(
            first_contact_working_hours=hours, first_contacted_at=at(4, 9), first_contact_due_at=due
        )
    case(first_contact_due_at=due)  # still open, not contacted
    case(first_contact_due_at=due, status="in_review")
    case(first_contact_due_at=due, status="closed", close_reason="duplicate")
    m = selectors.first_contact_times(MARCH)
    # Sorted 1 2 3 4 5 10: median (3 + 4) / 2; 90th percentile at position 4.5: 5 + 0.5 * 5.
    assert m["median"] == pytest.approx(3.5)
    assert m["p90"] == pytest.approx(7.5)
    assert (m["contacted"], m["within_target"], m["waiting"]) == (6, 4, 2)


def test_time_to_records_complete_in_days(postgres):
    for days in (1, 2, 3, 4, 5):
        case(submitted_at=at(2, 9), records_completed_at=at(2, 9) + timedelta(days=days))
    case(submitted_at=at(2, 9))  # open, records not complete yet
    case(submitted_at=at(2, 9), status="closed", close_reason="no_response")
    m = selectors.records_complete_times(MARCH)
    assert m["median"] == pytest.approx(3)
    assert m["p90"] == pytest.approx(4.6)  # position 3.6: 4 + 0.6 * 1
    assert (m["completed"], m["not_yet"]) == (5, 1)


def _referral(subject, organisation, by, sent, answered=None):
    return Referral.objects.create(
        case=subject,
        organisation=organisation,
        contact_name="Office",
        contact_email="office@hospital.example",
        question="Could you review the records?",
        created_by=by,
        status="accepted" if answered else "requested",
        sent_at=sent,
        first_answered_at=answered,
    )


def test_partner_answers_median_days_and_response_rate(postgres):
    boss = supervisor()
    sol, _ = make_partner("Hospital del Sol")
    mar, _ = make_partner("Hospital del Mar")
    subject = case()
    _referral(subject, sol, boss, at(2), at(3))
    _referral(subject, sol, boss, at(2), at(5))
    _referral(subject, sol, boss, at(2))  # no answer yet
    _referral(subject, mar, boss, at(10), at(10, 21))
    _referral(subject, mar, boss, at(10, month=4), at(11, month=4))  # sent outside the period
    rows = {r["partner"]: r for r in selectors.partner_answers(MARCH)}
    assert (rows["Hospital del Sol"]["sent"], rows["Hospital del Sol"]["answered"]) == (3, 2)
    assert rows["Hospital del Sol"]["median_days"] == pytest.approx(2)  # 1 and 3 days
    assert rows["Hospital del Mar"]["sent"] == 1
    assert rows["Hospital del Mar"]["median_days"] == pytest.approx(0.5)


def test_workload_per_coordinator_now():
    ana = coordinator("ana", capacity=4)
    ben = coordinator("ben", capacity=8)
    now = at(20, 12)
    case(coordinator=ana, first_contact_due_at=at(19))  # first contact overdue
    case(coordinator=ana, first_contact_due_at=at(19), first_contacted_at=at(18))
    waiting = case(coordinator=ana, reply_due_at=at(21))
    case(coordinator=ana, status="closed", close_reason="duplicate", first_contact_due_at=at(1))
    for status, due in (("open", at(19)), ("done", at(19)), ("open", at(25))):
        CaseTask.objects.create(
            case=waiting,
            kind="travel",
            title="Letter",
            due_at=due,
            time_zone="UTC",
            assignee=ana,
            created_by=ana,
            status=status,
        )
    rows = {r["coordinator"]: r for r in selectors.coordinator_workload(MARCH, now=now)}
    assert rows["ana"] == {
        "coordinator": "ana",
        "open": 3,
        "capacity": 4,
        "overdue": 1,
        "waiting": 1,
        "tasks_overdue": 1,
    }
    assert rows["ben"] == {
        "coordinator": "ben",
        "open": 0,
        "capacity": 8,
        "overdue": 0,
        "waiting": 0,
        "tasks_overdue": 0,
    }
    only_ben = Filters(start=MARCH.start, end=MARCH.end, coordinator_id=ben.pk)
    assert [r["coordinator"] for r in selectors.coordinator_workload(only_ben, now=now)] == ["ben"]


def test_breakdowns_and_closing_reasons_respect_the_filters():
    case(country="ES", language="es", condition_area="solid")
    case(country="ES", language="es")
    case(country="MX", language="es", status="closed", close_reason="no_response")
    case(country="CN", language="zh-hans", status="closed", close_reason="no_response")
    assert selectors.cases_by("country", MARCH) == [("ES", 2), ("CN", 1), ("MX", 1)]
    assert selectors.cases_by("condition_area", MARCH) == [("blood", 3), ("solid", 1)]
    spanish = Filters(start=MARCH.start, end=MARCH.end, language="es")
    assert selectors.cases_by("language", spanish) == [("es", 3)]
    reasons = dict(selectors.closed_by_reason(spanish))
    assert reasons["no_response"] == 1 and reasons["duplicate"] == 0


def test_weeks_and_days_are_the_services_time_zone(settings):
    settings.NAVIGATOR_SERVICE_TIME_ZONE = "America/Mexico_City"
    case(submitted_at=at(2, 3))  # Sunday 1 March, 21:00 in Mexico City
    case(submitted_at=at(2, 9))  # Monday 2 March, 03:00 there
    weeks = dict((monday.date(), n) for monday, n in selectors.inquiries_per_week(MARCH))
    assert weeks[date(2026, 2, 23)] == 1 and weeks[date(2026, 3, 2)] == 1
