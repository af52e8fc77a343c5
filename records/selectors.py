"""Reads of records requests: the workspace panel, the family's checklist, and the items a
file may answer."""

from django.db.models import Prefetch, QuerySet

from cases.models import Case
from referrals.models import ReferralResponse

from .models import RecordsRequest, RequestedItem


def _requests(case: Case) -> QuerySet[RecordsRequest]:
    return (
        case.records_requests.select_related("created_by", "from_response__referral__organisation")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RequestedItem.objects.select_related("document", "marked_by"),
            )
        )
        .order_by("-created_at", "-id")
    )


def answers_to_request(*, case: Case) -> list[ReferralResponse]:
    """Partner answers asking for more information that no request passes on yet."""
    return list(
        ReferralResponse.objects.filter(
            referral__case=case,
            kind=ReferralResponse.Kind.MORE_INFORMATION,
            records_requests__isnull=True,
        )
        .select_related("referral__organisation")
        .order_by("-submitted_at", "-id")
    )


def workspace_panel(case: Case, user) -> dict:
    """The workspace's "Records requests" section (registered in apps.py)."""
    requests = list(_requests(case))
    return {
        "records_requests": requests,
        "records_missing": sum(
            1 for r in requests if r.is_open for item in r.items.all() if item.is_missing
        ),
        "records_answers": answers_to_request(case=case) if case.is_open else [],
        "case_open": case.is_open,
    }


def missing_items(*, case: Case) -> QuerySet[RequestedItem]:
    """Items still waiting for a file, oldest request first (what a staff-added file may
    answer)."""
    return (
        RequestedItem.objects.filter(
            request__case=case,
            request__closed_at__isnull=True,
            status=RequestedItem.Status.MISSING,
        )
        .select_related("request")
        .order_by("request__due_on", "request_id", "id")
    )


def family_checklist(*, case: Case) -> list[RecordsRequest]:
    """Every request of the family's own case, newest first, with its items."""
    return list(_requests(case))


def family_item(*, case: Case, pk) -> RequestedItem | None:
    """One item of this case's requests, or None (another case's item is never found)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return RequestedItem.objects.filter(request__case=case, pk=pk).select_related("request").first()
