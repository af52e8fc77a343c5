"""What the coordinator's desk reads. "My day" is a list of sections, each built by one
small function of a Day (who, now, when their today ends) making one query (a window
COUNT gives the total with the first rows), so the page costs one query per section,
however many rows, plus one for the coordinator's time zone.

A new section is one more function in MY_DAY_SECTIONS: it takes a Day and returns a
Section of Rows; the template needs nothing new."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Window
from django.urls import reverse
from django.utils import timezone

from cases.alerts import alerts_unread
from cases.models import Case, CoordinatorAlert, CoordinatorProfile, Urgency
from cases.models.case import overdue_referrals
from cases.urgency import out_of_hours_promise
from logistics.models import CaseTask

SECTION_ROWS = 10  # a section shows this many rows and the total


@dataclass(frozen=True)
class Row:
    reference: str
    what: str
    when: datetime | None
    url: str
    late: bool = False


@dataclass(frozen=True)
class Day:
    user: object
    now: datetime
    ends: datetime  # midnight ending today in the coordinator's time zone


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    total: int
    empty: str


def _limited(queryset) -> tuple[list, int]:
    """The first rows and the total, in one query."""
    rows = list(queryset.annotate(section_total=Window(Count("pk")))[:SECTION_ROWS])
    return rows, rows[0].section_total if rows else 0


def _workspace(reference: str) -> str:
    return reverse("cases:workspace", args=[reference])


def coordinator_zone(user) -> str:
    """The coordinator's own time zone (the service's when they have no profile)."""
    return (
        CoordinatorProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        or settings.NAVIGATOR_SERVICE_TIME_ZONE
    )


def end_of_today(zone: str, now: datetime) -> datetime:
    """Midnight ending today in `zone`."""
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=local.tzinfo)


def alerts_section(day: Day) -> Section:
    alerts, total = _limited(alerts_unread(user=day.user))
    return Section(
        key="alerts",
        title="Unread alerts",
        rows=[
            Row(a.case.reference, a.get_kind_display(), a.created_at, _workspace(a.case.reference))
            for a in alerts
        ],
        total=total,
        empty="No unread alerts.",
    )


def first_contacts_section(day: Day) -> Section:
    cases, total = _limited(
        Case.objects.open()
        .filter(
            coordinator=day.user,
            first_contacted_at__isnull=True,
            first_contact_due_at__lt=day.ends,
        )
        .only("reference", "first_contact_due_at", "urgency")
        .order_by("first_contact_due_at", "pk")
    )
    return Section(
        key="first_contacts",
        title="First contacts due today or overdue",
        rows=[
            Row(
                c.reference,
                "Urgent: first contact" if c.urgency == Urgency.URGENT else "First contact",
                c.first_contact_due_at,
                _workspace(c.reference),
                late=c.first_contact_due_at < day.now,
            )
            for c in cases
        ],
        total=total,
        empty="No first contacts due today.",
    )


def referrals_overdue_section(day: Day) -> Section:
    referrals, total = _limited(
        overdue_referrals(timezone.localdate(day.now))
        .filter(case__coordinator=day.user)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case", "organisation")
        .order_by("response_due_on", "pk")
    )
    return Section(
        key="referrals_overdue",
        title="Referrals overdue for a response",
        rows=[
            Row(
                r.case.reference,
                f"{r.organisation}: no answer since the deadline ({r.response_due_on:%d %b})"
                if r.response_due_on
                else f"{r.organisation}: no answer",
                None,
                _workspace(r.case.reference),
                late=True,
            )
            for r in referrals
        ],
        total=total,
        empty="No referrals overdue.",
    )


def replies_due_section(day: Day) -> Section:
    """Cases where the family's message waits for our reply (Case.reply_due_at, set by
    conversations), soonest due first: all of them, since each one is waiting now."""
    cases, total = _limited(
        Case.objects.open()
        .filter(coordinator=day.user, reply_due_at__isnull=False)
        .only("reference", "reply_due_at")
        .order_by("reply_due_at", "pk")
    )
    return Section(
        key="replies_due",
        title="Messages waiting for a reply",
        rows=[
            Row(
                c.reference,
                "Reply to the family",
                c.reply_due_at,
                _workspace(c.reference),
                late=c.reply_due_at < day.now,
            )
            for c in cases
        ],
        total=total,
        empty="No messages waiting for a reply.",
    )


def tasks_due_section(day: Day) -> Section:
    """The coordinator's open practical tasks due before their today ends (logistics)."""
    tasks, total = _limited(
        CaseTask.objects.filter(assignee=day.user, status=CaseTask.Status.OPEN, due_at__lt=day.ends)
        .select_related("case")
        .only("title", "due_at", "case__reference")
        .order_by("due_at", "pk")
    )
    return Section(
        key="tasks_due",
        title="Tasks due today or overdue",
        rows=[
            Row(
                t.case.reference,
                t.title,
                t.due_at,
                _workspace(t.case.reference),
                late=t.due_at < day.now,
            )
            for t in tasks
        ],
        total=total,
        empty="No tasks due today.",
    )


MY_DAY_SECTIONS = [
    alerts_section,
    first_contacts_section,
    replies_due_section,
    tasks_due_section,
    referrals_overdue_section,
]


def my_day(*, user, now: datetime, zone: str | None = None) -> list[Section]:
    zone = zone or coordinator_zone(user)
    day = Day(user=user, now=now, ends=end_of_today(zone, now))
    return [section(day) for section in MY_DAY_SECTIONS]


ALERTS_PAGE_ROWS = 100


def alerts_page(*, user):
    """The user's latest alerts, unread first, with their cases (one query)."""
    return list(
        CoordinatorAlert.objects.filter(user=user)
        .select_related("case")
        .only("kind", "created_at", "read_at", "case__reference")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at")[:ALERTS_PAGE_ROWS]
    )


def alerts_unread_count(*, user) -> int:
    return CoordinatorAlert.objects.filter(user=user, read_at__isnull=True).count()


def out_of_hours_for_family(*, case) -> dict:
    """The family pages' out-of-hours message: set only for an urgent case that arrived
    out of hours with nobody on call, not yet contacted. The moment is shown in the
    family's own time zone (the service's if theirs is unknown)."""
    by = out_of_hours_promise(case)
    if by is None:
        return {}
    zone = getattr(getattr(case, "submitter", None), "time_zone", "") or ""
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        zone = settings.NAVIGATOR_SERVICE_TIME_ZONE
    return {"out_of_hours_by": by, "out_of_hours_zone": zone}
