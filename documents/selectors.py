"""Reads of generated documents: the workspace's panel, the family's packs, pack choices."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from content.models import Article
from content.selectors import published_articles

from .models import DocumentJob

BUSY = (DocumentJob.Status.QUEUED, DocumentJob.Status.RENDERING)


def jobs_panel(*, case) -> dict:
    """The newest jobs of a case, and whether any is still being made (the panel polls)."""
    jobs = list(case.document_jobs.select_related("requested_by").order_by("-requested_at")[:30])
    return {
        "case": case,
        "jobs": jobs,
        "jobs_busy": any(
            j.status in (DocumentJob.Status.QUEUED, DocumentJob.Status.RENDERING) for j in jobs
        ),
    }


def packs_shared_with_family(*, case):
    """Handout packs the coordinator shared, ready to download, newest first."""
    return case.document_jobs.filter(
        kind=DocumentJob.Kind.HANDOUT_PACK,
        shared_with_family=True,
        status=DocumentJob.Status.READY,
    ).order_by("-shared_at")


PACK_CHOICES = 20


def _pack_articles():
    return (
        published_articles()
        .filter(audience="families", translation_of__isnull=True)
        .defer("published_revision__body")
    )


def pack_choices(*, case) -> list[tuple[Article, bool]]:
    """The articles suited to the case's condition area, ticked (at most PACK_CHOICES;
    any other article is found with pack_search)."""
    suited = _pack_articles().alias(areas=Cast("condition_areas", TextField()))
    suited = suited.filter(areas__contains=f'"{case.condition_area}"')[:PACK_CHOICES]
    return [(article, True) for article in suited]


def pack_search(*, case, query: str) -> list[Article]:
    """Other articles for a pack, by words in the title or summary (at most PACK_CHOICES)."""
    query = query.strip()[:100]
    if not query:
        return []
    return list(
        _pack_articles().filter(
            Q(published_revision__title__icontains=query)
            | Q(published_revision__summary__icontains=query)
        )[:PACK_CHOICES]
    )


def articles_by_ids(ids: list[int]) -> list[Article]:
    """The published articles among `ids`, in the order given: forged or unpublished
    ids drop out."""
    available = published_articles().in_bulk(ids)
    return [available[i] for i in ids if i in available]


def workspace_panel(case, user) -> dict:
    """The workspace's "Generated documents" section (registered in apps.py)."""
    return {**jobs_panel(case=case), "pack_choices": pack_choices(case=case)}
