"""Alerting a coordinator that a case needs them: a line in the app until they read it,
and an e-mail when their profile asks for one. An alert names the case reference and what
happened, never health data or anyone's words."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Case, CoordinatorAlert

logger = logging.getLogger(__name__)


def coordinator_alert(*, case: Case, kind: str, user=None) -> CoordinatorAlert | None:
    """Alert `user` (by default the case's coordinator) about `kind` on `case`. Nobody is
    alerted on an unassigned case: the supervisors' queue shows it."""
    user = user or case.coordinator
    if user is None:
        return None
    alert = CoordinatorAlert.objects.create(user=user, case=case, kind=kind)
    profile = getattr(user, "coordinator_profile", None)
    if profile is not None and profile.email_alerts and user.email:
        transaction.on_commit(lambda: _email(alert.pk))
    return alert


def _email(alert_id: int) -> None:
    alert = CoordinatorAlert.objects.select_related("case", "user").get(pk=alert_id)
    link = settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + alert.case.get_absolute_url()
    if alert.kind == CoordinatorAlert.Kind.REASSIGNED:
        link = "The case is no longer in your queue."  # a link would only show them a 404
    try:
        send_mail(
            f"[Navigator] {alert.case.reference}: {alert.get_kind_display()}",
            f"{alert.get_kind_display()} on case {alert.case.reference}.\n{link}\n",
            None,
            [alert.user.email],
        )
    except Exception:  # noqa: BLE001 - the alert stays in the app; the mail is a courtesy
        logger.warning("could not e-mail alert %s", alert_id, exc_info=True)
        return
    CoordinatorAlert.objects.filter(pk=alert_id).update(emailed_at=timezone.now())


def alerts_mark_read(*, user, alert_ids=None, case: Case | None = None) -> int:
    """Mark the user's alerts read: the given ones, those of one case, or all."""
    alerts = CoordinatorAlert.objects.filter(user=user, read_at__isnull=True)
    if alert_ids is not None:
        alerts = alerts.filter(pk__in=alert_ids)
    if case is not None:
        alerts = alerts.filter(case=case)
    return alerts.update(read_at=timezone.now())


def alerts_unread(*, user):
    return (
        CoordinatorAlert.objects.filter(user=user, read_at__isnull=True)
        .select_related("case")
        .order_by("-created_at")
    )
