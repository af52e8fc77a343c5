"""Writes of the coordinator's desk: their alerts read, their own settings (audited)."""

from django.db import transaction

from audit.models import AuditEvent
from audit.services import record
from cases.alerts import alerts_mark_read
from cases.models import CoordinatorProfile
from core.errors import ApplicationError


class NoProfileError(ApplicationError):
    """The signed-in user has no coordinator profile to keep settings in."""


def alerts_mark_all_read(*, user) -> int:
    return alerts_mark_read(user=user)


@transaction.atomic
def coordinator_settings_save(*, user, email_alerts: bool) -> CoordinatorProfile:
    """Store the coordinator's choice of e-mailed alerts, and audit the change."""
    profile = CoordinatorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise NoProfileError(
            "You have no coordinator profile yet; a supervisor can add one in the admin."
        )
    if profile.email_alerts != email_alerts:
        profile.email_alerts = email_alerts
        profile.save(update_fields=["email_alerts"])
        record(
            AuditEvent.Action.SETTINGS_CHANGED,
            actor=user,
            object_type="coordinator_profile",
            object_id=profile.pk,
            detail=f"email_alerts {'on' if email_alerts else 'off'}",
        )
    return profile
