"""A supervisor's tools in chromium: a profile edited with checkboxes, their open cases
routed again after a preview, the queue downloaded; axe finds nothing serious."""

import pytest

from cases.models import Case, CoordinatorProfile
from tests.factories import coordinator, submit_case, supervisor

from .conftest import DESKTOP
from .test_accessibility import serious
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_supervisor_edits_a_profile_and_routes_cases_again_after_a_preview(new_page):
    boss = supervisor("boss")
    leaving = coordinator("leaving", languages=["es"])
    coordinator("staying", languages=["en", "es"], capacity=5)
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=leaving)
    page = new_page(DESKTOP, bypass_csp=True)
    sign_in(page, boss, enrolled(boss))
    problems = {}

    page.goto(page.base + "/staff/team/")
    problems["team"] = serious(page)
    page.get_by_role("link", name="leaving").click()
    page.wait_for_load_state()
    problems["profile"] = serious(page)
    page.get_by_label("English").check()
    page.get_by_label("Saturday").check()
    page.select_option("#id_time_zone", "Europe/Madrid")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    profile = CoordinatorProfile.objects.get(user=leaving)
    assert profile.languages == ["en", "es"] and 5 in profile.working_days
    assert profile.time_zone == "Europe/Madrid"

    page.get_by_role("link", name="Route their open cases again").click()
    page.wait_for_load_state()
    problems["release preview"] = serious(page)
    preview = page.locator("#release-moves").inner_text()
    assert case.reference in preview and "staying" in preview
    assert Case.objects.get(pk=case.pk).coordinator == leaving  # nothing moved yet
    page.get_by_role("button", name="Move this case").click()
    page.wait_for_load_state()
    problems["release result"] = serious(page)
    assert "Cases moved from leaving" in page.content()
    assert Case.objects.get(pk=case.pk).coordinator.username == "staying"

    page.goto(page.base + "/queue/all/")
    with page.expect_download() as download:
        page.locator("[data-queue-csv]").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert case.reference in text and "García" not in text
    assert {k: v for k, v in problems.items() if v} == {}
