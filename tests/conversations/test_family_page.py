"""The conversation on the family's private status page: their thread only, in their
language and time zone, posting with PRG, errors next to the field, and the notices
choice."""

import uuid
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cases.models import Case, CoordinatorAlert
from conversations import services
from conversations.models import Message
from intake import services as intake_services
from tests.factories import EXE_BYTES, pdf_upload, submit_case, upload

from .conftest import key

pytestmark = pytest.mark.django_db


def post_message(client, url, body="Is there any news?", **extra):
    data = {"body": body, "key": str(extra.pop("key", uuid.uuid4())), **extra}
    return client.post(url + "?send=message", data)


def test_the_family_writes_and_is_sent_back_to_the_page(client, world):
    response = post_message(client, world["status_url"])
    assert response.status_code == 302
    assert response.url == world["status_url"] + "#conversation-title"
    message = Message.objects.get()
    assert message.case == world["case"] and message.from_family
    page = client.get(world["status_url"]).content.decode()
    assert "Is there any news?" in page
    assert "Your message was sent to your coordinator." in page


def test_a_form_sent_twice_makes_one_message(client, world):
    same = uuid.uuid4()
    post_message(client, world["status_url"], key=same)
    post_message(client, world["status_url"], key=same)
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Please write your message."),
        ("x" * 5001, "Please shorten your message to at most 5000 characters (it has 5001)."),
    ],
)
def test_an_empty_or_too_long_message_is_refused_next_to_the_field(client, world, body, error):
    response = post_message(client, world["status_url"], body=body)
    assert response.status_code == 200
    assert error in response.context["conversation"]["message_form"].errors["body"]
    assert error in response.content.decode()
    assert not Message.objects.exists()
    # The upload form was not the one sent: it shows no error.
    assert not response.context["form"].is_bound


def test_a_post_too_large_to_read_is_refused_next_to_the_attachments(client, world, settings):
    from intake.views.common import _BODY_OVERHEAD

    settings.NAVIGATOR_MAX_CASE_BYTES = 1000
    big = upload("scan.pdf", b"%PDF-1.4 " + b"x" * (_BODY_OVERHEAD + 2000), "application/pdf")
    response = post_message(client, world["status_url"], attachments=big)
    assert response.status_code == 200
    errors = response.context["conversation"]["message_form"].errors
    assert list(errors) == ["attachments"]
    assert not Message.objects.exists()


def test_a_refused_attachment_saves_nothing_and_says_why(client, world, _private_upload_root):
    response = post_message(
        client,
        world["status_url"],
        attachments=[pdf_upload("ok.pdf"), upload("virus.pdf", EXE_BYTES, "application/pdf")],
    )
    assert response.status_code == 200
    errors = response.context["conversation"]["message_form"].errors["attachments"]
    assert any("virus.pdf is not a PDF, JPEG, PNG, TIFF or DICOM file" in e for e in errors)
    assert not Message.objects.exists()
    assert not world["case"].documents.exists()
    assert not [p for p in _private_upload_root.rglob("*") if p.is_file()]


def test_an_attachment_over_the_case_limit_is_refused_next_to_the_field(
    client, world, settings, _private_upload_root
):
    settings.NAVIGATOR_MAX_FILES_PER_CASE = 0
    response = post_message(client, world["status_url"], attachments=[pdf_upload("a.pdf")])
    assert response.status_code == 200
    assert response.context["conversation"]["message_form"].errors["attachments"]
    assert not Message.objects.exists()


def test_an_attachment_reaches_the_coordinator_as_a_case_document(
    client, world, _private_upload_root
):
    post_message(client, world["status_url"], attachments=[pdf_upload("scan.pdf")])
    message = Message.objects.get()
    assert [d.original_name for d in message.attachments.all()] == ["scan.pdf"]
    kinds = set(CoordinatorAlert.objects.values_list("kind", flat=True))
    assert CoordinatorAlert.Kind.FAMILY_MESSAGE in kinds


def test_the_family_sees_only_their_own_thread(client, world):
    other = submit_case()
    services.message_from_family(case=other, body="Another family's words", idempotency_key=key())
    services.message_from_family(case=world["case"], body="Our own question", idempotency_key=key())
    page = client.get(world["status_url"]).content.decode()
    assert "Our own question" in page
    assert "Another family&#x27;s words" not in page and "Another family's words" not in page
    other_token = intake_services.case_issue_status_link(case=other)
    other_page = client.get(reverse("intake:status", args=[other_token])).content.decode()
    assert "Our own question" not in other_page


def test_the_thread_says_you_and_names_the_coordinator_in_the_familys_time_zone(client, world):
    case = world["case"]
    hello = services.message_from_family(case=case, body="Hello", idempotency_key=key())
    reply = services.message_from_staff(
        case=case,
        by=world["alice"],
        body="We sent the records to the hospital for their own review.",
        idempotency_key=key(),
    )
    # Fixed times, so the order below does not depend on today's date.
    Message.objects.filter(pk=hello.pk).update(created_at=datetime(2026, 12, 4, 23, 0, tzinfo=UTC))
    Message.objects.filter(pk=reply.pk).update(created_at=datetime(2026, 12, 4, 23, 30, tzinfo=UTC))
    # The family lives in Madrid (UTC+1): half past midnight on 5 December there.
    page = client.get(world["status_url"]).content.decode()
    assert "Your coordinator Alice" in page
    assert ">You ·" in page.replace("\n", "")
    assert "Dec. 5, 2026, 12:30 a.m." in page
    # Newest last.
    assert page.index("Hello") < page.index("for their own review")


def test_the_thread_is_in_the_familys_language(client, world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(language="es")
    services.message_from_staff(
        case=case, by=world["alice"], body="Hemos enviado los informes.", idempotency_key=key()
    )
    page = client.get(world["status_url"]).content.decode()
    assert "Su coordinador Alice" in page
    assert "Enviar mensaje" in page


def test_opening_the_page_marks_staff_messages_read_by_the_family(client, world):
    reply = services.message_from_staff(
        case=world["case"],
        by=world["alice"],
        body="We sent the records to the hospital for their own review.",
        idempotency_key=key(),
    )
    assert reply.read_by_family_at is None
    client.get(world["status_url"])
    reply.refresh_from_db()
    assert reply.read_by_family_at is not None


def test_the_family_chooses_no_emails_and_back(client, world):
    response = client.post(world["status_url"] + "?send=notices", {"notices": "none"})
    assert response.status_code == 302
    world["case"].refresh_from_db()
    assert world["case"].family_notices_by_email is False
    page = client.get(world["status_url"])
    assert page.context["conversation"]["notices_form"].initial == {"notices": "none"}
    client.post(world["status_url"] + "?send=notices", {"notices": "email"})
    world["case"].refresh_from_db()
    assert world["case"].family_notices_by_email is True


def test_nonsense_notices_choice_changes_nothing(client, world):
    response = client.post(world["status_url"] + "?send=notices", {"notices": "sms"})
    assert response.status_code == 200
    assert response.context["conversation"]["notices_form"].errors["notices"]
    world["case"].refresh_from_db()
    assert world["case"].family_notices_by_email is True


def test_messages_are_rate_limited_like_uploads(client, world, settings):
    settings.NAVIGATOR_RATES = {**settings.NAVIGATOR_RATES, "family_upload": "2/h"}
    for _ in range(2):
        post_message(client, world["status_url"])
    assert post_message(client, world["status_url"]).status_code == 429
    assert Message.objects.count() == 2
