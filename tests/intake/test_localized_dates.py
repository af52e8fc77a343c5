"""Family-facing dates follow the reader's language, not a fixed English pattern."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cases.models import Document
from intake import services as intake_services
from intake.models import InquiryDraft
from tests.factories import make_document, post_step, submit_case

pytestmark = pytest.mark.django_db

WHEN = datetime(2027, 11, 29, 12, 0, tzinfo=UTC)
EXPECTED = {"zh-hans": "2027年11月29日", "es": "29 de noviembre de 2027"}


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_the_status_page_writes_dates_the_local_way(language):
    case = submit_case()
    case.language = language
    case.save(update_fields=["language"])
    document = make_document(case)
    Document.objects.filter(pk=document.pk).update(uploaded_at=WHEN)
    token = intake_services.case_issue_status_link(case=case)
    body = Client().get(reverse("intake:status", kwargs={"token": token})).content.decode()
    assert EXPECTED[language] in body
    assert "29 十一月 2027" not in body and "29 Nov 2027" not in body


@pytest.mark.parametrize("language", ["zh-hans", "es"])
def test_the_save_page_and_resume_email_write_the_expiry_the_local_way(
    language, django_capture_on_commit_callbacks
):
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.get(reverse("intake:inquiry_wizard"))
    post_step(
        client,
        "about",
        {
            "role": "family",
            "full_name": "Li Wei",
            "email": "li.wei@example.org",
            "phone": "+34 612 345 678",
            "country": "ES",
            "preferred_language": language,
            "contact_method": "email",
            "time_zone": "Europe/Madrid",
        },
    )
    InquiryDraft.objects.update(expires_at=WHEN)
    page = client.get(reverse("intake:inquiry_save")).content.decode()
    assert EXPECTED[language] in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("intake:inquiry_save"), {"email": "li.wei@example.org"})
    assert EXPECTED[language] in sent.content.decode()
    assert EXPECTED[language] in mail.outbox[-1].body
