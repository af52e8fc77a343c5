"""Durable PDF jobs: life cycle, idempotency, outages, give-up, retention, handouts."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case, CaseNote
from content import services as content_services
from content.models import Article
from documents import services as documents
from documents.models import DocumentJob
from tests.factories import coordinator, editor, medical_reviewer, submit_case
from tests.support import wait_for

pytestmark = pytest.mark.django_db


def generated_files(root):
    return (
        sorted(p for p in (root / "generated").rglob("*.pdf"))
        if (root / "generated").exists()
        else []
    )


@pytest.fixture
def alice():
    return coordinator("alice")


def test_a_summary_job_renders_after_commit(
    alice, _private_upload_root, django_capture_on_commit_callbacks
):
    case = submit_case()
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.job_request_case_summary(case=case, by=alice)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.READY
    assert job.attempts == 1 and job.page_count >= 2 and len(job.checksum) == 64
    assert generated_files(_private_upload_root) == [_private_upload_root / job.file.name]


def test_rendering_twice_leaves_one_file(alice, _private_upload_root):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    documents.job_render(job_id=job.pk)
    first = DocumentJob.objects.get(pk=job.pk)
    documents.job_render(job_id=job.pk)  # a duplicate delivery
    again = DocumentJob.objects.get(pk=job.pk)
    assert again.attempts == 1 and again.checksum == first.checksum
    assert len(generated_files(_private_upload_root)) == 1


def test_a_delivery_while_another_worker_renders_the_job_does_nothing(postgres, alice):
    """A sweep may re-send a job that is still waiting in a long queue; when both copies
    arrive, the second must not render again (nor count an attempt) while the first runs."""
    import psycopg
    from django.db import connection

    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    DocumentJob.objects.filter(pk=job.pk).update(
        status="rendering", attempts=1, started_at=timezone.now()
    )
    db = connection.settings_dict
    other_worker = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    )
    try:
        other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [documents.RENDER_LEASE, job.pk])
        documents.job_render(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "rendering" and job.attempts == 1
    finally:
        other_worker.close()  # the other worker dies: its lease goes with its connection

    def lease_gone():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = %s AND objid = %s AND objsubid = 2",
                [documents.RENDER_LEASE, job.pk],
            )
            return cursor.fetchone()[0] == 0

    assert wait_for(lease_gone, 10)  # the server notices the closed connection
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "ready" and job.attempts == 2


def test_a_render_interrupted_midway_is_finished_by_the_next_delivery(alice, _private_upload_root):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    # A worker that died after starting leaves the job "rendering" and maybe a stray file.
    DocumentJob.objects.filter(pk=job.pk).update(status="rendering", attempts=1)
    default_storage.save(f"generated/case_summary/{job.pk}.pdf", ContentFile(b"half a pdf"))
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "ready" and job.attempts == 2
    assert len(generated_files(_private_upload_root)) == 1
    assert default_storage.open(job.file.name).read().startswith(b"%PDF")


def test_a_broker_outage_leaves_the_job_waiting_for_the_sweep(
    alice, django_capture_on_commit_callbacks
):
    with mock.patch(
        "documents.tasks.render_document.delay", side_effect=ConnectionError("redis down")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            job = documents.job_request_case_summary(case=submit_case(), by=alice)
    job.refresh_from_db()
    assert job.status == "queued" and job.enqueued_at is None
    result = documents.jobs_sweep()
    assert result == {"resent": 1, "gave_up": 0}
    job.refresh_from_db()
    assert job.status == "ready"


def test_a_job_stuck_too_often_gives_up_with_a_clear_error(alice, settings):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    DocumentJob.objects.filter(pk=job.pk).update(
        status="rendering",
        attempts=settings.NAVIGATOR_JOB_MAX_ATTEMPTS,
        started_at=timezone.now() - timedelta(hours=1),
        last_error="",
    )
    assert documents.jobs_sweep() == {"resent": 0, "gave_up": 1}
    job.refresh_from_db()
    assert job.status == "failed" and "Gave up after" in job.last_error


class KilledByTheHardLimit(BaseException):
    """What Celery's hard time limit does to a render: the child process dies mid-render,
    so nothing after that point runs (no except, no finally that writes to the job)."""


def killed_worker(job_id: int) -> None:
    """A worker whose every render is killed by the hard time limit."""
    with mock.patch("documents.builders.case_summary", side_effect=KilledByTheHardLimit):
        try:
            documents.job_render(job_id=job_id)
        except KilledByTheHardLimit:
            pass


def test_a_render_killed_every_time_fails_after_the_last_attempt_with_the_reason(
    alice, settings, _private_upload_root, django_capture_on_commit_callbacks
):
    """A summary the hard limit kills every time is tried NAVIGATOR_JOB_MAX_ATTEMPTS times
    (each killed attempt counts), then fails with the reason: never re-sent for ever."""
    clock = [timezone.now()]
    sends = []

    def send(job_id):
        sends.append(job_id)
        killed_worker(job_id)

    with (
        mock.patch("django.utils.timezone.now", new=lambda: clock[0]),
        mock.patch("documents.tasks.render_document.delay", side_effect=send),
    ):
        case = submit_case()
        with django_capture_on_commit_callbacks(execute=True):
            job = documents.job_request_case_summary(case=case, by=alice)
        for _minute in range(30):  # beat runs the sweep every minute
            clock[0] += timedelta(minutes=1)
            documents.jobs_sweep()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.attempts == settings.NAVIGATOR_JOB_MAX_ATTEMPTS
    assert len(sends) == settings.NAVIGATOR_JOB_MAX_ATTEMPTS
    assert f"Gave up after {job.attempts} attempts" in job.last_error
    assert "stopped by the time limit (90 s)" in job.last_error
    assert generated_files(_private_upload_root) == []


def test_a_killed_render_is_counted_and_sent_again_once_past_the_hard_limit(alice, settings):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    started = timezone.now() - timedelta(seconds=settings.NAVIGATOR_RENDER_HARD_LIMIT + 60)
    DocumentJob.objects.filter(pk=job.pk).update(status="rendering", attempts=1, started_at=started)
    with mock.patch("documents.tasks.render_document.delay") as delay:
        assert documents.jobs_sweep() == {"resent": 1, "gave_up": 0}
    delay.assert_called_once_with(job.pk)
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 1
    assert "Attempt 1 was stopped by the time limit" in job.last_error


def test_a_render_still_inside_its_time_limit_is_left_alone(alice, settings):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    started = timezone.now() - timedelta(seconds=settings.NAVIGATOR_RENDER_HARD_LIMIT - 10)
    DocumentJob.objects.filter(pk=job.pk).update(
        status="rendering", attempts=settings.NAVIGATOR_JOB_MAX_ATTEMPTS, started_at=started
    )
    with mock.patch("documents.tasks.render_document.delay") as delay:
        assert documents.jobs_sweep() == {"resent": 0, "gave_up": 0}
    delay.assert_not_called()
    assert DocumentJob.objects.get(pk=job.pk).status == "rendering"


def test_the_sweep_fails_a_job_killed_at_its_last_attempt_instead_of_sending_it(alice, settings):
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    started = timezone.now() - timedelta(seconds=settings.NAVIGATOR_RENDER_HARD_LIMIT + 60)
    DocumentJob.objects.filter(pk=job.pk).update(
        status="rendering", attempts=settings.NAVIGATOR_JOB_MAX_ATTEMPTS, started_at=started
    )
    with mock.patch("documents.tasks.render_document.delay") as delay:
        assert documents.jobs_sweep() == {"resent": 0, "gave_up": 1}
    delay.assert_not_called()
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert "stopped by the time limit" in job.last_error


def test_a_job_delivered_again_after_being_killed_at_its_last_attempt_fails_with_the_reason(
    alice, settings, _private_upload_root
):
    # Killed by the hard limit on the last attempt, then the message came back (a worker
    # lost, a sweep): the attempt was counted when it started, so nothing renders again.
    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    started = timezone.now() - timedelta(seconds=settings.NAVIGATOR_RENDER_HARD_LIMIT)
    DocumentJob.objects.filter(pk=job.pk).update(
        status="rendering", attempts=settings.NAVIGATOR_JOB_MAX_ATTEMPTS, started_at=started
    )
    with mock.patch("documents.builders.case_summary") as build:
        documents.job_render(job_id=job.pk)
    build.assert_not_called()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.attempts == settings.NAVIGATOR_JOB_MAX_ATTEMPTS
    assert "stopped by the time limit (90 s)" in job.last_error
    assert generated_files(_private_upload_root) == []


def test_a_claim_fails_the_job_with_the_sentence_and_it_can_be_retried(alice, _private_upload_root):
    # A claim in Navigator's own words (a shared note, as an old note could be) fails the
    # summary; the family's own words never do (tests/documents/test_claims_in_pdfs.py).
    case = submit_case()
    note = CaseNote.objects.create(
        case=case,
        author=alice,
        body="We are sure she will be cured by this.",
        shareable=True,
        share_state="shared",
    )
    job = documents.job_request_case_summary(case=case, by=alice)
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "she will be cured" in job.last_error
    assert generated_files(_private_upload_root) == []  # nothing half-written
    CaseNote.objects.filter(pk=note.pk).update(body="Records sent to the hospital for review.")
    documents.job_retry(job=job)
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "ready"


def test_an_unknown_job_id_is_ignored_with_a_log_line(caplog):
    assert documents.job_render(job_id=999999) is None
    assert "no document job 999999" in caplog.text


def publish(slug="pack-article", body="## What it is\n\nPlain words."):
    writer, reviewer = editor(f"w-{slug}"), editor(f"r-{slug}")
    from content.models import Topic

    topic, _ = Topic.objects.get_or_create(slug="t", defaults={"name": "T"})
    article = content_services.article_save(
        author=writer,
        slug=slug,
        title="Pack article",
        summary="Summary.",
        body=body,
        topics=[topic],
        condition_areas=["blood"],
    )
    content_services.article_submit_for_review(article=article, by=writer)
    return content_services.article_publish(article=article, by=reviewer), writer, reviewer


def test_a_pack_with_an_archived_article_fails_clearly(alice):
    article, _writer, reviewer = publish()
    job = documents.job_request_handout_pack(case=submit_case(), by=alice, articles=[article])
    content_services.article_archive(article=article, by=reviewer)
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "archived or unpublished" in job.last_error


def test_a_pack_has_a_cover_letter_with_only_the_reference(alice):
    article, _w, _r = publish()
    case = submit_case()
    job = documents.job_request_handout_pack(case=case, by=alice, articles=[article])
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    from documents.pdf import pdf_text_pages

    pages = pdf_text_pages(default_storage.open(job.file.name).read())
    assert case.reference in pages[0]
    assert "José" not in " ".join(pages) and "AML" not in pages[0]
    # Published by two content editors, never approved by a medical reviewer.
    assert "Reviewed by our editorial team" in " ".join(pages)
    assert "medical accuracy" not in " ".join(pages)


def test_the_article_handout_names_a_medical_review_only_when_there_was_one(
    _private_upload_root,
):
    from documents.pdf import pdf_text_pages

    def handout_text(article):
        job = documents.article_handout_job(article=Article.objects.get(pk=article.pk))
        documents.job_render(job_id=job.pk)
        job.refresh_from_db()
        return " ".join(pdf_text_pages(default_storage.open(job.file.name).read()))

    unchecked, _w, _r = publish(slug="unchecked")
    text = handout_text(unchecked)
    assert "Reviewed by our editorial team" in text and "medical accuracy" not in text

    writer, reviewer = editor("w-checked"), editor("r-checked")
    article = content_services.article_save(
        author=writer,
        slug="checked",
        title="Checked article",
        summary="Summary.",
        body="## What it is\n\nPlain words.",
        topics=unchecked.topics.all(),
    )
    content_services.article_submit_for_review(article=article, by=writer)
    revision = content_services.article_approve_medical_accuracy(
        article=article, by=medical_reviewer("m-checked")
    )
    content_services.article_publish(article=article, by=reviewer)
    date = timezone.localtime(revision.medical_reviewed_at)
    text = handout_text(article)
    assert f"Reviewed for medical accuracy on {date_format(date, 'DATE_FORMAT')}" in text
    assert "Reviewed by our editorial team" not in text


def test_the_article_handout_is_made_once_per_published_revision(_private_upload_root):
    article, writer, reviewer = publish(slug="handout")
    client = Client()
    first = client.get(reverse("documents:article_pdf", args=[article.slug]))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    again = client.get(reverse("documents:article_pdf", args=[article.slug]))
    assert again.status_code == 200
    assert DocumentJob.objects.filter(kind="article_handout").count() == 1
    content_services.article_save(
        article=article,
        author=writer,
        title="Pack article",
        summary="Summary.",
        body="New words.",
        topics=article.topics.all(),
    )
    content_services.article_submit_for_review(article=article, by=writer)
    content_services.article_publish(article=Article.objects.get(pk=article.pk), by=reviewer)
    client.get(reverse("documents:article_pdf", args=[article.slug]))
    assert DocumentJob.objects.filter(kind="article_handout").count() == 2


def test_old_files_are_cleaned_unless_still_needed(alice, _private_upload_root):
    case = submit_case()
    old, newest = (documents.job_request_case_summary(case=case, by=alice) for _ in range(2))
    for job in (old, newest):
        documents.job_render(job_id=job.pk)
    long_ago = timezone.now() - timedelta(days=400)
    DocumentJob.objects.update(finished_at=long_ago)
    assert documents.generated_files_clean() == 1
    old.refresh_from_db()
    newest.refresh_from_db()
    assert old.status == "expired" and newest.status == "ready"  # the newest summary stays


def test_the_operator_command_renders_through_the_same_service(tmp_path):
    case = submit_case()
    out = tmp_path / "summary.pdf"
    call_command("render_case_summary", case.reference, "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_workspace_buttons_panel_download_and_family_share(
    signed_in, _private_upload_root, django_capture_on_commit_callbacks
):
    from audit.models import AuditEvent
    from intake import services as intake_services

    boss_client = signed_in(Client(), alice_user := coordinator("bob"))
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice_user)
    article, _w, _r = publish()
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(reverse("documents:request_summary", args=[case.reference]))
        boss_client.post(
            reverse("documents:request_pack", args=[case.reference]),
            {"articles": [article.pk, 999999]},
        )
    panel = boss_client.get(reverse("documents:jobs_panel", args=[case.reference])).content.decode()
    assert panel.count("Download") == 2 and "hx-trigger" not in panel  # done: polling stops
    summary = DocumentJob.objects.get(kind="case_summary")
    response = boss_client.get(reverse("documents:job_download", args=[case.reference, summary.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="pdf_downloaded", object_id=str(summary.pk)).exists()
    pack = DocumentJob.objects.get(kind="handout_pack")
    assert pack.article_ids == [article.pk]
    token = intake_services.case_issue_status_link(case=case)
    assert Client().get(reverse("documents:family_pack", args=[token, pack.pk])).status_code == 404
    boss_client.post(reverse("documents:job_share", args=[case.reference, pack.pk]))
    assert Client().get(reverse("documents:family_pack", args=[token, pack.pk])).status_code == 200
    assert (
        Client().get(reverse("documents:family_pack", args=[token, summary.pk])).status_code == 404
    )


def test_a_pending_job_makes_the_panel_poll(signed_in):
    user = coordinator("carol")
    client = signed_in(Client(), user)
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=user)
    with mock.patch("documents.tasks.render_document.delay"):
        documents.job_request_case_summary(case=case, by=user)
    panel = client.get(reverse("documents:jobs_panel", args=[case.reference])).content.decode()
    assert 'hx-trigger="every 2s"' in panel and "Queued" in panel


def test_a_render_that_runs_out_of_time_is_retried_then_fails_with_the_reason(
    alice, settings, django_capture_on_commit_callbacks
):
    from celery.exceptions import SoftTimeLimitExceeded

    from documents import tasks

    job = documents.job_request_case_summary(case=submit_case(), by=alice)
    with mock.patch("documents.builders.case_summary", side_effect=SoftTimeLimitExceeded()):
        # A slow machine is not a verdict on the job: it goes back to the queue...
        with django_capture_on_commit_callbacks(execute=False) as resend:
            tasks.render_document.run(job.pk)
        job.refresh_from_db()
        assert job.status == "queued" and job.attempts == 1 and len(resend) == 1
        assert "took longer than" in job.last_error
        # ...until its last attempt, which fails with the reason.
        for _ in range(settings.NAVIGATOR_JOB_MAX_ATTEMPTS - 1):
            tasks.render_document.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == settings.NAVIGATOR_JOB_MAX_ATTEMPTS
    assert "Gave up after" in job.last_error and "took longer than" in job.last_error


def test_someone_who_may_not_see_the_case_cannot_download_its_pdfs(signed_in):
    owner, other = coordinator("owner"), coordinator("other")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=owner)
    job = documents.job_request_case_summary(case=case, by=owner)
    documents.job_render(job_id=job.pk)
    client = signed_in(Client(), other)
    assert (
        client.get(reverse("documents:job_download", args=[case.reference, job.pk])).status_code
        == 404
    )
    mine = signed_in(Client(), owner)
    other_case = submit_case()
    Case.objects.filter(pk=other_case.pk).update(coordinator=owner)
    # A real job id under the wrong case reference is a 404 too.
    assert (
        mine.get(reverse("documents:job_download", args=[other_case.reference, job.pk])).status_code
        == 404
    )


def test_a_chinese_pack_is_readable(alice):
    """The cover letter is in the family's language; the server needs a CJK font for it
    (Debian's fonts-wqy-microhei; .ci/run and the Dockerfile install it)."""
    import shutil
    import subprocess

    from tests.conftest import REQUIRE_SERVICES

    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip() and shutil.which("fc-list"):
        if REQUIRE_SERVICES:
            pytest.fail("a CJK font is required (apt-get install fonts-wqy-microhei)")
        pytest.skip("no CJK font installed")
    from documents.pdf import pdf_text_pages
    from tests.factories import make_intake

    article, _w, _r = publish(slug="zh-pack")
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "zh-hans"})
    job = documents.job_request_handout_pack(case=case, by=alice, articles=[article])
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "ready", job.last_error
    cover = pdf_text_pages(default_storage.open(job.file.name).read())[0]
    assert "给您家人的阅读材料" in cover.replace(" ", "")


def test_pack_choices_are_the_areas_articles_and_others_are_found_by_search(signed_in, alice):
    from content.models import Article

    case = submit_case()  # an AML case: blood cancers
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    client = signed_in(Client(), alice)
    page = client.get(case.get_absolute_url())
    panel = next(p for p in page.context["panels"] if "pack_choices" in p)
    suited = [article for article, ticked in panel["pack_choices"] if ticked]
    assert suited and all("blood" in a.condition_areas for a in suited)
    other = (
        Article.objects.exclude(condition_areas__icontains="blood")
        .filter(published_revision__isnull=False)
        .first()
    )
    words = other.published_revision.title.split()[0]
    found = client.get(
        reverse("documents:pack_search", args=[case.reference]), {"q": words}
    ).content.decode()
    assert other.published_revision.title in found and f'value="{other.pk}"' in found
    stranger = signed_in(Client(), coordinator("stranger"))
    assert stranger.get(reverse("documents:pack_search", args=[case.reference])).status_code == 404
