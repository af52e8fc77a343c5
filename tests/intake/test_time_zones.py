"""The time zone question: a short grouped list with readable names, IANA values stored."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from intake.forms import AboutYouForm
from intake.time_zones import time_zone_choices, utc_offset, zone_label
from tests.factories import STEP_ANSWERS

pytestmark = pytest.mark.django_db

JANUARY = datetime(2027, 1, 15, tzinfo=UTC)


def about(**changes) -> AboutYouForm:
    return AboutYouForm(
        data={f"about-{k}": v for k, v in {**STEP_ANSWERS["about"], **changes}.items()},
        prefix="about",
    )


def test_the_list_is_short_and_grouped_by_region():
    groups = time_zone_choices()
    assert len(groups) >= 4
    zones = [name for _region, options in groups for name, _label in options]
    assert 30 < len(zones) < 80
    assert "Europe/Madrid" in zones and "Asia/Shanghai" in zones


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("es", "España (Madrid), UTC+01:00"),
        ("zh-hans", "西班牙 (Madrid), UTC+01:00"),
        ("en", "Spain (Madrid), UTC+01:00"),
    ],
)
def test_labels_name_the_country_in_the_family_language(language, label):
    with translation.override(language):
        assert zone_label("Europe/Madrid", "ES", JANUARY) == label


def test_the_offset_follows_summer_time_and_half_hours():
    assert utc_offset("Europe/Madrid", datetime(2027, 7, 1, tzinfo=UTC)) == "UTC+02:00"
    assert utc_offset("Asia/Kolkata", JANUARY) == "UTC+05:30"
    assert utc_offset("America/New_York", JANUARY) == "UTC-05:00"


def test_the_stored_value_is_the_iana_name():
    form = about(time_zone="Asia/Shanghai")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "Asia/Shanghai"


def test_a_real_zone_that_is_not_listed_is_accepted_and_shown():
    form = about(time_zone="Asia/Kathmandu")
    assert form.is_valid(), form.errors
    assert "Asia/Kathmandu" in str(form["time_zone"])


@pytest.mark.parametrize("forged", ["Mars/Olympus_Mons", "localtime", "../etc/passwd"])
def test_a_made_up_zone_is_refused_on_the_field(forged):
    form = about(time_zone=forged)
    assert not form.is_valid()
    assert list(form.errors) == ["time_zone"]


def test_the_about_step_shows_regions_as_option_groups(client):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = client.get(reverse("intake:inquiry_step", kwargs={"step": "about"})).content.decode()
    assert '<optgroup label="Europa">' in page
    assert page.count("<option") < 400  # countries (about 250) and a short zone list
