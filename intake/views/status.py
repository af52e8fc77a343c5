"""The family's private status page, reached only through the link we e-mailed."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from cases.family.stages import family_stage
from cases.selectors import shared_with_family
from cases.services import case_add_family_documents
from content.selectors import articles_for_area
from conversations.family.views import family_conversation
from core.ratelimits import limit
from desk.selectors import out_of_hours_for_family
from documents.selectors import packs_shared_with_family
from logistics.selectors import family_appointments
from records.family_views import family_records
from referrals import consent as referral_consent
from referrals import selectors as referral_selectors
from referrals.relay import relayed_for_family

from .. import services
from ..forms import FamilyUploadForm, StatusLinkRequestForm
from .common import adopt_language, body_too_large, error_summary, too_large_message


@never_cache
@limit("family_upload")
def status_page(request, token: str):
    case = services.status_link_open(raw_token=token)
    if case is None:
        raise Http404  # the same plain 404 for a wrong, old or expired link
    # The family's language from the inquiry, unless they chose another on the site.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or case.language
    with translation.override(language):
        request.LANGUAGE_CODE = translation.get_language()
        response = _status_page(request, token, case)
    return adopt_language(request, response, case.language)


def _status_page(request, token: str, case):
    upload_error = None
    too_large = request.method == "POST" and body_too_large(request)
    conversation = family_conversation(
        request, case=case, token=token, too_large=too_large_message() if too_large else None
    )
    if conversation.response is not None:
        return conversation.response
    records = family_records(
        request, case=case, token=token, too_large=too_large_message() if too_large else None
    )
    if records.response is not None:
        return records.response
    if conversation.posted or records.posted:
        # A message, notices or checklist item form was refused (its error is next to
        # it), not this one.
        form = FamilyUploadForm()
    elif too_large:
        form = FamilyUploadForm()  # the oversized body is never read
        upload_error = too_large_message()
    elif request.method == "POST":
        form = FamilyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                documents = case_add_family_documents(
                    case=case,
                    checked=form.cleaned_data["files"],
                    category=form.cleaned_data["category"],
                )
            except ValidationError as refused:  # the case's file limits
                form.add_error("files", refused)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Thank you. We received %(count)d file; your coordinator can see it now.",
                        "Thank you. We received %(count)d files; your coordinator can see "
                        "them now.",
                        len(documents),
                    )
                    % {"count": len(documents)},
                )
                return redirect("intake:status", token=token)
    else:
        form = FamilyUploadForm()
    return render(
        request,
        "intake/status/page.html",
        {
            "case": case,
            "stage": family_stage(case.status),
            "documents": case.documents.all(),
            "token": token,
            "packs": packs_shared_with_family(case=case),
            "messages_from_coordinator": shared_with_family(case=case),
            "relayed": relayed_for_family(case=case),
            "appointments": family_appointments(case=case),
            **out_of_hours_for_family(case=case),
            "reading": articles_for_area(
                condition_area=case.condition_area, language=translation.get_language()
            ),
            "sharing": {
                "requests": referral_selectors.consent_requests(case=case),
                "consents": referral_selectors.standing_consents(case=case),
                "shared_with": referral_selectors.records_shared_with(case=case),
                "text_version": referral_consent.TEXT_VERSION,
            },
            "form": form,
            "conversation": conversation.context,
            "records": records.context,
            "upload_error": upload_error,
            "error_summary": (
                [{"href": "#id_files", "message": upload_error}]
                if upload_error
                else error_summary(form)
                if form.is_bound
                else []
            ),
        },
    )


@never_cache
@limit("status_link")
def status_link_request(request):
    """A family who lost their link asks for a new one. The answer, and the work done to
    give it, are the same whether or not the details match a case."""
    if request.method == "POST":
        form = StatusLinkRequestForm(request.POST)
        if form.is_valid():
            services.status_link_request(
                reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
            )
            return render(request, "intake/status/link_sent.html")
    else:
        form = StatusLinkRequestForm()
    return render(
        request,
        "intake/status/link_request.html",
        {"form": form, "error_summary": error_summary(form) if form.is_bound else []},
    )
