"""A NUL byte (which PostgreSQL refuses in text) or text that is not UTF-8, anywhere in a
request, gets the plain 400 page, never a 500."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import coordinator, supervisor

pytestmark = pytest.mark.django_db
BAD_REQUEST_TEXT = "Something was wrong with that request"


def assert_plain_400(response):
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()
    assert "Content-Security-Policy" in response  # answered inside the security headers


def test_a_nul_in_the_library_search_is_a_400(client):
    assert_plain_400(client.get("/learn/search/?q=%00"))
    assert_plain_400(client.get("/learn/search/?q=gvhd%00x"))


def test_a_nul_in_a_case_reference_is_a_400(signed_in):
    client = signed_in(Client(), coordinator("alice"))
    refused = client.get("/cases/%00/")
    assert_plain_400(refused)
    assert "no-store" in refused["Cache-Control"]
    assert_plain_400(client.get("/cases/NAV-2026-000001%00/notes/"))


def test_a_nul_in_an_audit_filter_is_a_400(signed_in):
    client = signed_in(Client(), supervisor("boss"))
    assert_plain_400(client.get("/staff/audit/?case=%00"))
    assert_plain_400(client.get("/staff/audit/?actor=%00&action=sign_in"))
    assert client.get("/staff/audit/?case=NAV-2026-000001").status_code == 200


def test_a_nul_in_a_posted_form_field_is_a_400(client):
    url = reverse("intake:status_link_request")
    fields = {"reference": "NAV-2026-000001", "email": "a\x00@example.org"}
    assert_plain_400(client.post(url, fields))  # multipart, as the test client sends it
    assert_plain_400(
        client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")
    )
    assert_plain_400(client.post(reverse("staff_login"), {"username": "x\x00", "password": "y"}))
    assert not AuditEvent.objects.exists()  # refused before any view or query


def test_text_that_is_not_utf8_is_a_400(client):
    assert_plain_400(client.get("/learn/search/?q=%FF%FE"))
    assert_plain_400(
        client.post(
            reverse("intake:status_link_request"),
            "reference=NAV-2026-000001&email=%E9t%E9%40example.org",
            content_type="application/x-www-form-urlencoded",
        )
    )


def test_a_nul_in_a_header_or_cookie_is_a_400(client):
    assert_plain_400(client.get("/learn/", HTTP_USER_AGENT="Mozilla\x00"))
    client.cookies["sessionid"] = "\x00" * 40
    assert_plain_400(client.get("/learn/"))


def test_ordinary_text_in_any_script_passes(client):
    search = "/learn/search/?" + urlencode({"q": "移植 трансплантация"})
    assert client.get(search).status_code == 200
    response = client.post(
        reverse("intake:status_link_request"),
        {"reference": "NAV-2026-000001", "email": "josé@example.org"},
    )
    assert response.status_code == 200
