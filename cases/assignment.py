"""Writes that decide who works a case: routing, taking, reassigning, releasing.

Every path that gives a coordinator a case locks the coordinator profiles involved
(always in id order, so two transactions never wait on each other in a circle) and
counts open cases after the lock, so nobody goes over capacity when many inquiries
arrive at once.
"""

from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts import roles
from accounts.groups import COORDINATORS
from audit.models import AuditEvent
from core.errors import ApplicationError

from . import notifications, routing, urgency
from .alerts import coordinator_alert
from .models import (
    Case,
    CoordinatorAlert,
    CoordinatorProfile,
    RoutingRule,
    TimelineEvent,
)
from .timeline import case_event


class AssignmentError(ApplicationError):
    """A refused assignment; the message is meant for the person who tried."""


class StaleCaseError(ApplicationError):
    """The case changed after the form was loaded; nothing was saved."""


def _open_loads(user_ids) -> dict[int, int]:
    rows = (
        Case.objects.filter(coordinator_id__in=list(user_ids))
        .exclude(status=Case.Status.CLOSED)
        .values("coordinator_id")
        .annotate(n=Count("id"))
    )
    return {row["coordinator_id"]: row["n"] for row in rows}


def _locked_profiles(**filters) -> list[CoordinatorProfile]:
    return list(
        CoordinatorProfile.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(user__is_active=True, user__groups__name=COORDINATORS, **filters)
        .order_by("pk")
    )


def _candidate(profile: CoordinatorProfile, load: int, today) -> routing.Candidate:
    return routing.Candidate(
        user_id=profile.user_id,
        name=profile.user.get_username(),
        languages=frozenset(profile.languages),
        regions=frozenset(profile.regions),
        areas=frozenset(profile.condition_areas),
        capacity=profile.capacity,
        open_cases=load,
        available=profile.is_available(today),
        last_assigned_at=profile.last_assigned_at,
    )


def working_calendar(profile: CoordinatorProfile | None) -> dict:
    """The coordinator's calendar (or the service's) as add_working_hours() takes it:
    working days, holidays (the service's and their own) and time zone."""
    return urgency.working_calendar(profile)


def first_contact_due(case: Case, profile: CoordinatorProfile | None):
    """When first contact is due, on the coordinator's calendar (or the service's)."""
    return urgency.first_contact_target(case, profile).due


def _alert_on_call(case: Case, shift) -> None:
    """An urgent case that arrived out of hours also goes to whoever was on call then
    (once, however often the case is reassigned)."""
    kind = CoordinatorAlert.Kind.URGENT_ON_CALL
    if not CoordinatorAlert.objects.filter(case=case, kind=kind).exists():
        coordinator_alert(case=case, kind=kind, user=shift.coordinator)


def _assign(case: Case, profile: CoordinatorProfile, *, reason: str, by=None) -> None:
    now = timezone.now()
    case.coordinator = profile.user
    case.assigned_at = now
    case.routed_at = case.routed_at or now
    target = urgency.first_contact_target(case, profile)
    case.first_contact_due_at = target.due
    case.version += 1
    case.save()
    profile.last_assigned_at = now
    profile.save(update_fields=["last_assigned_at"])
    case_event(
        case,
        TimelineEvent.Kind.ASSIGNED,
        f"Assigned to {profile.user.get_username()}: {reason}",
        actor=by,
        audit=AuditEvent.Action.ASSIGNED,
        object_type="user",
        object_id=profile.user_id,
        detail=reason[:300],
    )
    coordinator_alert(case=case, kind=CoordinatorAlert.Kind.ASSIGNED, user=profile.user)
    if target.on_call is not None and target.on_call.coordinator_id != profile.user_id:
        _alert_on_call(case, target.on_call)


def _rules() -> list[routing.Rule]:
    return [
        routing.Rule(
            name=rule.name,
            coordinator_id=rule.coordinator_id,
            condition=rule.condition,
            condition_area=rule.condition_area,
            country=str(rule.country or ""),
            language=rule.language,
        )
        for rule in RoutingRule.objects.filter(enabled=True).order_by("order", "id")
    ]


def _facts(case: Case) -> routing.CaseFacts:
    return routing.CaseFacts(
        language=case.language,
        country=str(case.country),
        condition=case.diagnosis.condition if hasattr(case, "diagnosis") else "",
        condition_area=case.condition_area,
    )


def _choose(case: Case, candidates: list[routing.Candidate], rules) -> routing.Decision:
    return routing.choose(
        _facts(case), candidates, rules, fallback_language=settings.NAVIGATOR_FALLBACK_LANGUAGE
    )


@transaction.atomic
def case_route(*, case: Case, exclude: frozenset[int] = frozenset()) -> routing.Decision | None:
    """Give an unassigned case to the best coordinator, or leave it for triage and tell
    the supervisors. Returns the decision, or None when there was nothing to do."""
    case = Case.objects.select_for_update(of=("self",)).select_related("diagnosis").get(pk=case.pk)
    if case.coordinator_id or case.status == Case.Status.CLOSED:
        return None
    profiles = [p for p in _locked_profiles() if p.user_id not in exclude]
    loads = _open_loads(p.user_id for p in profiles)
    today = timezone.localdate()
    candidates = [_candidate(p, loads.get(p.user_id, 0), today) for p in profiles]
    decision = _choose(case, candidates, _rules())
    if decision.coordinator_id is not None:
        profile = next(p for p in profiles if p.user_id == decision.coordinator_id)
        _assign(case, profile, reason=decision.reason)
    else:
        case.routed_at = timezone.now()
        case.save(update_fields=["routed_at", "updated_at"])
        case_event(
            case, TimelineEvent.Kind.ROUTING, f"Left unassigned for triage: {decision.reason}"
        )
        shift = urgency.first_contact_target(case, None).on_call
        if shift is not None:
            _alert_on_call(case, shift)
        reference, reason = case.reference, decision.reason
        transaction.on_commit(lambda: notifications.unrouted_case(reference, reason))
    return decision


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise StaleCaseError(
            "This case was changed by someone else after you opened it. "
            "Nothing was saved; please look at the case again and repeat your change."
        )


def _assign_by_hand(*, case: Case, to, by, expected_version, reason: str) -> Case:
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    check_version(case, expected_version)
    if case.status == Case.Status.CLOSED:
        raise AssignmentError("This case is closed.")
    if case.coordinator_id == to.pk:
        raise AssignmentError(f"The case is already assigned to {to.get_username()}.")
    profile = next(iter(_locked_profiles(user=to)), None)
    if profile is None:
        raise AssignmentError(f"{to.get_username()} is not an active coordinator.")
    if not profile.is_available(timezone.localdate()):
        raise AssignmentError(f"{to.get_username()} is away and cannot take cases now.")
    load = _open_loads([to.pk]).get(to.pk, 0)
    if load >= profile.capacity:
        raise AssignmentError(
            f"{to.get_username()} already has {load} open cases (capacity {profile.capacity})."
        )
    previous = case.coordinator.get_username() if case.coordinator_id else None
    detail = f"{reason}; load {load} of {profile.capacity}"
    if previous:
        detail = f"{detail}; previously {previous}"
    _assign(case, profile, reason=detail, by=by)
    return case


@transaction.atomic
def case_take(*, case: Case, by, expected_version: int | None = None) -> Case:
    """A coordinator takes an unassigned case from triage."""
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if locked.coordinator_id:
        raise AssignmentError("Someone else has already taken this case.")
    return _assign_by_hand(
        case=locked, to=by, by=by, expected_version=expected_version, reason="taken from triage"
    )


@transaction.atomic
def case_reassign(*, case: Case, to, by, reason: str, expected_version: int | None = None) -> Case:
    """A supervisor gives a case to a named coordinator, saying why. The reason goes to
    the timeline and the audit trail; the new coordinator is alerted as for any
    assignment, and the one who had the case is told it left them."""
    reason = " ".join(reason.split())
    if not reason:
        raise AssignmentError("Say why the case is reassigned.")
    previous = Case.objects.select_related("coordinator").get(pk=case.pk).coordinator
    case = _assign_by_hand(
        case=case,
        to=to,
        by=by,
        expected_version=expected_version,
        reason=f"reassigned by {by.get_username()} because: {reason}",
    )
    if previous is not None:
        coordinator_alert(case=case, kind=CoordinatorAlert.Kind.REASSIGNED, user=previous)
    return case


@dataclass(frozen=True)
class Move:
    """One case leaving a coordinator, and where routing sends it (None: triage)."""

    case: Case
    to: str | None
    reason: str


def _open_cases_of(coordinator, case_ids=None):
    cases = (
        Case.objects.filter(coordinator=coordinator)
        .exclude(status=Case.Status.CLOSED)
        .select_related("diagnosis")
        .order_by("priority", "submitted_at", "pk")
    )
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    return cases


def coordinator_release_preview(*, coordinator) -> list[Move]:
    """What coordinator_release_cases() would do now, without saving anything: the same
    candidates and rules, each case in the same order, each one counting against the
    coordinator it would go to before the next is decided."""
    cases = list(_open_cases_of(coordinator))
    profiles = list(
        CoordinatorProfile.objects.select_related("user")
        .filter(user__is_active=True, user__groups__name=COORDINATORS)
        .exclude(user=coordinator)
        .order_by("pk")
    )
    loads = _open_loads(p.user_id for p in profiles)
    today, now = timezone.localdate(), timezone.now()
    candidates = {p.user_id: _candidate(p, loads.get(p.user_id, 0), today) for p in profiles}
    rules = _rules()
    moves = []
    for step, case in enumerate(cases, start=1):
        decision = _choose(case, list(candidates.values()), rules)
        chosen = candidates.get(decision.coordinator_id)
        if chosen is not None:
            candidates[chosen.user_id] = replace(
                chosen,
                open_cases=chosen.open_cases + 1,
                last_assigned_at=now + timedelta(microseconds=step),
            )
        moves.append(Move(case, chosen.name if chosen else None, decision.reason))
    return moves


def coordinator_release_cases(*, coordinator, by, case_ids=None) -> list[Move]:
    """Move a coordinator's open cases back through routing (for example when they
    become unavailable): all of them, or only `case_ids` (the ones a confirmation page
    showed). Each case is its own transaction. Returns what moved, and where."""
    ids = list(_open_cases_of(coordinator, case_ids).values_list("pk", flat=True))
    moves = []
    for case_id in ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if case.coordinator_id != coordinator.pk or case.status == Case.Status.CLOSED:
                continue
            case.coordinator = None
            case.assigned_at = None
            case.version += 1
            case.save()
            case_event(
                case,
                TimelineEvent.Kind.UNASSIGNED,
                f"Unassigned from {coordinator.get_username()} to be routed again",
                actor=by,
                audit=AuditEvent.Action.ASSIGNED,
                object_type="user",
                object_id=coordinator.pk,
                detail=f"released from {coordinator.get_username()} to be routed again",
            )
            decision = case_route(case=case, exclude=frozenset({coordinator.pk}))
            case.refresh_from_db()
            to = case.coordinator.get_username() if case.coordinator_id else None
            moves.append(Move(case, to, decision.reason if decision else ""))
    return moves


def coordinators_for_choice():
    """Active coordinators, for the reassign menu."""
    return (
        roles.coordinators()
        .filter(is_active=True)
        .select_related("coordinator_profile")
        .order_by("username")
    )
