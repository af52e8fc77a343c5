"""A coordinator's own small figures on the queue page: theirs only."""

import pytest

from cases.selectors import coordinator_figures
from logistics.models import CaseTask
from tests.dashboard.fixtures import at, case
from tests.factories import coordinator, supervisor

pytestmark = pytest.mark.django_db


def test_figures_count_only_the_coordinators_own_cases_and_tasks(postgres):
    ana = coordinator("ana", capacity=6)
    ben = coordinator("ben")
    now = at(20, 12)
    case(coordinator=ana, first_contact_due_at=at(19))  # overdue
    waiting = case(
        coordinator=ana,
        reply_due_at=at(21),
        first_contact_working_hours=3,
        first_contacted_at=at(2, 12),
        submitted_at=at(2, 9),
    )
    case(
        coordinator=ana,
        first_contact_working_hours=5,
        first_contacted_at=at(3, 9),
        submitted_at=at(2, 9),
        status="closed",
        close_reason="duplicate",
    )
    case(coordinator=ben, first_contact_due_at=at(19), reply_due_at=at(21))
    CaseTask.objects.create(
        case=waiting,
        kind="travel",
        title="Letter",
        due_at=at(19),
        time_zone="UTC",
        assignee=ana,
        created_by=ana,
    )
    CaseTask.objects.create(
        case=waiting,
        kind="travel",
        title="Letter",
        due_at=at(19),
        time_zone="UTC",
        assignee=ben,
        created_by=ben,
    )
    figures = coordinator_figures(user=ana, now=now)
    assert figures == {
        "open": 2,
        "capacity": 6,
        "overdue": 1,
        "waiting": 1,
        "tasks_overdue": 1,
        "median_hours": pytest.approx(4),
    }


def test_the_queue_page_shows_a_coordinator_their_own_figures(client, signed_in):
    ana = coordinator("ana", capacity=6)
    ben = coordinator("ben")
    case(coordinator=ana)
    for _ in range(3):
        case(coordinator=ben)
    signed_in(client, ana)
    body = client.get("/queue/").content.decode()
    assert "My figures" in body
    assert "data-figure-open>1 of 6<" in body


def test_a_supervisor_without_cases_sees_no_small_figures(client, signed_in):
    signed_in(client, supervisor())
    assert "My figures" not in client.get("/queue/").content.decode()
