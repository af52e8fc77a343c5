"""Generated PDFs: in the workspace (request, watch with htmx polling, download, retry,
share), the family's download of a pack shared with them, and an article's public
"Download as PDF"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from audit.models import AuditEvent
from audit.services import find_on_case_or_404, record
from cases.selectors import case_for_staff_or_404, case_for_status_token
from content.selectors import public_article
from core.downloads import private_file_response
from core.errors import ApplicationError

from . import selectors, services
from .models import DocumentJob


def pdf_response(job: DocumentJob, *, filename: str):
    return private_file_response(job.file, filename=filename, content_type="application/pdf")


def _back_to_panel(case):
    return redirect(case.get_absolute_url() + "#documents-generated")


def _job_or_404(case, job_id: int) -> DocumentJob:
    return find_on_case_or_404(
        case.document_jobs.all(), case_reference=case.reference, object_type="job", pk=job_id
    )


@case_worker_required
def jobs_panel(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    return render(request, "staff/_jobs.html", selectors.jobs_panel(case=case))


@case_worker_required
def pack_search(request, reference: str):
    """Other articles for the handout pack, as the coordinator types (htmx)."""
    case = case_for_staff_or_404(user=request.user, reference=reference)
    found = selectors.pack_search(case=case, query=request.GET.get("q", ""))
    return render(
        request, "staff/_pack_search.html", {"found": found, "query": request.GET.get("q", "")}
    )


@case_worker_required
@require_POST
def request_summary(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    services.job_request_case_summary(case=case, by=request.user)
    messages.success(request, _("The case summary is being prepared."))
    return _back_to_panel(case)


@case_worker_required
@require_POST
def request_pack(request, reference: str):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    wanted = [int(v) for v in request.POST.getlist("articles") if v.isdigit()]
    try:
        services.job_request_handout_pack(
            case=case, by=request.user, articles=selectors.articles_by_ids(wanted)
        )
        messages.success(request, _("The handout pack is being prepared."))
    except ApplicationError as refused:
        messages.error(request, str(refused))
    return _back_to_panel(case)


@case_worker_required
def download(request, reference: str, job_id: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    job = _job_or_404(case, job_id)
    if job.status != DocumentJob.Status.READY or not job.file:
        raise Http404
    record(
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
    case = case_for_staff_or_404(user=request.user, reference=reference)
    services.job_retry(job=_job_or_404(case, job_id), by=request.user)
    messages.info(request, _("Trying again."))
    return _back_to_panel(case)


@case_worker_required
@require_POST
def share(request, reference: str, job_id: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    try:
        services.job_share_with_family(job=_job_or_404(case, job_id), by=request.user)
        messages.success(request, _("The family can now download the pack from their status page."))
    except ApplicationError as refused:
        messages.error(request, str(refused))
    return _back_to_panel(case)


@never_cache
def family_pack(request, token: str, job_id: int):
    case = case_for_status_token(token)
    if case is None:
        raise Http404
    job = selectors.packs_shared_with_family(case=case).filter(pk=job_id).first()
    if job is None or not job.file:
        raise Http404
    return pdf_response(job, filename=f"{case.reference}-reading.pdf")


@never_cache
def article_pdf(request, slug: str):
    """The public handout of an article: made once per published revision."""
    article = public_article(slug=slug)
    if article is None:
        raise Http404
    job = services.article_handout_job(article=article)
    if job.status == DocumentJob.Status.READY and job.file:
        return pdf_response(job, filename=job.download_name)
    return render(
        request,
        "content/pdf_waiting.html",
        {"article": article, "job": job},
        status=202 if job.status != DocumentJob.Status.FAILED else 503,
    )
