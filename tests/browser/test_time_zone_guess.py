"""The about step pre-selects the browser's own time zone, listed or not."""

import pytest
from django.urls import reverse

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("zone", ["Europe/Madrid", "Asia/Kabul"])
def test_the_browsers_time_zone_is_chosen_for_the_family(new_page, zone):
    page = new_page(PHONE, timezone_id=zone)
    page.goto(page.base + reverse("intake:inquiry_step", kwargs={"step": "about"}))
    assert page.locator("#id_about-time_zone").input_value() == zone
