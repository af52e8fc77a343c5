"""Country lists on the inquiry speak the family's language and sort by that name."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from intake.forms import AboutYouForm, PatientForm

pytestmark = pytest.mark.django_db


def about_page(language: str) -> str:
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("intake:inquiry_step", kwargs={"step": "about"})).content.decode()


@pytest.mark.parametrize(
    ("language", "spain", "germany"),
    [("es", "España", "Alemania"), ("zh-hans", "西班牙", "德国"), ("en", "Spain", "Germany")],
)
def test_the_country_list_is_in_the_page_language(language, spain, germany):
    page = about_page(language)
    assert f'<option value="ES">{spain}</option>' in page
    assert f'<option value="DE">{germany}</option>' in page


def test_countries_are_sorted_by_their_spanish_names():
    with translation.override("es"):
        names = [str(label) for code, label in AboutYouForm().fields["country"].choices if code]
    assert names.index("Alemania") < names.index("Argentina") < names.index("España")
    # Spain is "España" here, so it sorts among the E's, not the S's.
    assert names.index("España") < names.index("Francia")


def test_the_patients_country_list_is_translated_too():
    with translation.override("zh-hans"):
        labels = dict(PatientForm().fields["country_of_residence"].choices)
    assert labels["ES"] == "西班牙"


def test_the_review_page_names_the_country_in_the_family_language(client):
    from tests.factories import post_step

    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    page = client.get(reverse("intake:inquiry_step", kwargs={"step": "review"}))
    body = page.content.decode()
    assert re.search(r"España", body)
