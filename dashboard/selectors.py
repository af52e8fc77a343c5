"""The dashboard's measures: each one a few SQL aggregates over the filtered cases, never
a loop over rows. Python only fills gaps (empty weeks) and joins small per-coordinator
results. Durations: working hours to first contact are stored on the case when contact is
logged (Case.first_contact_working_hours); days are computed in SQL."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts import roles
from cases import sla
from cases.models import Case, CoordinatorProfile
from cases.workflow import S
from core.aggregates import DaysBetween, Percentile
from logistics.models import CaseTask
from referrals.models import Referral

from .forms import Filters


def _zone() -> ZoneInfo:
    """Days and weeks are the service's (NAVIGATOR_SERVICE_TIME_ZONE)."""
    return ZoneInfo(settings.NAVIGATOR_SERVICE_TIME_ZONE)


def _bounds(filters: Filters) -> tuple[datetime, datetime]:
    start = datetime.combine(filters.start, time.min, tzinfo=_zone())
    end = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=_zone())
    return start, end


def _case_lookups(filters: Filters, prefix: str = "") -> Q:
    """The filters other than dates, as lookups on Case (through `prefix`)."""
    q = Q()
    for field, value in (
        ("coordinator_id", filters.coordinator_id),
        ("condition_area", filters.condition_area),
        ("country", filters.country),
        ("language", filters.language),
    ):
        if value:
            q &= Q(**{prefix + field: value})
    return q


def submitted_cases(filters: Filters):
    """Cases submitted in the period that match the filters."""
    start, end = _bounds(filters)
    return Case.objects.filter(
        _case_lookups(filters), submitted_at__gte=start, submitted_at__lt=end
    ).order_by()


def inquiries_per_week(filters: Filters) -> list[tuple[datetime, int]]:
    """(Monday of the week, new inquiries), every week of the period, empty ones too."""
    counts = dict(
        submitted_cases(filters)
        .annotate(week=TruncWeek("submitted_at", tzinfo=_zone()))
        .values("week")
        .annotate(n=Count("id"))
        .values_list("week", "n")
    )
    monday = datetime.combine(
        filters.start - timedelta(days=filters.start.weekday()), time.min, tzinfo=_zone()
    )
    weeks = []
    while monday.date() <= filters.end:
        weeks.append((monday, counts.get(monday, 0)))
        monday += timedelta(weeks=1)
    return weeks


# The funnel's order: the Status choices' order, on hold just before closed.
STAGE_ORDER = [s for s in S.values if s not in (S.ON_HOLD, S.CLOSED)] + [S.ON_HOLD, S.CLOSED]


def cases_by_stage(filters: Filters) -> list[tuple[str, int]]:
    """(status, cases now in it) for the cases submitted in the period, in funnel order."""
    counts = dict(
        submitted_cases(filters).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(status, counts.get(status, 0)) for status in STAGE_ORDER]


def first_contact_times(filters: Filters) -> dict:
    """Working hours from submission to first contact: median, 90th percentile, how many
    were contacted, how many by the target, and how many are still waiting."""
    contacted = Q(first_contact_working_hours__isnull=False)
    return submitted_cases(filters).aggregate(
        median=Percentile("first_contact_working_hours", fraction=0.5),
        p90=Percentile("first_contact_working_hours", fraction=0.9),
        contacted=Count("id", filter=contacted),
        within_target=Count(
            "id", filter=contacted & Q(first_contacted_at__lte=F("first_contact_due_at"))
        ),
        waiting=Count("id", filter=Q(first_contacted_at__isnull=True) & ~Q(status=S.CLOSED)),
    )


def records_complete_times(filters: Filters) -> dict:
    """Days from submission to records first complete: median, 90th percentile, how many
    got there, how many open cases have not yet."""
    done = Q(records_completed_at__isnull=False)
    days = DaysBetween("submitted_at", "records_completed_at")
    return submitted_cases(filters).aggregate(
        median=Percentile(days, fraction=0.5, filter=done),
        p90=Percentile(days, fraction=0.9, filter=done),
        completed=Count("id", filter=done),
        not_yet=Count("id", filter=~done & ~Q(status=S.CLOSED)),
    )


def partner_answers(filters: Filters) -> list[dict]:
    """Per partner organisation, referrals sent in the period: how many, how many answered,
    and the median days from sending to the partner's first answer."""
    start, end = _bounds(filters)
    answered = Q(first_answered_at__isnull=False)
    return list(
        Referral.objects.filter(
            _case_lookups(filters, "case__"), sent_at__gte=start, sent_at__lt=end
        )
        .values("organisation_id", partner=F("organisation__name"))
        .annotate(
            sent=Count("id"),
            answered=Count("id", filter=answered),
            median_days=Percentile(
                DaysBetween("sent_at", "first_answered_at"), fraction=0.5, filter=answered
            ),
        )
        .order_by("partner", "organisation_id")
    )


def coordinator_workload(filters: Filters, now: datetime | None = None) -> list[dict]:
    """Per coordinator, now (not limited to the period): open cases against capacity,
    first contacts overdue, family messages waiting for a reply, practical tasks overdue.
    Three queries, joined by coordinator."""
    now = now or timezone.now()
    people = roles.coordinators().filter(is_active=True)
    if filters.coordinator_id:
        people = people.filter(pk=filters.coordinator_id)
    capacity = dict(
        CoordinatorProfile.objects.filter(user__in=people).values_list("user_id", "capacity")
    )
    cases = {
        row["coordinator_id"]: row
        for row in Case.objects.open()
        .filter(_case_lookups(filters), coordinator__in=people)
        .order_by()
        .values("coordinator_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(**sla.overdue_lookups(now, closed=S.CLOSED)[0])),
            waiting=Count("id", filter=Q(reply_due_at__isnull=False)),
        )
    }
    tasks = dict(
        CaseTask.objects.filter(
            _case_lookups(filters, "case__"),
            assignee__in=people,
            status=CaseTask.Status.OPEN,
            due_at__lt=now,
        )
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("id"))
        .values_list("assignee_id", "n")
    )
    rows = []
    for user_id, username in people.order_by("username").values_list("pk", "username"):
        row = cases.get(user_id, {})
        rows.append(
            {
                "coordinator": username,
                "open": row.get("open", 0),
                "capacity": capacity.get(user_id),
                "overdue": row.get("overdue", 0),
                "waiting": row.get("waiting", 0),
                "tasks_overdue": tasks.get(user_id, 0),
            }
        )
    return rows


def cases_by(field: str, filters: Filters) -> list[tuple[str, int]]:
    """(value of `field`, cases submitted in the period), largest first."""
    return list(
        submitted_cases(filters)
        .values(field)
        .annotate(n=Count("id"))
        .order_by("-n", field)
        .values_list(field, "n")
    )


def closed_by_reason(filters: Filters) -> list[tuple[str, int]]:
    """(reason, cases submitted in the period and closed since), for every reason."""
    counts = dict(
        submitted_cases(filters)
        .filter(status=S.CLOSED)
        .values("close_reason")
        .annotate(n=Count("id"))
        .values_list("close_reason", "n")
    )
    return [(reason, counts.get(reason, 0)) for reason in Case.CloseReason.values]
