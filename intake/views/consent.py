"""The family agrees, or withdraws their agreement, to share their records with one named
organisation, from their private status page and in their language. Each agreement keeps
the wording version they saw (referrals.consent.TEXT_VERSION) and the language."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimits import limit
from referrals import consent, selectors

from .. import services


def _family_case(request, token: str):
    case = services.status_link_open(raw_token=token)
    if case is None:
        raise Http404  # the same plain 404 as the status page for a wrong or old link
    return case


def _language(request, case) -> str:
    return request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or case.language


def _back(token: str):
    return redirect(f"{redirect('intake:status', token=token).url}#sharing-title")


@never_cache
@require_POST
@limit("family_upload")
def consent_agree(request, token: str, organisation_id: int):
    """'I agree' for an organisation the coordinator proposes; any other is a 404."""
    case = _family_case(request, token)
    organisation = selectors.proposed_organisation(case=case, organisation_id=organisation_id)
    if organisation is None:
        raise Http404
    language = _language(request, case)
    with translation.override(language):
        if request.POST.get("text_version") != consent.TEXT_VERSION:
            # The wording changed since the page was loaded: they agree to what they read.
            messages.warning(
                request,
                _("The wording on this page has changed. Please read it again before agreeing."),
            )
            return _back(token)
        consent.consent_give(
            case=case,
            organisation=organisation,
            language=translation.get_language(),
            text_version=consent.TEXT_VERSION,
        )
        messages.success(
            request,
            _("Thank you. You agreed to share your records with %(organisation)s.")
            % {"organisation": organisation.name},
        )
    return _back(token)


@never_cache
@limit("family_upload")
def consent_withdraw(request, token: str, organisation_id: int):
    """A page asking the family to confirm, then the withdrawal itself (POST)."""
    case = _family_case(request, token)
    standing = selectors.consent_to_withdraw(case=case, organisation_id=organisation_id)
    if standing is None:
        raise Http404
    language = _language(request, case)
    with translation.override(language):
        request.LANGUAGE_CODE = translation.get_language()
        if request.method == "POST":
            consent.consent_withdraw(case=case, organisation=standing.organisation)
            messages.success(
                request,
                _(
                    "You withdrew your agreement. We will not send your records to "
                    "%(organisation)s, and its access to them through Navigator has ended."
                )
                % {"organisation": standing.organisation.name},
            )
            return _back(token)
        return render(
            request,
            "referrals/family/withdraw.html",
            {"case": case, "consent": standing, "token": token},
        )
