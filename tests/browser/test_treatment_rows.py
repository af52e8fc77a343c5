"""Treatment rows on the inquiry can be removed again, in the browser."""

import pytest
from django.urls import reverse

from intake.models import InquiryDraft

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_row(page, index, kind, regimen):
    page.select_option(f"#id_treatment-{index}-kind", kind)
    page.fill(f"#id_treatment-{index}-regimen", regimen)
    page.select_option(f"#id_treatment-{index}-best_response", "partial")


def test_a_family_removes_a_treatment_row_and_it_stays_removed(new_page):
    page = new_page(PHONE)
    page.goto(page.base + reverse("intake:inquiry_step", kwargs={"step": "treatment"}))
    add = page.get_by_role("button", name="Add a treatment")
    add.click()
    fill_row(page, 0, "chemotherapy", "R-CHOP")
    add.click()
    fill_row(page, 1, "car_t", "CD19 CAR-T")
    remove = page.get_by_role("button", name="Remove this treatment")
    assert remove.count() == 2
    remove.nth(0).click()
    assert not page.locator("#id_treatment-0-kind").is_visible()
    assert page.locator("#id_treatment-1-kind").is_visible()
    # The ticked DELETE box itself is hidden: the button is the control.
    assert not page.locator("#id_treatment-0-DELETE").is_visible()
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()
    assert "/inquiry/step/reports/" in page.url

    # Back on the step, the saved draft shows only the kept row, with its own button.
    page.goto(page.base + reverse("intake:inquiry_step", kwargs={"step": "treatment"}))
    assert page.locator("#id_treatment-0-DELETE").is_checked()
    assert not page.locator("#id_treatment-0-kind").is_visible()
    assert page.locator("#id_treatment-1-regimen").input_value() == "CD19 CAR-T"
    assert page.get_by_role("button", name="Remove this treatment").count() == 1
    data = InquiryDraft.objects.get().data["step_data"]["treatment"]
    assert data["treatment-0-DELETE"] == ["on"]
