"""Fill the two stored dashboard measures for cases that existed before them: working
hours to first contact (on the coordinator's calendar, in batches) and when records were
first complete (the earliest status change to it on the timeline)."""

from django.conf import settings
from django.db import migrations
from django.db.models import Min, OuterRef, Q, Subquery

from cases.sla import working_hours_between

BATCH = 2000


def fill_first_contact_hours(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Profile = apps.get_model("cases", "CoordinatorProfile")
    Holiday = apps.get_model("cases", "Holiday")
    shared = frozenset(
        Holiday.objects.filter(coordinator__isnull=True).values_list("day", flat=True)
    )
    calendars = {}

    def calendar(coordinator_id):
        if coordinator_id not in calendars:
            profile = Profile.objects.filter(user_id=coordinator_id).first()
            own = Holiday.objects.filter(coordinator_id=coordinator_id).values_list(
                "day", flat=True
            )
            calendars[coordinator_id] = {
                "working_days": frozenset(
                    profile.working_days if profile else settings.NAVIGATOR_WORKING_DAYS
                ),
                "holidays": shared | frozenset(own if coordinator_id else ()),
                "tz": profile.time_zone if profile else settings.NAVIGATOR_SERVICE_TIME_ZONE,
            }
        return calendars[coordinator_id]

    pending = Case.objects.filter(
        first_contacted_at__isnull=False, first_contact_working_hours__isnull=True
    ).order_by("pk")
    last = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last).only(
                "pk", "submitted_at", "first_contacted_at", "coordinator_id"
            )[:BATCH]
        )
        if not batch:
            break
        for case in batch:
            case.first_contact_working_hours = working_hours_between(
                case.submitted_at, case.first_contacted_at, **calendar(case.coordinator_id)
            )
        Case.objects.bulk_update(batch, ["first_contact_working_hours"])
        last = batch[-1].pk


def fill_records_completed(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    first = (
        TimelineEvent.objects.filter(
            Q(message__contains="→ Records complete"), case=OuterRef("pk"), kind="status_changed"
        )
        .values("case")
        .annotate(at=Min("created_at"))
        .values("at")
    )
    Case.objects.filter(records_completed_at__isnull=True).update(
        records_completed_at=Subquery(first)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0022_dashboard_measures_stored"),
    ]

    operations = [
        migrations.RunPython(fill_first_contact_hours, migrations.RunPython.noop),
        migrations.RunPython(fill_records_completed, migrations.RunPython.noop),
    ]
