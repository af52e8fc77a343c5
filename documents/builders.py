"""What goes into each generated PDF, and the check every PDF passes before it is stored.

A builder takes a job (or a case) and returns PDF bytes through documents.pdf.render_pdf;
check_pdf_text() reads the PDF back and refuses one without the disclaimer on every page
or with a sentence the claims guard flags.
"""

from django.utils import timezone, translation

from cases.models import Case
from cases.selectors import shared_with_family
from claims.rules import find_claims
from content.models import MEDICAL_DISCLAIMER, Article
from content.rendering import revision_html
from content.selectors import translation_for
from core.errors import ApplicationError

from . import pdf
from .models import DocumentJob

# On every page (the footer), and checked in the text of every PDF before it is stored.
FOOTER_DISCLAIMER = (
    "Navigator organises information and does not decide or guarantee eligibility, "
    "access to treatment or any outcome."
)
DISCLAIMER_MARK = "does not decide or guarantee eligibility"
# A summary is for a reviewer to read: very long inputs are shortened (and say so), which
# also keeps every render well inside the worker's time and memory limits.
PDF_MAX_TREATMENT_ROWS = 300
PDF_MAX_TEXT_CHARS = 4000


class RenderFailedError(ApplicationError):
    """A permanent failure: retrying the same job would fail the same way."""


def _common(footer_reference: str, language: str) -> dict:
    return {
        "footer_reference": footer_reference,
        "footer_disclaimer": FOOTER_DISCLAIMER,
        "long_disclaimer": MEDICAL_DISCLAIMER,
        "generated_at": timezone.now(),
        "language": language,
    }


def case_summary_pdf(case: Case, *, version: int = 1) -> bytes:
    """The case summary for a hospital's structured review."""
    case = (
        Case.objects.select_related("submitter", "patient", "diagnosis", "coordinator")
        .prefetch_related("treatments", "documents")
        .get(pk=case.pk)
    )
    treatments = list(case.treatments.all())
    context = {
        **_common(case.reference, "en"),
        "case": case,
        "job_version": version,
        "treatments": treatments[:PDF_MAX_TREATMENT_ROWS],
        "treatments_not_shown": max(0, len(treatments) - PDF_MAX_TREATMENT_ROWS),
        "max_text": PDF_MAX_TEXT_CHARS,
        "documents": case.documents.all(),
        "shared": shared_with_family(case=case),
    }
    return pdf.render_pdf("documents/pdf/case_summary.html", context)


def _pack_articles(job: DocumentJob) -> list[dict]:
    chosen = Article.objects.in_bulk(job.article_ids)
    items = []
    for article_id in job.article_ids:
        article = chosen.get(article_id)
        if article is None or not article.is_public:
            name = article.slug if article else f"#{article_id}"
            raise RenderFailedError(
                f"The article {name} is archived or unpublished and can no longer be handed out. "
                "Prepare a new pack without it."
            )
        article = translation_for(article, job.language)
        revision = article.published_revision
        items.append({"article": article, "revision": revision, "body": revision_html(revision)})
    return items


def handout_pack_pdf(job: DocumentJob) -> bytes:
    context = {
        **_common(job.case.reference, job.language),
        "case": job.case,
        "articles": _pack_articles(job),
    }
    with translation.override(job.language):  # the cover letter speaks the family's language
        return pdf.render_pdf("documents/family/handout_pack.html", context)


def article_handout_pdf(job: DocumentJob) -> bytes:
    revision = job.article_revision
    article = revision.article
    if not article.is_public or article.published_revision_id != revision.pk:
        raise RenderFailedError(
            "This revision is no longer the published one; nothing to hand out."
        )
    context = {
        **_common(article.slug, article.language),
        "revision": revision,
        "body": revision_html(revision),
    }
    return pdf.render_pdf("content/pdf/article.html", context)


BUILDERS = {
    DocumentJob.Kind.CASE_SUMMARY: lambda job: case_summary_pdf(job.case, version=job.version),
    DocumentJob.Kind.HANDOUT_PACK: handout_pack_pdf,
    DocumentJob.Kind.ARTICLE_HANDOUT: article_handout_pdf,
}


def check_pdf_text(data: bytes) -> int:
    """Every page carries the disclaimer, and no sentence is a claim. Returns pages."""
    pages = pdf.pdf_text_pages(data)
    for number, text in enumerate(pages, start=1):
        if DISCLAIMER_MARK not in " ".join(text.split()):
            raise RenderFailedError(f"Page {number} of the PDF lacks the disclaimer.")
    claims = find_claims("\n\n".join(pages))
    if claims:
        first = claims[0]
        raise RenderFailedError(
            f"The claims guard flagged \u201c{first.sentence}\u201d ({first.reason}). "
            "Change the text it comes from, then retry."
        )
    return len(pages)
