"""Telling the family that something changed on their case, without saying what.

A notice e-mail carries the case reference and one plain sentence per kind of change
("There is a new message from your coordinator."), never health data and never a
message's words: the family reads those on their private page. Changes that come close
together wait NAVIGATOR_FAMILY_NOTICE_DELAY and go out as one e-mail; a family who chose
no e-mail gets none. A beat sweep sends what a broker outage kept back.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import EmailHeldError, send_family_email

from .models import Case, FamilyNotice

logger = logging.getLogger(__name__)


def family_notice(*, case: Case, event: str) -> FamilyNotice | None:
    """Record that the family should hear about `event` (a FamilyNotice.Event) and have it
    sent after the delay. Nothing is recorded for a family who chose no e-mail, or a
    closed, anonymised case."""
    if not case.family_notices_by_email or case.anonymised_at:
        return None
    notice = FamilyNotice.objects.create(case=case, event=event)
    transaction.on_commit(lambda: _send_later(case.pk))
    return notice


def _send_later(case_id: int) -> None:
    from .tasks import send_family_notices

    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker (a laptop's `make run`): no delayed task and no beat sweep would ever
        # come, so the notice goes now, on its own.
        family_notices_send(
            case_id=case_id, now=timezone.now() + settings.NAVIGATOR_FAMILY_NOTICE_DELAY
        )
        return
    try:
        send_family_notices.apply_async(
            args=[case_id], countdown=settings.NAVIGATOR_FAMILY_NOTICE_DELAY.total_seconds()
        )
    except Exception:  # noqa: BLE001 - the broker is down: the sweep sends it later
        logger.warning("could not enqueue the family notice of case %s", case_id)


def family_notices_send(*, case_id: int, now=None) -> bool:
    """Send the case's pending notices older than the delay as one e-mail. Returns whether
    an e-mail went out. Safe to run twice: the rows are locked and marked in one go."""
    now = now or timezone.now()
    ready_before = now - settings.NAVIGATOR_FAMILY_NOTICE_DELAY + timedelta(seconds=1)
    with transaction.atomic():
        pending = list(
            FamilyNotice.objects.select_for_update(skip_locked=True)
            .filter(case_id=case_id, sent_at__isnull=True, skipped_reason="")
            .order_by("created_at")
        )
        if not pending or pending[-1].created_at > ready_before:
            return False  # nothing to send, or more is still arriving: the later task sends
        case = Case.objects.select_related("submitter").get(pk=case_id)
        ids = [n.pk for n in pending]
        if not case.family_notices_by_email or case.anonymised_at:
            FamilyNotice.objects.filter(pk__in=ids).update(skipped_reason="family chose no e-mail")
            return False
        events = list(dict.fromkeys(n.event for n in pending))  # once each, in order
        try:
            send_family_email(
                to=case.submitter.email,
                language=case.language,
                template="case_news",
                context={
                    "case": case,
                    "name": case.submitter.full_name,
                    "lines": [FamilyNotice.Event(e).label for e in events],
                    "status_link_request_url": settings.NAVIGATOR_PUBLIC_URL.rstrip("/")
                    + reverse("intake:status_link_request"),
                },
            )
        except EmailHeldError as held:
            FamilyNotice.objects.filter(pk__in=ids).update(skipped_reason=str(held)[:200])
            return False
        FamilyNotice.objects.filter(pk__in=ids).update(sent_at=now)
        return True


def family_notices_sweep(*, now=None) -> int:
    """Send notices whose task was lost (a broker outage). Returns how many e-mails went."""
    now = now or timezone.now()
    waiting = (
        FamilyNotice.objects.filter(
            sent_at__isnull=True,
            skipped_reason="",
            created_at__lt=now
            - settings.NAVIGATOR_FAMILY_NOTICE_DELAY
            - settings.NAVIGATOR_SWEEP_GRACE,
        )
        .values_list("case_id", flat=True)
        .distinct()[:200]
    )
    return sum(family_notices_send(case_id=case_id, now=now) for case_id in list(waiting))


def family_notices_choose(*, case: Case, by_email: bool) -> Case:
    """The family's choice on their status page: notices by e-mail, or none."""
    Case.objects.filter(pk=case.pk).update(family_notices_by_email=by_email)
    case.family_notices_by_email = by_email
    return case
