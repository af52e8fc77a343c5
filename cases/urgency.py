"""When first contact is due: a day's worth of working time for most cases, a few working
hours for a case the family says is changing quickly. An urgent case that arrives out of
hours is answered by whoever is on call then (their shift is working time), or, with
nobody on call, at the next opening: the family's page then says so (out_of_hours_promise).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q

from . import sla
from .family.choices import Urgency
from .models import Case, CoordinatorProfile, Holiday, OnCallShift


@dataclass(frozen=True)
class Target:
    due: datetime
    out_of_hours: bool = False  # an urgent case that arrived outside working time
    on_call: OnCallShift | None = None  # the shift that covered its arrival, if any


def workday() -> tuple[time, time]:
    return (
        time.fromisoformat(settings.NAVIGATOR_WORKDAY_OPENS),
        time.fromisoformat(settings.NAVIGATOR_WORKDAY_CLOSES),
    )


def working_calendar(profile: CoordinatorProfile | None) -> dict:
    coordinator_id = profile.user_id if profile else None
    holidays = frozenset(
        Holiday.objects.filter(
            Q(coordinator__isnull=True) | Q(coordinator_id=coordinator_id)
        ).values_list("day", flat=True)
    )
    return {
        "working_days": frozenset(
            profile.working_days if profile else settings.NAVIGATOR_WORKING_DAYS
        ),
        "holidays": holidays,
        "tz": profile.time_zone if profile else settings.NAVIGATOR_SERVICE_TIME_ZONE,
    }


def shift_covering(moment: datetime) -> OnCallShift | None:
    return (
        OnCallShift.objects.filter(
            starts_at__lte=moment, ends_at__gt=moment, coordinator__is_active=True
        )
        .select_related("coordinator")
        .order_by("starts_at", "pk")
        .first()
    )


def first_contact_target(case: Case, profile: CoordinatorProfile | None) -> Target:
    """The first-contact target of `case` on the calendar of `profile` (or the service's)."""
    calendar = working_calendar(profile)
    if case.urgency != Urgency.URGENT:
        return Target(
            sla.add_working_hours(
                case.submitted_at, settings.NAVIGATOR_FIRST_CONTACT_HOURS, **calendar
            )
        )
    hours = timedelta(hours=settings.NAVIGATOR_URGENT_FIRST_CONTACT_HOURS)
    day_hours = workday()

    def in_working_hours(start: datetime, left: timedelta) -> datetime:
        return sla.add_working_hours(
            start, left.total_seconds() / 3600, **calendar, day_hours=day_hours
        )

    arrived = case.submitted_at
    if sla.is_working_time(arrived, **calendar, day_hours=day_hours):
        return Target(in_working_hours(arrived, hours))
    shift = shift_covering(arrived)
    if shift is None:
        return Target(in_working_hours(arrived, hours), out_of_hours=True)
    # The shift is working time; what it leaves of the target carries into working hours.
    in_shift = shift.ends_at - arrived
    if in_shift >= hours:
        return Target(arrived + hours, out_of_hours=True, on_call=shift)
    return Target(
        in_working_hours(shift.ends_at, hours - in_shift), out_of_hours=True, on_call=shift
    )


def out_of_hours_promise(case: Case) -> datetime | None:
    """For the family's pages: when an urgent case arrived out of hours with nobody on call
    and no one has contacted them yet, the moment a coordinator will contact them by."""
    if (
        case.urgency != Urgency.URGENT
        or case.first_contacted_at is not None
        or case.status == Case.Status.CLOSED
        or case.first_contact_due_at is None
    ):
        return None
    profile = (
        CoordinatorProfile.objects.filter(user_id=case.coordinator_id).first()
        if case.coordinator_id
        else None
    )
    target = first_contact_target(case, profile)
    if target.out_of_hours and target.on_call is None:
        return case.first_contact_due_at
    return None
