"""Save and come back later: the e-mailed resume link, and expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake import drafts
from intake.models import DraftUpload, InquiryDraft
from tests.factories import (
    STEP_ANSWERS,
    complete_inquiry,
    pdf_upload,
    post_reports,
    post_step,
    step_url,
)

pytestmark = pytest.mark.django_db


def resume_link_from_outbox() -> str:
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/inquiry/resume/" in line)
    return line.strip().replace("http://testserver", "")


def save_for_later(client, django_capture_on_commit_callbacks):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    response = post_step(client, "patient", save_for_later="1")
    assert response.url == reverse("intake:inquiry_save")
    page = client.get(response.url)
    assert page.context["form"].initial["email"] == "li.wei@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(response.url, {"email": "li.wei@example.org"})
    assert sent.status_code == 200
    return resume_link_from_outbox()


def test_the_resume_link_opens_the_draft_on_another_device(
    client, django_capture_on_commit_callbacks
):
    link = save_for_later(client, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["li.wei@example.org"]
    other_device = Client()
    response = other_device.get(link)
    assert response.status_code == 302
    assert response.url == step_url("patient")
    page = other_device.get(response.url).content.decode()
    assert 'value="Li Na"' in page  # the unfinished patient step came along
    about = other_device.get(step_url("about")).content.decode()
    assert 'value="li.wei@example.org"' in about


def test_the_token_is_stored_only_as_a_hash(client, django_capture_on_commit_callbacks):
    link = save_for_later(client, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[1]
    draft = InquiryDraft.objects.get()
    assert draft.resume_token_hash and token not in draft.resume_token_hash
    assert token not in str(draft.data)


def test_a_wrong_or_expired_resume_link_is_a_plain_404(client, django_capture_on_commit_callbacks):
    link = save_for_later(client, django_capture_on_commit_callbacks)
    assert Client().get(reverse("intake:inquiry_resume", args=["nonsense"])).status_code == 404
    InquiryDraft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(link).status_code == 404


def test_a_submitted_draft_cannot_be_resumed(client, django_capture_on_commit_callbacks):
    link = save_for_later(client, django_capture_on_commit_callbacks)
    fresh = Client()
    fresh.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        complete_inquiry(fresh)
    assert Client().get(link).status_code == 404


def test_expired_drafts_are_deleted_with_their_files(
    client, _private_upload_root, django_capture_on_commit_callbacks
):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", STEP_ANSWERS["about"])
    post_reports(client, [pdf_upload()], attach="1")
    keep = drafts.draft_create(data={})
    assert DraftUpload.objects.count() == 1
    InquiryDraft.objects.exclude(pk=keep.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        deleted = drafts.drafts_delete_expired()
    assert deleted == 1
    assert list(InquiryDraft.objects.all()) == [keep]
    assert not DraftUpload.objects.exists()
    assert not [p for p in _private_upload_root.rglob("*") if p.is_file()]


def test_an_expired_draft_in_the_session_starts_a_fresh_form(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    InquiryDraft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(step_url("about")).content.decode()
    assert "li.wei@example.org" not in page
