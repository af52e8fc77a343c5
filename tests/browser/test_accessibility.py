"""axe-core, run inside the browser: no serious or critical violations on the public
pages and the main staff pages."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from cases.models import Case
from intake import services as intake_services
from tests.factories import coordinator, make_intake, submit_case

from .conftest import DESKTOP, PHONE
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AXE = Axe()


def serious(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages(new_page, viewport):
    case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    page = new_page(viewport, bypass_csp=True)  # axe injects its script into the page
    problems = {}
    for path in (
        "/",
        "/inquiry/",
        "/inquiry/step/about/",
        "/status/",
        f"/status/{token}/",
        "/learn/",
        "/learn/gvhd-and-cytokine-release-syndrome/",
        "/learn/search/?q=CAR-T",
    ):
        page.goto(page.base + path)
        found = serious(page)
        if found:
            problems[path] = found
    # A step with errors: the error summary and the invalid fields.
    page.goto(page.base + "/inquiry/step/about/")
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    if found := serious(page):
        problems["about with errors"] = found
    assert problems == {}, json.dumps(problems, indent=1)


def test_arabic_public_pages_are_right_to_left_and_accessible(new_page):
    """In Arabic the page is mirrored (the brand and the headings on the right) and axe
    finds nothing serious, in the inquiry's first step and the case's status page."""
    case = submit_case(submitter={**make_intake().submitter, "preferred_language": "ar"})
    token = intake_services.case_issue_status_link(case=case)
    page = new_page(DESKTOP, bypass_csp=True, extra_http_headers={"Accept-Language": "ar"})
    problems = {}
    for path in ("/", "/inquiry/step/about/", f"/status/{token}/"):
        page.goto(page.base + path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        brand = page.locator(".navbar-brand").bounding_box()
        heading = page.locator("main h1").first.bounding_box()
        width = page.viewport_size["width"]
        assert brand["x"] > width / 2 and heading["x"] + heading["width"] > width / 2, path
        if found := serious(page):
            problems[path] = found
    assert problems == {}, json.dumps(problems, indent=1)


def test_main_staff_pages(new_page):
    alice = coordinator("alice")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    page = new_page(DESKTOP, bypass_csp=True)
    sign_in(page, alice, enrolled(alice))
    problems = {}
    for path in ("/queue/", "/queue/unassigned/", f"/cases/{case.reference}/", "/staff/passkeys/"):
        page.goto(page.base + path)
        if found := serious(page):
            problems[path] = found
    page.goto(page.base + "/staff/login/")
    if found := serious(page):
        problems["login"] = found
    assert problems == {}, json.dumps(problems, indent=1)


def test_the_inquiry_can_be_completed_with_the_keyboard(new_page):
    page = new_page(DESKTOP)
    page.goto(page.base + "/inquiry/step/about/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    # Radio groups, text fields and selects all take keyboard input.
    page.focus('input[name="about-role"][value="patient"]')
    page.keyboard.press("Space")
    page.focus("#id_about-full_name")
    page.keyboard.type("Keyboard User")
    page.keyboard.press("Tab")
    page.keyboard.type("kb@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("+34612345678")
    page.focus("#id_about-country")
    page.keyboard.type("Spain")
    page.focus('input[name="about-contact_method"][value="email"]')
    page.keyboard.press("Space")
    page.focus("#id_about-time_zone")
    page.keyboard.type("Europe/Madrid")
    page.focus("button.btn-primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator("#error-summary").all_inner_texts()
    assert "/inquiry/step/patient/" in page.url, errors
    # Prefilled because the submitter is the patient.
    assert page.input_value("#id_patient-full_name") == "Keyboard User"
