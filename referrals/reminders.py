"""One reminder to the partner before a referral's answer is due.

A referral still waiting for its first answer gets one e-mail when its deadline is
NAVIGATOR_PARTNER_REMINDER_DAYS working days away or nearer (and not yet past: after it,
the referral expires instead). `Referral.reminder_sent_at` makes it once, however often the
beat sweep runs and however many workers run it.
"""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.models import TimelineEvent
from cases.timeline import case_event
from core.mail import EmailHeldError, send_partner_email

from . import deadlines, portal, states
from .models import PortalLink, Referral

logger = logging.getLogger(__name__)


def reminders_due(*, today: date) -> list[int]:
    """Referrals waiting for a first answer whose deadline is near enough to remind, and
    whose link still opens: the reminder points to that link, so none goes when it was
    revoked (by the coordinator, or by the family withdrawing consent), locked or expired."""
    from .services import holidays  # services imports portal, which this module imports

    days = settings.NAVIGATOR_PARTNER_REMINDER_DAYS
    latest = deadlines.add_working_days(today, days, holidays=holidays()) if days else today
    return list(
        Referral.objects.filter(
            status__in=states.AWAITING_ANSWER,
            reminder_sent_at__isnull=True,
            response_due_on__gte=today,
            response_due_on__lte=latest,
        )
        .filter(
            Exists(
                PortalLink.objects.filter(
                    referral=OuterRef("pk"),
                    revoked_at__isnull=True,
                    locked_at__isnull=True,
                    expires_at__gt=timezone.now(),
                )
            )
        )
        .order_by("response_due_on", "id")
        .values_list("pk", flat=True)
    )


def _claim(pk: int) -> bool:
    """Mark the reminder as sent; False when another sweep got there first."""
    return bool(
        Referral.objects.filter(
            pk=pk, reminder_sent_at__isnull=True, status__in=states.AWAITING_ANSWER
        ).update(reminder_sent_at=timezone.now())
    )


def referral_remind(*, referral_id: int) -> bool:
    """Send this referral's one reminder. Returns whether an e-mail went."""
    if not _claim(referral_id):
        return False
    referral = Referral.objects.select_related("case", "organisation").get(pk=referral_id)
    try:
        send_partner_email(
            to=referral.contact_email,
            language=portal.partner_language(referral),
            template="reminder",
            context={
                "contact_name": referral.contact_name,
                "reference": referral.case.reference,
                "due_on": referral.response_due_on,
                "sent_on": referral.sent_at,
            },
        )
    except EmailHeldError as held:  # fixed wording: only a changed template could do this
        portal.record_held(referral, held, what="reminder")
        return False
    except Exception:
        # The mail server failed: let the next sweep try again.
        Referral.objects.filter(pk=referral_id).update(reminder_sent_at=None)
        raise
    with transaction.atomic():
        case_event(
            referral.case,
            TimelineEvent.Kind.REFERRAL,
            f"Reminder e-mailed to {referral.contact_email} ({referral.organisation}): "
            f"answer requested by {referral.response_due_on:%d %B %Y}.",
        )
    return True


def referrals_remind(*, today: date | None = None) -> int:
    """The beat sweep: remind every partner whose answer is due soon. Returns how many."""
    today = today or timezone.localdate()
    sent = 0
    for pk in reminders_due(today=today):
        try:
            sent += referral_remind(referral_id=pk)
        except Exception:  # one failing e-mail must not stop the others
            logger.exception("partner reminder for referral %s failed", pk)
    return sent
