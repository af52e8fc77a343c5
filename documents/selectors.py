"""Reads of generated documents: the workspace's panel, the family's packs, pack choices."""

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


def pack_choices(*, case) -> list[tuple[Article, bool]]:
    """Published family articles, those suited to the case's condition area ticked."""
    articles = published_articles().filter(audience="families", translation_of__isnull=True)
    return [(a, case.condition_area in (a.condition_areas or [])) for a in articles]


def articles_by_ids(ids: list[int]) -> list[Article]:
    """The published articles among `ids`, in the order given: forged or unpublished
    ids drop out."""
    available = published_articles().in_bulk(ids)
    return [available[i] for i in ids if i in available]


def workspace_panel(case, user) -> dict:
    """The workspace's "Generated documents" section (registered in apps.py)."""
    return {**jobs_panel(case=case), "pack_choices": pack_choices(case=case)}
