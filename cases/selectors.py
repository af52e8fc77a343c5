"""Reads: what the family's pages show of a case, then the staff queue, workspace, team
and the supervisors' list of shared text held for review."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts import roles
from audit.services import deny
from core.aggregates import Percentile
from core.tokens import hash_token

from . import access, sla
from .filters import CaseQueueFilter
from .highlight import Part, split_flagged
from .models import Case, CaseNote, ContactLog, CoordinatorProfile, SavedView, ShareState
from .models.case import overdue_referrals


def case_for_status_token(raw_token: str) -> Case | None:
    """The case whose current private status link this is, or None for a wrong, replaced
    or expired token. A requested link not opened yet is not current: the family's status
    page opens it through intake.services.status_link_open, which makes it current."""
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


def shared_with_family(*, case: Case) -> list:
    """Notes and contact summaries shared with the family, newest first: those the claims
    gate passed, or a supervisor approved (or edited) after the gate held them. Text held
    for review, rejected or internal never appears here."""
    shared = ShareState.SHARED
    notes = [(n.created_at, n.body) for n in case.notes.filter(share_state=shared)]
    contacts = [(c.happened_at, c.summary) for c in case.contacts.filter(share_state=shared)]
    return [{"when": when, "text": text} for when, text in sorted(notes + contacts, reverse=True)]


def case_upload_totals(*, case: Case) -> tuple[int, int]:
    """How many files a case holds and their total size, for the upload limits."""
    totals = case.documents.aggregate(count=Count("id"), size=Sum("size"))
    return totals["count"] or 0, totals["size"] or 0


# --- Staff reads ------------------------------------------------------------------------

QUEUE_TABS = ("mine", "unassigned", "all")
QUEUE_ROW_FIELDS = (
    "reference",
    "status",
    "condition_area",
    "country",
    "language",
    "urgency",
    "priority",
    "submitted_at",
    "first_contact_due_at",
    "first_contacted_at",
    "reply_due_at",
    "coordinator_id",
    "patient__full_name",
    "coordinator__username",
    "diagnosis__condition",
    "diagnosis__condition_other",
)


def queue_tab(*, user, tab: str):
    """The cases behind one queue tab, before filters."""
    visible = access.visible_cases(user)
    # Every case worker may see their own cases and the unassigned ones, so these two tabs
    # are asked without visible_cases' OR (own, unassigned or on call), which kept the
    # planner from walking the queue's index in order: 200 ms on a deep page at 1,000,000.
    if tab in ("mine", "unassigned") and not roles.works_cases(user):
        return Case.objects.none()
    if tab == "mine":
        return Case.objects.filter(coordinator=user)
    if tab == "unassigned":
        return Case.objects.filter(coordinator__isnull=True)
    if tab == "all" and roles.is_supervisor(user):
        return visible
    return Case.objects.none()


def case_queue(*, user, tab: str, params):
    """The filter set (with its errors) and the sorted, filtered cases of one tab; see
    queue_page() for fetching one page of them."""
    base = queue_tab(user=user, tab=tab)
    if not params.get("status"):
        base = base.open()
    filterset = CaseQueueFilter(params, queryset=base)
    rows = filterset.qs
    if not rows.query.order_by:
        rows = rows.order_by("priority", "submitted_at", "id")
    return filterset, rows


# Counts other apps add to each row of a queue page, by name (conversations adds the
# family's unread messages in its AppConfig.ready): each a function returning an
# expression over the case row (a subquery), so the page stays one query.
QUEUE_ROW_ANNOTATIONS: dict = {}


def queue_page(rows, number, per_page: int, count: int | None = None):
    """One page of the queue, fast however deep: the page's ids come from the sort
    index alone, then only those rows are fetched with their joins. `count`, when the
    caller already knows it (an unfiltered tab), saves counting twice."""
    paginator = Paginator(rows.values_list("pk", flat=True), per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    ids = list(page.object_list)
    by_id = (
        rows.model.objects.filter(pk__in=ids)
        .select_related("patient", "coordinator", "diagnosis")
        .only(*QUEUE_ROW_FIELDS)
        .annotate(**{name: make() for name, make in QUEUE_ROW_ANNOTATIONS.items()})
        .in_bulk()
    )
    page.object_list = [by_id[pk] for pk in ids]
    return page


QUEUE_COUNTS_SECONDS = 15


def queue_counts(*, user) -> dict[str, int]:
    """Open cases per tab, for the tab labels. Counting a million cases on every page
    costs more than the page, so the counts are kept for QUEUE_COUNTS_SECONDS per user;
    the rows themselves are always current."""
    tabs = ["mine", "unassigned"] + (["all"] if roles.is_supervisor(user) else [])
    key = f"queue-counts:{user.pk}:{','.join(tabs)}"
    counts = cache.get(key)
    if counts is None:
        counts = {tab: queue_tab(user=user, tab=tab).open().count() for tab in tabs}
        cache.set(key, counts, QUEUE_COUNTS_SECONDS)
    return counts


def waiting_for_us_count(*, user, tab: str) -> int:
    """Open cases of one queue tab where the family wrote and awaits our reply."""
    return queue_tab(user=user, tab=tab).open().filter(reply_due_at__isnull=False).count()


def referrals_overdue_count(*, user, tab: str) -> int:
    """Referrals overdue for a response on the open cases of one queue tab."""
    return overdue_referrals().filter(case__in=queue_tab(user=user, tab=tab).open()).count()


# A practical task still to do (logistics' CaseTask.Status.OPEN; cases may not import it).
TASK_OPEN = "open"
MY_FIGURES_WEEKS = 12


def coordinator_figures(*, user, now=None) -> dict:
    """A coordinator's own figures for the queue page: open cases against capacity, first
    contacts overdue, messages waiting for a reply, practical tasks overdue, and the median
    working hours to first contact over the last twelve weeks. Three queries, kept for
    QUEUE_COUNTS_SECONDS like the tab counts: with 160,000 cases of one coordinator the
    aggregate costs 260 ms, more than the page (a passed `now` is never cached: tests)."""
    key = f"coordinator-figures:{user.pk}"
    if now is None and (figures := cache.get(key)) is not None:
        return figures
    figures = _coordinator_figures(user=user, now=now or timezone.now())
    if now is None:
        cache.set(key, figures, QUEUE_COUNTS_SECONDS)
    return figures


def _coordinator_figures(*, user, now) -> dict:
    mine = Case.objects.filter(coordinator=user).order_by()
    due, closed = sla.overdue_lookups(now, closed=Case.Status.CLOSED)
    figures = mine.aggregate(
        open=Count("id", filter=~Q(status=Case.Status.CLOSED)),
        overdue=Count("id", filter=Q(**due) & ~Q(**closed)),
        waiting=Count("id", filter=~Q(status=Case.Status.CLOSED) & Q(reply_due_at__isnull=False)),
        median_hours=Percentile(
            "first_contact_working_hours",
            fraction=0.5,
            filter=Q(submitted_at__gte=now - timedelta(weeks=MY_FIGURES_WEEKS)),
        ),
    )
    profile = CoordinatorProfile.objects.filter(user=user).values_list("capacity", flat=True)
    figures["capacity"] = profile.first()
    # Reached through the ORM relation, as overdue_referrals does.
    task = Case._meta.get_field("tasks").related_model
    figures["tasks_overdue"] = task.objects.filter(
        assignee=user, status=TASK_OPEN, due_at__lt=now
    ).count()
    return figures


def case_for_staff(*, user, reference: str) -> Case | None:
    """The case, with all it shows, if this user may see it; None otherwise."""
    return (
        access.visible_cases(user)
        .select_related("submitter", "patient", "diagnosis", "coordinator")
        .prefetch_related("treatments", "documents", "consents")
        .filter(reference=reference)
        .first()
    )


def case_for_staff_or_404(*, user, reference: str) -> Case:
    """case_for_staff(), or the same audited 404 for a case this user may not see as for
    one that does not exist."""
    case = case_for_staff(user=user, reference=reference)
    if case is None:
        raise deny(case_reference=reference, object_type="case")
    return case


def case_timeline(*, case: Case):
    return case.timeline.select_related("actor").order_by("-created_at", "-id")


# The workspace shows the newest of each long list; "show all" opens one list whole. A case
# with 500 notes and 1,000 timeline entries renders as fast as a new one.
WORKSPACE_LIMITS = {"notes": 20, "contacts": 20, "timeline": 50}


def workspace_lists(*, case: Case, show_all=()) -> dict[str, dict]:
    """For each long list: its rows (newest first), whether more exist, and how many."""
    sources = {
        "notes": case.notes.select_related("author", "reviewed_by"),
        "contacts": case.contacts.select_related("author", "reviewed_by"),
        "timeline": case_timeline(case=case),
    }
    lists = {}
    for name, rows in sources.items():
        if name in show_all:
            shown = list(rows)
            lists[name] = {"rows": shown, "more": False, "count": len(shown)}
            continue
        limit = WORKSPACE_LIMITS[name]
        shown = list(rows[: limit + 1])
        more = len(shown) > limit
        lists[name] = {
            "rows": shown[:limit],
            "more": more,
            "count": rows.count() if more else len(shown),
        }
    return lists


def saved_views_for(*, user):
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


def team_with_loads():
    """Every coordinator with their profile and how many open cases they hold."""
    return (
        roles.coordinators()
        .select_related("coordinator_profile")
        .annotate(
            open_cases=Count("assigned_cases", filter=~Q(assigned_cases__status=Case.Status.CLOSED))
        )
        .order_by("username")
    )


# --- Shared text held for review (supervisors) --------------------------------------------

HELD_KINDS = {"note": CaseNote, "contact": ContactLog}


@dataclass(frozen=True)
class HeldText:
    """One note or contact summary waiting for a supervisor, with its text cut into parts
    around the flagged sentences (see cases.highlight)."""

    kind: str  # a key of HELD_KINDS
    item: CaseNote | ContactLog
    parts: list[Part]

    @property
    def label(self) -> str:
        if self.kind == "contact":
            return f"Contact summary ({self.item.get_channel_display().lower()})"
        return "Note"


def _held(kind: str) -> list[HeldText]:
    items = (
        HELD_KINDS[kind]
        .objects.filter(share_state=ShareState.HELD)
        .select_related("case", "author")
        .order_by("created_at", "id")
    )
    return [
        HeldText(kind, item, split_flagged(item.text, [f.get("sentence", "") for f in item.flags]))
        for item in items
    ]


def held_for_review() -> list[HeldText]:
    """Every note and contact summary held for review, across cases, oldest first."""
    held = _held("note") + _held("contact")
    return sorted(held, key=lambda h: (h.item.created_at, h.kind, h.item.pk))


def held_for_review_count() -> int:
    """How many are waiting, in one COUNT over both tables (their partial indexes)."""
    # No ORDER BY inside the UNION (the models' default ordering): SQLite refuses it.
    notes = CaseNote.objects.filter(share_state=ShareState.HELD).order_by().values("pk")
    contacts = ContactLog.objects.filter(share_state=ShareState.HELD).order_by().values("pk")
    return notes.union(contacts, all=True).count()


def shared_text_for_review(*, kind: str, pk: int) -> CaseNote | ContactLog | None:
    """One note or contact summary a supervisor acts on, in whatever state it is now."""
    model = HELD_KINDS.get(kind)
    if model is None:
        return None
    return model.objects.select_related("case", "author").filter(pk=pk).first()
