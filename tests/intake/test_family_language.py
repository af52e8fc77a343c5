"""A family keeps their language when a resume or status link opens on another device."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from intake import services as intake_services
from intake.models import InquiryDraft
from tests.factories import post_step, submit_case

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def save_draft_in(language, client, django_capture_on_commit_callbacks) -> str:
    client.cookies[COOKIE] = language
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    post_step(client, "patient", save_for_later="1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("intake:inquiry_save"), {"email": "li.wei@example.org"})
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/inquiry/resume/" in line)
    return line.strip().replace("http://testserver", "")


def test_the_draft_remembers_the_language_it_was_written_in(
    client, django_capture_on_commit_callbacks
):
    save_draft_in("es", client, django_capture_on_commit_callbacks)
    assert InquiryDraft.objects.get().language == "es"


def test_a_resume_link_on_a_fresh_device_opens_in_the_drafts_language(
    client, django_capture_on_commit_callbacks
):
    link = save_draft_in("es", client, django_capture_on_commit_callbacks)
    other_device = Client()
    response = other_device.get(link)
    assert response.cookies[COOKIE].value == "es"
    page = other_device.get(response.url).content.decode()
    assert "Bienvenido de nuevo" in page
    assert "El paciente" in page


def test_a_language_chosen_on_the_device_wins_over_the_drafts(
    client, django_capture_on_commit_callbacks
):
    link = save_draft_in("es", client, django_capture_on_commit_callbacks)
    other_device = Client()
    other_device.cookies[COOKIE] = "zh-hans"
    response = other_device.get(link)
    assert COOKIE not in response.cookies
    page = other_device.get(response.url).content.decode()
    assert "欢迎回来" in page
    assert "Bienvenido" not in page


def test_a_status_link_on_a_fresh_device_keeps_the_cases_language(client):
    case = submit_case()
    case.language = "es"
    case.save(update_fields=["language"])
    token = intake_services.case_issue_status_link(case=case)
    response = client.get(reverse("intake:status", kwargs={"token": token}))
    assert "Qué pasa ahora" in response.content.decode()
    assert response.cookies[COOKIE].value == "es"
    # The next page the family opens on this device is in Spanish too.
    start = client.get(reverse("intake:inquiry"))
    assert start.wsgi_request.LANGUAGE_CODE == "es"


def test_a_status_link_leaves_a_language_picked_on_the_device_alone(client):
    case = submit_case()
    case.language = "es"
    case.save(update_fields=["language"])
    token = intake_services.case_issue_status_link(case=case)
    client.cookies[COOKIE] = "zh-hans"
    response = client.get(reverse("intake:status", kwargs={"token": token}))
    assert COOKIE not in response.cookies
    assert "接下来会怎样" in response.content.decode()
