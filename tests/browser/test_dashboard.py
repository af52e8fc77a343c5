"""The supervisors' dashboard in chromium: axe finds nothing serious, with its data tables
open, and a coordinator's own figures on the queue page pass too."""

import json

import pytest

from tests.dashboard.fixtures import at, case
from tests.factories import coordinator, supervisor

from .conftest import DESKTOP
from .test_accessibility import serious
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _cases(owner):
    for day in range(1, 20):
        case(
            submitted_at=at(day, 9, month=11),
            coordinator=owner,
            country="ES" if day % 3 else "MX",
            first_contacted_at=at(day, 15, month=11),
            first_contact_working_hours=day % 7,
            status="closed" if day % 4 == 0 else "in_review",
            close_reason="no_response" if day % 4 == 0 else "",
        )


def test_the_dashboard_has_no_serious_accessibility_problems(new_page):
    boss = supervisor()
    _cases(coordinator("ana"))
    page = new_page(DESKTOP, bypass_csp=True)
    sign_in(page, boss, enrolled(boss))
    problems = {}
    for query in ("?start=2026-11-01&end=2026-11-30", "?start=2026-11-01&country=MX"):
        page.goto(page.base + "/staff/dashboard/" + query)
        assert page.get_by_role("heading", name="Service dashboard").is_visible()
        assert page.locator("svg[role=img]").count() >= 8
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        if found := serious(page):
            problems[query] = found
    assert problems == {}, json.dumps(problems, indent=1)


def test_a_coordinators_queue_with_their_figures_is_accessible(new_page):
    ana = coordinator("ana")
    _cases(ana)
    page = new_page(DESKTOP, bypass_csp=True)
    sign_in(page, ana, enrolled(ana))
    page.goto(page.base + "/queue/")
    assert page.get_by_role("heading", name="My figures").is_visible()
    assert serious(page) == []
