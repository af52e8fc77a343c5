"""The public library at /learn/."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from . import selectors
from .models import MEDICAL_DISCLAIMER
from .rendering import revision_html

INDEX_PAGE_SIZE = 30


def index(request):
    """The topic index, a page of articles at a time (grouped by topic in the template)."""
    entries = selectors.library_index(language=translation.get_language())
    page = Paginator(entries, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "content/index.html", {"page": page})


def article(request, slug: str):
    found = selectors.public_article(slug=slug)
    if found is None:
        raise Http404
    revision = found.published_revision
    return render(
        request,
        "content/article.html",
        {
            "article": found,
            "revision": revision,
            "body": revision_html(revision),
            "disclaimer": MEDICAL_DISCLAIMER,
        },
    )


SEARCH_PAGE_SIZE = 20


def search(request):
    query = request.GET.get("q", "")[:200]
    results = selectors.search_articles(query=query, language=translation.get_language())
    page = Paginator(results.defer("published_revision__body"), SEARCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "content/search.html", {"query": query, "page": page})
