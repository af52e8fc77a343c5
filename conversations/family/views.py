"""The conversation on the family's private status page. intake's status view opens the
page (the private link, the language) and hands the request here first: this answers the
message and notices forms (posted to the page with ?send=message or ?send=notices) and
gives the context for templates/conversations/family/_conversation.html."""

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.family_notices import family_notices_choose
from cases.models import Case

from .. import selectors, services
from .forms import FamilyMessageForm, NoticesForm


@dataclass
class FamilyConversation:
    context: dict = field(default_factory=dict)
    response: HttpResponse | None = None  # set once a form of ours was handled
    posted: bool = False  # the POST was one of ours (the upload form must not read it)


def _back(token: str, anchor: str):
    return redirect(reverse("intake:status", kwargs={"token": token}) + anchor)


def family_conversation(
    request, *, case: Case, token: str, too_large: str | None = None
) -> FamilyConversation:
    """Handle our POST (PRG on success), or mark staff messages read on a plain view; in
    both cases the context for the page. `too_large` is the page's message for a body too
    large to read, which is then never read."""
    send = request.GET.get("send") if request.method == "POST" else None
    message_form = FamilyMessageForm(initial={"key": uuid.uuid4()})
    notices_form = NoticesForm(initial={"notices": _notices_value(case)})
    if send == "message":
        if too_large:
            # The body was never read: an empty bound form carries only this error.
            message_form = FamilyMessageForm(data={}, initial={"key": uuid.uuid4()})
            message_form.full_clean()
            message_form.errors.clear()
            message_form.add_error("attachments", too_large)
        else:
            message_form = FamilyMessageForm(request.POST, request.FILES)
            if message_form.is_valid():
                try:
                    services.message_from_family(
                        case=case,
                        body=message_form.cleaned_data["body"],
                        idempotency_key=message_form.cleaned_data["key"] or uuid.uuid4(),
                        attachments=message_form.cleaned_data["attachments"],
                    )
                except ValidationError as refused:  # the case's file limits
                    message_form.add_error("attachments", refused)
                else:
                    messages.success(request, _("Your message was sent to your coordinator."))
                    return FamilyConversation(
                        response=_back(token, "#conversation-title"), posted=True
                    )
    elif send == "notices" and not too_large:
        notices_form = NoticesForm(request.POST)
        if notices_form.is_valid():
            family_notices_choose(
                case=case, by_email=notices_form.cleaned_data["notices"] == "email"
            )
            messages.success(request, _("Your choice is saved."))
            return FamilyConversation(response=_back(token, "#notices-title"), posted=True)
    elif request.method == "GET":
        services.messages_read_by_family(case=case)
    return FamilyConversation(
        posted=send in ("message", "notices"),
        context={
            "thread": list(selectors.thread(case=case)),
            "time_zone": case.submitter.time_zone,
            "message_form": message_form,
            "notices_form": notices_form,
            "token": token,
        },
    )


def _notices_value(case: Case) -> str:
    return "email" if case.family_notices_by_email else "none"
