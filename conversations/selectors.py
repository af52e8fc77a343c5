"""Reads of the conversation: the thread as the family and as staff see it, the reviewed
templates a coordinator may start from, and the queue's unread count."""

import uuid

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cases.models import Case

from . import placeholders
from .models import Message, MessageTemplate


def thread(*, case: Case):
    """The case's messages, oldest first (newest last, as a conversation reads)."""
    return (
        Message.objects.filter(case=case)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def unread_by_staff() -> Subquery:
    """Per case row: how many of the family's messages staff have not read (one
    subquery, so a page of the queue still takes one query)."""
    return Coalesce(
        Subquery(
            Message.objects.filter(
                case=OuterRef("pk"), author__isnull=True, read_by_staff_at__isnull=True
            )
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def unread_by_staff_count(*, case: Case) -> int:
    return Message.objects.filter(
        case=case, author__isnull=True, read_by_staff_at__isnull=True
    ).count()


def templates_for(*, case: Case):
    """Reviewed templates in the family's language."""
    return MessageTemplate.objects.filter(reviewed=True, language=case.language)


def template_values(*, case: Case, user) -> dict[str, str]:
    """What a template's placeholders become on this case, for this coordinator."""
    return {
        "family_name": case.submitter.full_name,
        "coordinator_name": user.first_name or user.get_username(),
        "case_reference": case.reference,
    }


def filled_templates(*, case: Case, user) -> list[dict]:
    values = template_values(case=case, user=user)
    return [
        {"template": template, "text": placeholders.fill(template.body, values)}
        for template in templates_for(case=case)
    ]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


PANEL_MESSAGES = 30  # the newest of a long thread; the conversation page shows them all


def workspace_panel(case: Case, user) -> dict:
    """The workspace's conversation section. The case's coordinator opening it has read
    the family's messages (a supervisor looking in does not consume them)."""
    from . import services  # a read that records the reading side; see the docstring

    newest = list(thread(case=case).reverse()[:PANEL_MESSAGES])[::-1]  # as they were: "new"
    unread = unread_by_staff_count(case=case)
    if unread and case.coordinator_id == user.pk:
        services.messages_read_by_staff(case=case)
    return {
        "thread": newest,
        "more": len(newest) == PANEL_MESSAGES,
        "key": uuid.uuid4(),
        "unread": unread,
        "language_name": language_name(case.language),
        "templates": list(templates_for(case=case)),
        "reply_due_at": case.reply_due_at,
    }
