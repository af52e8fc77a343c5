"""The public "Download as PDF" of an article: made once per published revision."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cases import documents
from cases.models import DocumentJob
from cases.views.generated import pdf_response

from . import selectors


@never_cache
def article_pdf(request, slug: str):
    article = selectors.public_article(slug=slug)
    if article is None:
        raise Http404
    job = documents.article_handout_job(article=article)
    if job.status == DocumentJob.Status.READY and job.file:
        return pdf_response(job, filename=job.download_name)
    return render(
        request,
        "content/pdf_waiting.html",
        {"article": article, "job": job},
        status=202 if job.status != DocumentJob.Status.FAILED else 503,
    )
