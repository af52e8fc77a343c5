"""E-mails to the supervisors. They carry references and workflow facts, never health data."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.roles import supervisor_addresses

from .models import Case

logger = logging.getLogger(__name__)


def _send(subject: str, body: str) -> None:
    to = supervisor_addresses()
    if not to:
        logger.warning("no supervisor has an e-mail address; could not send %r", subject)
        return
    send_mail(subject, body, None, to)


def unrouted_case(reference: str, reason: str) -> None:
    link = settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + f"/cases/{reference}/"
    _send(
        f"[Navigator] {reference} needs triage",
        f"Case {reference} could not be routed automatically ({reason}).\n"
        f"It is waiting in the Unassigned tab of the queue:\n{link}\n",
    )


@transaction.atomic
def overdue_cases_notify(*, now=None) -> list[str]:
    """Tell supervisors about cases whose first contact is overdue, once per case."""
    now = now or timezone.now()
    overdue = list(
        Case.objects.select_for_update(skip_locked=True)
        .overdue(now)
        .filter(overdue_notified_at__isnull=True)
        .order_by("first_contact_due_at")
        .values_list("pk", "reference", "first_contact_due_at")[:500]
    )
    if not overdue:
        return []
    Case.objects.filter(pk__in=[pk for pk, _ref, _due in overdue]).update(overdue_notified_at=now)
    lines = [
        f"- {ref}: first contact was due {due:%Y-%m-%d %H:%M} UTC" for _pk, ref, due in overdue
    ]
    references = [ref for _pk, ref, _due in overdue]
    transaction.on_commit(
        lambda: _send(
            f"[Navigator] {len(references)} case(s) overdue for first contact",
            "These cases have not had first contact within the service level:\n"
            + "\n".join(lines)
            + "\n",
        )
    )
    return references
