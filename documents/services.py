"""Generated PDFs as durable jobs: request, render, check, store, sweep, clean up.

A job row is written in the same transaction as the request and the Celery task is sent
after commit; if the broker is down the job simply waits for the beat sweep. Rendering
is idempotent: a job has one fixed file name, and a finished job is never rendered again,
so a task delivered twice (a killed worker, a sweep) still leaves exactly one PDF.
What goes into each PDF is in builders.py.
"""

import hashlib
import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from cases.family_notices import family_notice
from cases.models import Case, FamilyNotice
from cases.timeline import case_event
from content.models import Article
from core import storage
from core.enqueue import enqueue

from .builders import BUILDERS, RenderFailedError, check
from .models import DocumentJob, generated_pdf_path
from .pdf import RefusedResourceError
from .tasks import render_document as render_document_task

logger = logging.getLogger(__name__)


# --- Requests ---------------------------------------------------------------------------


def _send(job_id: int) -> None:
    if enqueue(render_document_task, job_id):
        DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.QUEUED).update(
            enqueued_at=timezone.now()
        )


def _next_version(case: Case, kind: str) -> int:
    last = DocumentJob.objects.filter(case=case, kind=kind).aggregate(v=Max("version"))["v"]
    return (last or 0) + 1


def _request_case_job(*, case: Case, by, kind: str, **fields) -> DocumentJob:
    """A new version of a case document: the row now, the task after commit."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    job = DocumentJob.objects.create(
        kind=kind, case=case, requested_by=by, version=_next_version(case, kind), **fields
    )
    record(
        AuditEvent.Action.PDF_REQUESTED,
        actor=by,
        case_reference=case.reference,
        object_type="job",
        object_id=job.pk,
        detail=job.kind,
    )
    transaction.on_commit(lambda: _send(job.pk))
    return job


@transaction.atomic
def job_request_case_document(
    *, case: Case, by, kind: str, language: str = "en", inputs: dict | None = None
) -> DocumentJob:
    """A new version of a document of `kind` about a case, for a kind another app builds
    (it registers the builder in documents.builders.BUILDERS). `inputs`: what it is
    requested from (DocumentJob.inputs); the render replaces it with what it read."""
    return _request_case_job(case=case, by=by, kind=kind, language=language, inputs=inputs or {})


@transaction.atomic
def job_request_case_summary(*, case: Case, by) -> DocumentJob:
    """A new version of the case summary (for hospitals, in English); earlier ones stay."""
    return _request_case_job(case=case, by=by, kind=DocumentJob.Kind.CASE_SUMMARY, language="en")


@transaction.atomic
def job_request_handout_pack(*, case: Case, by, articles: list[Article]) -> DocumentJob:
    """A pack of the chosen articles, in the family's language where a translation exists."""
    if not articles:
        raise RenderFailedError("Choose at least one article for the pack.")
    return _request_case_job(
        case=case,
        by=by,
        kind=DocumentJob.Kind.HANDOUT_PACK,
        language=case.language,
        article_ids=[article.pk for article in articles],
    )


def article_handout_job(*, article: Article) -> DocumentJob:
    """The handout of an article's published revision: made once, then served."""
    revision = article.published_revision
    job, created = DocumentJob.objects.get_or_create(
        kind=DocumentJob.Kind.ARTICLE_HANDOUT,
        article_revision=revision,
        defaults={"language": article.language},
    )
    if created:
        _send(job.pk)
        job.refresh_from_db()  # in-process task runs (no Redis) have already finished it
    return job


@transaction.atomic
def job_retry(*, job: DocumentJob, by=None) -> DocumentJob:
    job = DocumentJob.objects.select_for_update().get(pk=job.pk)
    if job.status != DocumentJob.Status.FAILED:
        return job
    job.status = DocumentJob.Status.QUEUED
    job.attempts = 0
    job.last_error = ""
    job.enqueued_at = None
    job.save()
    transaction.on_commit(lambda: _send(job.pk))
    return job


@transaction.atomic
def job_share_with_family(*, job: DocumentJob, by) -> DocumentJob:
    job = DocumentJob.objects.select_for_update().get(pk=job.pk)
    if job.kind != DocumentJob.Kind.HANDOUT_PACK or job.status != DocumentJob.Status.READY:
        raise RenderFailedError("Only a finished handout pack can be shared with the family.")
    job.shared_with_family = True
    job.shared_at = timezone.now()
    job.save(update_fields=["shared_with_family", "shared_at"])
    case_event(job.case, "note", f"Handout pack v{job.version} shared with the family", actor=by)
    family_notice(case=job.case, event=FamilyNotice.Event.PACK_SHARED)
    return job


# --- Rendering a job -------------------------------------------------------------------------


def _start(job_id: int) -> DocumentJob | None:
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("no document job %s; nothing to render", job_id)
            return None
        if job.status in (DocumentJob.Status.READY, DocumentJob.Status.FAILED):
            return None  # done already (a duplicate delivery) or given up
        now = timezone.now()
        if job.status == DocumentJob.Status.RENDERING:
            job.last_error = _unfinished_attempt(job, now)
        if job.attempts >= settings.NAVIGATOR_JOB_MAX_ATTEMPTS:
            _fail(job, _gave_up(job))
            return None
        job.status = DocumentJob.Status.RENDERING
        job.attempts += 1
        job.started_at = now
        job.save()
        return job


def _unfinished_attempt(job: DocumentJob, now) -> str:
    """Why a job still marked "rendering" is not being rendered: its attempt (counted when
    it started) was stopped. One that ran past the soft limit without the soft limit
    failing it was killed by the hard one (a worker stopped then looks the same)."""
    hard = settings.NAVIGATOR_RENDER_HARD_LIMIT
    ran = (now - job.started_at).total_seconds() if job.started_at else 0
    if ran >= settings.NAVIGATOR_RENDER_SOFT_LIMIT:
        return (
            f"Attempt {job.attempts} was stopped by the time limit ({hard} s) before it "
            "finished. A very long history or note may be the cause; shorten it, then retry."
        )
    return f"Attempt {job.attempts} stopped before it finished (its worker stopped)."


def _gave_up(job: DocumentJob) -> str:
    return (
        f"Gave up after {job.attempts} attempts. Last error: "
        f"{job.last_error or 'the worker stopped answering'}"
    )


def job_overran(*, job_id: int) -> DocumentJob:
    """A render stopped by the soft time limit. A machine under load (or a worker still
    training the claims model) can cause it as well as a history too long to print, so
    the job is sent again until its last attempt, and then fails with the reason."""
    reason = (
        f"Rendering took longer than {settings.NAVIGATOR_RENDER_SOFT_LIMIT} s and was "
        "stopped. A very long history or note may be the cause; retry, or shorten it."
    )
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job_id)
        if job.status in (DocumentJob.Status.READY, DocumentJob.Status.FAILED):
            return job
        job.last_error = reason
        if job.attempts >= settings.NAVIGATOR_JOB_MAX_ATTEMPTS:
            _fail(job, _gave_up(job))
            return job
        job.status = DocumentJob.Status.QUEUED
        job.save(update_fields=["status", "last_error"])
        transaction.on_commit(lambda: _send(job_id))
        return job


def job_fail(*, job_id: int, reason: str) -> None:
    with transaction.atomic():
        _fail(DocumentJob.objects.select_for_update().get(pk=job_id), reason)


def _fail(job: DocumentJob, reason: str) -> None:
    job.status = DocumentJob.Status.FAILED
    job.last_error = reason[:2000]
    job.finished_at = timezone.now()
    job.save()


# The first key of the PostgreSQL advisory locks that say "a live worker renders job N".
RENDER_LEASE = 7_311


@contextmanager
def _render_lease(job_id: int):
    """Yields whether this process may render the job: no other live worker holds its
    lease. The lease is a session-level advisory lock, so a worker that is killed loses
    it with its database connection; a delivery of the same job while another worker is
    still rendering it (a sweep re-sent it from a long queue) then does nothing instead
    of starting a second render and counting an attempt that never failed. SQLite (a
    laptop's `make run`, tasks in-process) has no such locks and no second worker."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RENDER_LEASE, job_id])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RENDER_LEASE, job_id])


def job_render(*, job_id: int) -> DocumentJob | None:
    """Render, check and store one job. Safe to call twice for the same job, even at the
    same time; an unknown id (a job deleted with its case) is logged and ignored."""
    with _render_lease(job_id) as held:
        if not held:
            logger.info("document job %s is being rendered by another worker", job_id)
            return DocumentJob.objects.filter(pk=job_id).first()
        return _render(job_id)


def _render(job_id: int) -> DocumentJob | None:
    job = _start(job_id)
    if job is None:
        return DocumentJob.objects.filter(pk=job_id).first()
    try:
        rendered = BUILDERS[job.kind](job)
        pages = check(rendered)
    except (RenderFailedError, RefusedResourceError) as failure:
        with transaction.atomic():
            locked = DocumentJob.objects.select_for_update().get(pk=job_id)
            _fail(locked, str(failure))
        # The reason may quote a flagged sentence (a coordinator's or a family's words): it
        # stays on the job, for staff to read. The log names the job and the kind of failure.
        logger.warning(
            "document job %s (%s) failed: %s; the reason is on the job",
            job_id,
            locked.kind,
            type(failure).__name__,
        )
        return locked
    except Exception as error:
        # Possibly transient (database, disk, time limit): leave it for a retry.
        DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.RENDERING).update(
            status=DocumentJob.Status.QUEUED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    return _store(job_id, rendered.data, pages, rendered.inputs)


def _store(job_id: int, data: bytes, pages: int, inputs: dict | None = None) -> DocumentJob:
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job_id)
        if job.status == DocumentJob.Status.READY:
            return job  # another delivery of the same task finished first
        name = generated_pdf_path(job, "")
        if default_storage.exists(name):
            default_storage.delete(name)  # a half-finished earlier attempt
        job.file.name = default_storage.save(name, ContentFile(data))
        job.checksum = hashlib.sha256(data).hexdigest()
        job.size = len(data)
        job.page_count = pages
        if inputs is not None:
            job.inputs = inputs
        job.status = DocumentJob.Status.READY
        job.last_error = ""
        job.finished_at = timezone.now()
        job.save()
        return job


# --- Keeping jobs moving, and cleaning up ------------------------------------------------------


# A job still "rendering" this long after it started is not running: Celery's hard time
# limit has killed it (or its worker stopped). The margin covers the pool's own delay.
KILLED_AFTER_MARGIN = timedelta(seconds=30)


def _stuck(now) -> Q:
    """Jobs the sweep takes over: queued but never sent, or sent long ago (a broker
    outage); or "rendering" past the hard time limit, so no worker is rendering them."""
    sent_before = now - settings.NAVIGATOR_JOB_STUCK_AFTER
    killed_before = (
        now - timedelta(seconds=settings.NAVIGATOR_RENDER_HARD_LIMIT) - KILLED_AFTER_MARGIN
    )
    return Q(status=DocumentJob.Status.QUEUED) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=sent_before)
    ) | Q(status=DocumentJob.Status.RENDERING, started_at__lt=killed_before)


def jobs_sweep(*, now=None) -> dict[str, int]:
    """Re-send jobs that waited too long or whose render was killed (the hard time limit, a
    stopped worker); a killed attempt counts, and once NAVIGATOR_JOB_MAX_ATTEMPTS have
    been made the job fails with the reason instead of being sent again."""
    now = now or timezone.now()
    waiting = DocumentJob.objects.filter(_stuck(now)).values_list("pk", flat=True)[:200]
    resent = gave_up = 0
    for job_id in waiting:
        with transaction.atomic():
            job = (
                DocumentJob.objects.select_for_update(skip_locked=True)
                .filter(_stuck(now), pk=job_id)  # still stuck now that it is locked
                .first()
            )
            if job is None:
                continue
            if job.status == DocumentJob.Status.RENDERING:
                job.last_error = _unfinished_attempt(job, now)
            if job.attempts >= settings.NAVIGATOR_JOB_MAX_ATTEMPTS:
                _fail(job, _gave_up(job))
                gave_up += 1
                continue
            job.status = DocumentJob.Status.QUEUED
            job.save(update_fields=["status", "last_error"])
        _send(job_id)
        resent += 1
    return {"resent": resent, "gave_up": gave_up}


def generated_files_clean(*, now=None) -> int:
    """Delete old generated PDFs, never one still needed: a pack shared with a family whose
    case is open, the newest summary of an open case, or the handout of a published
    revision. Returns how many files were removed."""
    now = now or timezone.now()
    old = DocumentJob.objects.filter(
        status=DocumentJob.Status.READY,
        finished_at__lt=now - settings.NAVIGATOR_GENERATED_RETENTION,
    ).select_related("case", "article_revision__article")
    removed = 0
    for job in old:
        if _still_needed(job):
            continue
        with transaction.atomic():
            locked = DocumentJob.objects.select_for_update().get(pk=job.pk)
            name = locked.file.name
            locked.status = DocumentJob.Status.EXPIRED
            locked.file = ""
            locked.save(update_fields=["status", "file"])
            transaction.on_commit(lambda name=name: storage.delete_quietly([name]))
        removed += 1
    return removed


def _still_needed(job: DocumentJob) -> bool:
    if job.kind == DocumentJob.Kind.ARTICLE_HANDOUT:
        article = job.article_revision.article
        return article.is_public and article.published_revision_id == job.article_revision_id
    if not job.case.is_open:
        return False
    if job.shared_with_family:
        return True
    newest = (
        DocumentJob.objects.filter(case=job.case, kind=job.kind, status=DocumentJob.Status.READY)
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    return newest == job.pk
