"""The privacy notice: who sees a case, how long it is kept (from settings), deletion."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import step_url

pytestmark = pytest.mark.django_db


def notice(language="en") -> str:
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("intake:privacy"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_notice_says_who_sees_the_case_and_that_views_are_recorded():
    page = notice()
    assert "Your coordinator" in page
    assert "supervisors" in page
    assert "only after you agree to share them with that particular hospital" in page
    assert "audit trail" in page


def test_the_periods_come_from_the_settings(settings):
    settings.NAVIGATOR_DRAFT_TTL = timedelta(days=1)
    settings.NAVIGATOR_STATUS_LINK_TTL = timedelta(days=200)
    settings.NAVIGATOR_RETENTION_CLOSED = timedelta(days=1000)
    settings.DEFAULT_FROM_EMAIL = "Navigator <help@example.org>"
    page = notice()
    assert "deleted, with its files, 1 day after you last saved it" in page
    assert "works for 200 days" in page
    assert "we keep it for 1000 days" in page
    assert 'href="mailto:help@example.org"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", "Quién ve su caso"), ("zh-hans", "谁能看到您的个案")],
)
def test_the_notice_is_translated(language, words, settings):
    settings.NAVIGATOR_RETENTION_CLOSED = timedelta(days=730)
    page = notice(language)
    assert words in page
    assert "730" in page
    assert "Who sees your case" not in page


def test_the_footer_and_the_consent_step_link_to_the_notice(client):
    privacy = reverse("intake:privacy")
    assert f'href="{privacy}"' in client.get("/").content.decode()
    client.get(reverse("intake:inquiry_wizard"))
    assert f'href="{privacy}"' in client.get(step_url("help")).content.decode()
