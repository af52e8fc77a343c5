"""Reads for the family-facing pages."""

from django.db.models import Count, Sum
from django.utils import timezone

from .models import Case
from .tokens import hash_token


def case_for_status_token(raw_token: str) -> Case | None:
    """The case a private status link opens, or None for a wrong or expired token."""
    if not raw_token or len(raw_token) > 100:
        return None
    return (
        Case.objects.filter(
            status_token_hash=hash_token(raw_token),
            status_token_expires_at__gt=timezone.now(),
        )
        .prefetch_related("documents")
        .first()
    )


def case_upload_totals(*, case: Case) -> tuple[int, int]:
    """How many files a case holds and their total size, for the upload limits."""
    totals = case.documents.aggregate(count=Count("id"), size=Sum("size"))
    return totals["count"] or 0, totals["size"] or 0
