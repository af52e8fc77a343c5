"""Generated PDFs in the workspace: request, watch (htmx polling), download, retry, share;
and the family's download of a pack shared with them."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from content.models import Article
from content.selectors import published_articles

from .. import audit, documents, selectors
from ..models import AuditEvent, DocumentJob
from .decorators import case_worker_required
from .staff import _case_or_404


def pdf_response(job: DocumentJob, *, filename: str) -> FileResponse:
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def jobs_panel_context(case) -> dict:
    jobs = list(case.document_jobs.select_related("requested_by").order_by("-requested_at")[:30])
    return {
        "case": case,
        "jobs": jobs,
        "jobs_busy": any(j.status in ("queued", "rendering") for j in jobs),
    }


@case_worker_required
def jobs_panel(request, reference: str):
    case = _case_or_404(request, reference)
    return render(request, "staff/_jobs.html", jobs_panel_context(case))


@case_worker_required
@require_POST
def request_summary(request, reference: str):
    case = _case_or_404(request, reference)
    documents.job_request_case_summary(case=case, by=request.user)
    messages.success(request, _("The case summary is being prepared."))
    return redirect(case.get_absolute_url() + "#documents-generated")


@case_worker_required
@require_POST
def request_pack(request, reference: str):
    case = _case_or_404(request, reference)
    wanted = [int(v) for v in request.POST.getlist("articles") if v.isdigit()]
    available = published_articles().in_bulk(wanted)  # forged or unpublished ids drop out
    chosen = [available[i] for i in wanted if i in available]
    try:
        documents.job_request_handout_pack(case=case, by=request.user, articles=chosen)
        messages.success(request, _("The handout pack is being prepared."))
    except documents.RenderFailed as refused:
        messages.error(request, str(refused))
    return redirect(case.get_absolute_url() + "#documents-generated")


def _job_or_404(request, case, job_id: int) -> DocumentJob:
    job = case.document_jobs.filter(pk=job_id).first()
    if job is None:
        audit.record(
            AuditEvent.Action.ACCESS_DENIED,
            case_reference=case.reference,
            object_type="job",
            object_id=job_id,
        )
        raise Http404
    return job


@case_worker_required
def download(request, reference: str, job_id: int):
    case = _case_or_404(request, reference)
    job = _job_or_404(request, case, job_id)
    if job.status != DocumentJob.Status.READY or not job.file:
        raise Http404
    audit.record(
        AuditEvent.Action.PDF_DOWNLOADED,
        case_reference=case.reference,
        object_type="job",
        object_id=job.pk,
        detail=job.kind,
    )
    return pdf_response(job, filename=job.download_name)


@case_worker_required
@require_POST
def retry(request, reference: str, job_id: int):
    case = _case_or_404(request, reference)
    documents.job_retry(job=_job_or_404(request, case, job_id), by=request.user)
    messages.info(request, _("Trying again."))
    return redirect(case.get_absolute_url() + "#documents-generated")


@case_worker_required
@require_POST
def share(request, reference: str, job_id: int):
    case = _case_or_404(request, reference)
    try:
        documents.job_share_with_family(job=_job_or_404(request, case, job_id), by=request.user)
        messages.success(request, _("The family can now download the pack from their status page."))
    except documents.RenderFailed as refused:
        messages.error(request, str(refused))
    return redirect(case.get_absolute_url() + "#documents-generated")


@never_cache
def family_pack(request, token: str, job_id: int):
    case = selectors.case_for_status_token(token)
    if case is None:
        raise Http404
    job = case.document_jobs.filter(
        pk=job_id,
        kind=DocumentJob.Kind.HANDOUT_PACK,
        shared_with_family=True,
        status=DocumentJob.Status.READY,
    ).first()
    if job is None or not job.file:
        raise Http404
    return pdf_response(job, filename=f"{case.reference}-reading.pdf")


def pack_choices(case) -> list[tuple[Article, bool]]:
    """Published family articles, those suited to the case's condition area ticked."""
    articles = published_articles().filter(audience="families", translation_of__isnull=True)
    return [(a, case.condition_area in (a.condition_areas or [])) for a in articles]
