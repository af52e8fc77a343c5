"""The family's private status page and its token rules."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, TimelineEvent
from intake import services as intake_services
from tests.factories import EXE_BYTES, make_document, pdf_upload, submit_case, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_link():
    case = submit_case()
    token = intake_services.case_issue_status_link(case=case)
    return case, token


def status_url(token):
    return reverse("intake:status", kwargs={"token": token})


def test_the_link_shows_the_stage_in_kind_words(client, case_with_link):
    case, token = case_with_link
    response = client.get(status_url(token))
    body = response.content.decode()
    assert response.status_code == 200
    assert case.reference in body
    assert "We have received your inquiry" in body
    assert "What happens next" in body
    assert "no-store" in response["Cache-Control"]


def test_every_status_has_family_wording_without_a_verdict():
    from cases.family.stages import FAMILY_STAGES

    assert set(FAMILY_STAGES) == set(Case.Status.values)
    for stage in FAMILY_STAGES.values():
        words = f"{stage.headline} {stage.explanation} {stage.next_step}".lower()
        for verdict in ("eligible", "qualif", "accepted", "approved", "guarantee", "cure"):
            assert verdict not in words


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "x" * 500])
def test_a_wrong_token_is_a_plain_404(client, case_with_link, token):
    case, _token = case_with_link
    response = client.get(status_url(token))
    assert response.status_code == 404
    assert case.reference not in response.content.decode()


def test_an_expired_or_replaced_token_is_a_404(client, case_with_link):
    case, token = case_with_link
    newer = intake_services.case_issue_status_link(case=case)
    assert client.get(status_url(token)).status_code == 404
    assert client.get(status_url(newer)).status_code == 200
    Case.objects.filter(pk=case.pk).update(status_token_expires_at=timezone.now() - timedelta(1))
    assert client.get(status_url(newer)).status_code == 404


def test_the_page_shows_nothing_of_another_case(client, case_with_link):
    case, token = case_with_link
    other = submit_case()
    make_document(other, file="reports/x", original_name="secret-other.pdf")
    body = client.get(status_url(token)).content.decode()
    assert other.reference not in body
    assert "secret-other.pdf" not in body


def test_the_family_can_add_reports(client, case_with_link, _private_upload_root):
    case, token = case_with_link
    response = client.post(
        status_url(token), {"files": [pdf_upload("later.pdf")], "category": "imaging"}
    )
    assert response.status_code == 302
    document = case.documents.get()
    assert (document.original_name, document.category, document.source) == (
        "later.pdf",
        "imaging",
        "family",
    )
    assert case.timeline.filter(kind=TimelineEvent.Kind.FAMILY_UPLOAD).exists()
    page = client.get(status_url(token)).content.decode()
    assert "later.pdf" in page and "We received 1 file" in page


def test_a_refused_family_upload_saves_nothing_and_says_why(
    client, case_with_link, _private_upload_root
):
    case, token = case_with_link
    response = client.post(
        status_url(token),
        {
            "files": [pdf_upload("ok.pdf"), upload("virus.pdf", EXE_BYTES, "application/pdf")],
            "category": "imaging",
        },
    )
    assert response.status_code == 200
    assert "virus.pdf is not a PDF, JPEG, PNG, TIFF or DICOM file" in response.content.decode()
    assert not case.documents.exists()
    assert not [p for p in _private_upload_root.rglob("*") if p.is_file()]


def test_family_uploads_respect_the_case_limits(client, case_with_link, settings):
    settings.NAVIGATOR_MAX_FILES_PER_CASE = 1
    case, token = case_with_link
    client.post(status_url(token), {"files": [pdf_upload("a.pdf")], "category": "imaging"})
    response = client.post(
        status_url(token), {"files": [pdf_upload("b.pdf")], "category": "imaging"}
    )
    assert response.status_code == 200
    assert case.documents.count() == 1


def test_a_lost_link_is_resent_to_the_submitter_only(client, case_with_link):
    case, old_token = case_with_link
    response = client.post(
        reverse("intake:status_link_request"),
        {"reference": case.reference.lower(), "email": "ANA@example.org"},
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert client.get(status_url(old_token)).status_code == 404
    link = next(line for line in mail.outbox[0].body.splitlines() if "/status/" in line)
    assert client.get(link.replace("http://testserver", "")).status_code == 200


def test_a_lost_link_request_does_not_reveal_whether_the_case_exists(client, case_with_link):
    case, _token = case_with_link
    matched = client.post(
        reverse("intake:status_link_request"),
        {"reference": case.reference, "email": "ana@example.org"},
    )
    unmatched = client.post(
        reverse("intake:status_link_request"),
        {"reference": case.reference, "email": "eve@example.org"},
    )
    assert matched.status_code == unmatched.status_code == 200

    def without_csrf(response):
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)

    assert without_csrf(matched) == without_csrf(unmatched)
    assert len(mail.outbox) == 1


def test_a_malformed_reference_is_named_on_the_form(client):
    response = client.post(
        reverse("intake:status_link_request"), {"reference": "12345", "email": "a@example.org"}
    )
    assert "NAV-2026-000123" in response.content.decode()
    assert "reference" in response.context["form"].errors
