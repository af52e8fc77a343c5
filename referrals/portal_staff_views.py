"""The coordinator's side of the partner portal: revoke a link, e-mail a new one, and relay
a partner's answer to the family. The actions show in the referral panel through
{% portal_actions referral %} (referrals/templatetags/referral_portal.py)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import case_worker_required
from audit.models import AuditEvent
from audit.services import deny, record
from cases.access import visible_cases
from core.downloads import private_file_response
from core.errors import ApplicationError

from . import portal, relay
from .models import Referral, ReferralResponse


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Reason (optional)", required=False, max_length=200)


class RelayForm(forms.Form):
    relay_note = forms.CharField(
        label="Your note to the family (optional)",
        help_text=(
            "Your own words, checked by the claims gate. The partner's words are shared "
            "exactly as written, whatever you add here."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _referral_or_404(user, pk: int) -> Referral:
    referral = (
        Referral.objects.select_related("case", "organisation")
        .filter(pk=pk, case__in=visible_cases(user))
        .first()
    )
    if referral is None:
        raise deny(case_reference="", object_type="referral", object_id=pk)
    return referral


def _back(referral: Referral):
    return redirect(referral.case.get_absolute_url() + "#referral-" + str(referral.pk))


@case_worker_required
@require_POST
def link_revoke(request, pk: int):
    referral = _referral_or_404(request.user, pk)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        closed = portal.link_revoke(referral=referral, by=request.user, reason=reason)
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Portal link revoked ({closed} closed).")
    return _back(referral)


@case_worker_required
@require_POST
def link_reissue(request, pk: int):
    referral = _referral_or_404(request.user, pk)
    try:
        portal.link_reissue(referral=referral, by=request.user)
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"A new portal link was e-mailed to {referral.contact_email}.")
    return _back(referral)


@case_worker_required
def response_relay(request, pk: int, response_id: int):
    """Show the answer as the family would see it, and share it on a POST."""
    referral = _referral_or_404(request.user, pk)
    response = referral.responses.filter(pk=response_id).first()
    if response is None:
        raise deny(
            case_reference=referral.case.reference,
            object_type="referral_response",
            object_id=response_id,
        )
    status = 200
    form = RelayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relay.response_relay(
                response=response, by=request.user, relay_note=form.cleaned_data["relay_note"]
            )
        except ApplicationError as refused:
            messages.error(request, str(refused))
            status = 409  # the page again, with the note as typed
        else:
            messages.success(request, "Shared with the family on their status page.")
            return _back(referral)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "referrals/staff/relay.html",
        {
            "referral": referral,
            "response": response,
            "form": form,
            "has_words": relay.partner_words(response),
            "Kind": ReferralResponse.Kind,
        },
        status=status,
    )


@case_worker_required
def response_letter(request, pk: int, response_id: int):
    """The partner's letter, for staff who may see the case (audited like any download)."""
    referral = _referral_or_404(request.user, pk)
    response = referral.responses.filter(pk=response_id).exclude(letter="").first()
    if response is None:
        raise deny(
            case_reference=referral.case.reference,
            object_type="referral_letter",
            object_id=response_id,
        )
    record(
        AuditEvent.Action.DOCUMENT_DOWNLOADED,
        case_reference=referral.case.reference,
        object_type="referral_letter",
        object_id=response.pk,
    )
    return private_file_response(
        response.letter.open("rb"),
        filename=response.letter_name or "letter.pdf",
        content_type="application/pdf",
    )
