"""The public library at /learn/."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from . import selectors
from .models import MEDICAL_DISCLAIMER
from .rendering import revision_html


def index(request):
    language = translation.get_language()
    return render(
        request,
        "content/index.html",
        {"topics": selectors.library_topics(language=language)},
    )


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
