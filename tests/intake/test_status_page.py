"""The family's private status page and its token rules."""

import re
from datetime import timedelta
from unittest import mock

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
    # The service's refusal is shown next to the file field, and in the summary above.
    message = "A case can hold at most 1 files. You have 1 already and chose 1 more."
    assert message in response.context["form"].errors["files"]
    assert response.context["error_summary"][0]["href"] == "#id_files"


def request_new_link(client, reference, email="ana@example.org"):
    response = client.post(
        reverse("intake:status_link_request"), {"reference": reference, "email": email}
    )
    assert response.status_code == 200
    return response


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/status/" in line)
    return line.strip().replace("http://testserver", "")


def test_a_lost_link_is_resent_to_the_submitter_only(client, case_with_link):
    case, _old_token = case_with_link
    request_new_link(client, case.reference.lower(), "ANA@example.org")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert client.get(link_in(mail.outbox[0])).status_code == 200


def test_the_old_link_keeps_working_after_a_new_one_is_requested(client, case_with_link):
    case, old_token = case_with_link
    request_new_link(client, case.reference)
    assert len(mail.outbox) == 1
    assert client.get(status_url(old_token)).status_code == 200
    body = mail.outbox[0].body
    assert "keeps working until you open this one" in body
    assert "stopped working" not in body


def test_the_new_link_works_and_then_the_old_one_stops(client, case_with_link):
    case, old_token = case_with_link
    request_new_link(client, case.reference)
    new_link = link_in(mail.outbox[0])
    assert client.get(new_link).status_code == 200
    assert client.get(status_url(old_token)).status_code == 404
    assert client.get(new_link).status_code == 200  # and it stays the case's link
    case.refresh_from_db()
    assert case.pending_status_token_hash is None
    assert case.status_token_expires_at > timezone.now() + timedelta(days=300)
    assert case.timeline.filter(
        kind=TimelineEvent.Kind.STATUS_LINK, message__contains="earlier link stopped"
    ).exists()


def test_repeated_requests_send_one_email_an_hour(client, case_with_link):
    case, old_token = case_with_link
    for _ in range(3):
        request_new_link(client, case.reference)
    assert len(mail.outbox) == 1
    first_new_link = link_in(mail.outbox[0])
    # An hour later, one more; it replaces the first new link, not the link in use.
    an_hour_ago = timezone.now() - timedelta(hours=1, seconds=1)
    Case.objects.filter(pk=case.pk).update(status_link_emailed_at=an_hour_ago)
    request_new_link(client, case.reference)
    request_new_link(client, case.reference)
    assert len(mail.outbox) == 2
    assert client.get(first_new_link).status_code == 404
    assert client.get(status_url(old_token)).status_code == 200
    assert client.get(link_in(mail.outbox[1])).status_code == 200


def test_a_request_that_does_not_match_changes_nothing_on_the_case(client, case_with_link):
    case, old_token = case_with_link
    request_new_link(client, case.reference, "eve@example.org")
    request_new_link(client, "NAV-1999-000001")
    assert mail.outbox == []
    case.refresh_from_db()
    # Not even the hourly count: a stranger cannot use up the family's next e-mail.
    assert case.status_link_emailed_at is None and case.pending_status_token_hash is None
    assert client.get(status_url(old_token)).status_code == 200


def test_the_request_does_the_same_work_whether_or_not_the_details_match(client, case_with_link):
    """The web request never looks the case up: it always hands the same task the
    reference and a hash of the address, and the worker decides."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.tasks import answer_status_link_request

    case, _token = case_with_link
    attempts = [
        (case.reference, "ana@example.org"),  # matches
        (case.reference, "eve@example.org"),  # a known reference, another address
        ("NAV-1999-000001", "ana@example.org"),  # no such case
    ]
    calls, queries = [], []
    with mock.patch("intake.services.enqueue") as enqueue:
        for reference, email in attempts:
            with CaptureQueriesContext(connection) as captured:
                request_new_link(client, reference, email)
            queries.append([q["sql"] for q in captured])
            calls.append(enqueue.call_args)
    assert enqueue.call_count == 3
    for call, (reference, email) in zip(calls, attempts, strict=True):
        task, sent_reference, digest = call.args
        assert task is answer_status_link_request
        assert call.kwargs == {"private": True}
        assert sent_reference == reference
        assert email not in digest and len(digest) == 64
    assert calls[0].args[2] != calls[1].args[2]
    assert len({len(q) for q in queries}) == 1
    assert not [sql for q in queries for sql in q if "cases_" in sql]
    assert mail.outbox == []


def test_the_request_is_kept_out_of_celerys_logs(client, case_with_link):
    from intake.tasks import answer_status_link_request

    case, _token = case_with_link
    with mock.patch.object(answer_status_link_request, "apply_async") as apply_async:
        request_new_link(client, case.reference, "ana@example.org")
    apply_async.assert_called_once()
    args, options = apply_async.call_args.args[0], apply_async.call_args.kwargs
    assert options["argsrepr"] == options["kwargsrepr"] == "[private]"
    assert "ana@example.org" not in repr(args)


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_link_opened_twice_at_once_opens_the_case_both_times(postgres):
    """A double click on the e-mailed link: one request makes it the case's link, the
    other waits for the row lock and then finds it current, never a 404."""
    import threading

    from django.db import connection

    case = submit_case()
    old = intake_services.case_issue_status_link(case=case)
    new = intake_services.case_issue_pending_status_link(case=Case.objects.get(pk=case.pk))
    opened, errors = [], []
    barrier = threading.Barrier(2)

    def open_link():
        try:
            barrier.wait()
            opened.append(intake_services.status_link_open(raw_token=new))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_link) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [found.pk if found else None for found in opened] == [case.pk, case.pk]
    assert intake_services.status_link_open(raw_token=old) is None
    assert case.timeline.filter(message__contains="earlier link stopped").count() == 1


@pytest.mark.parametrize(
    ("files", "language", "words"),
    [
        (1, "en", "We received 1 file; your coordinator can see it now."),
        (2, "en", "We received 2 files; your coordinator can see them now."),
        (1, "es", "Hemos recibido 1 archivo;"),
        (2, "es", "Hemos recibido 2 archivos;"),
    ],
)
def test_the_upload_thanks_counts_files_in_the_right_plural(
    client, case_with_link, files, language, words
):
    case, token = case_with_link
    client.cookies["django_language"] = language
    client.post(
        status_url(token),
        {"files": [pdf_upload(f"r{n}.pdf") for n in range(files)], "category": "imaging"},
    )
    assert words in client.get(status_url(token)).content.decode()
