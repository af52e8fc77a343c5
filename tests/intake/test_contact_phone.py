"""A phone number is asked for only from families who want to be called or messaged."""

import pytest
from django.urls import reverse

from cases.models import Submitter
from intake.forms import AboutYouForm
from tests.factories import STEP_ANSWERS, make_intake, post_step, step_url, submit_case

pytestmark = pytest.mark.django_db


def about(**changes) -> AboutYouForm:
    return AboutYouForm(
        data={f"about-{k}": v for k, v in {**STEP_ANSWERS["about"], **changes}.items()},
        prefix="about",
    )


def test_a_family_who_chose_email_may_leave_the_phone_empty():
    form = about(phone="", contact_method="email")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == ""


@pytest.mark.parametrize("channel", ["phone", "messaging"])
def test_calling_or_messaging_needs_a_phone_number_named_on_the_phone_field(channel):
    form = about(phone="", contact_method=channel)
    assert not form.is_valid()
    assert list(form.errors) == ["phone"]
    assert "so that we can call or message you" in form.errors["phone"][0]


def test_a_given_number_is_still_checked_whatever_the_channel():
    form = about(phone="12", contact_method="email")
    assert not form.is_valid()
    assert "valid phone number" in form.errors["phone"][0]


def test_the_wizard_moves_on_without_a_phone_for_email(client):
    client.get(reverse("intake:inquiry_wizard"))
    response = post_step(client, "about", {**STEP_ANSWERS["about"], "phone": ""})
    assert response.status_code == 302 and response.url == step_url("patient")


def test_a_case_without_a_phone_number_is_saved():
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "phone": ""})
    assert Submitter.objects.get(case=case).phone == ""
