"""The partner's review portal at /partner/<token>/: reached only through the e-mailed link,
proved once per device with an e-mailed code, read-only but for the answer form.

A wrong, expired, revoked or locked link is the same plain 404 on every route. Every view
and download is in the audit trail under "partner:<email>" with the client's address and
browser. Pages are in the contact's language where we ship a catalogue, English otherwise
(the language switcher overrides)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import deny, record
from core.client_address import client_ip
from core.errors import ApplicationError
from core.ratelimits import limit

from . import fhir as fhir_export
from . import packet, portal, services, states
from .models import PortalLink
from .packet_pdf import coordinator_name
from .portal_forms import ANSWER_LABELS, AnswerForm, CodeForm


def _cookie_path(token: str) -> str:
    return f"/partner/{token}/"


def partner_link(view):
    """Find the link (or the plain 404), and speak the contact's language."""

    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        link = portal.link_for_token(token)
        if link is None:
            raise Http404
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or portal.partner_language(
            link.referral
        )
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            return view(request, link, token, *args, **kwargs)

    return never_cache(wrapper)


def _device_proved(request, link: PortalLink) -> bool:
    return portal.device_known(link, request.COOKIES.get(portal.DEVICE_COOKIE))


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:2]}…@{domain}"


def _code_page(request, link: PortalLink, token: str, *, form=None, status=200):
    return render(
        request,
        "referrals/portal/code.html",
        {
            "token": token,
            "form": form or CodeForm(),
            "email": _masked(link.email),
            "reference": link.referral.case.reference,
            "code_sent": bool(link.code_hash),
        },
        status=status,
    )


def _packet_page(request, link: PortalLink, token: str, *, form=None, status=200):
    referral = link.referral
    return render(
        request,
        "referrals/portal/page.html",
        {
            "token": token,
            "referral": referral,
            # Who to write to: the packet's cover names the same coordinator.
            "coordinator_name": coordinator_name(referral.created_by),
            "coordinator_email": referral.created_by.email,
            "files": packet.files_for(referral),
            "responses": [
                {
                    "submitted_at": r.submitted_at,
                    "responder_name": r.responder_name,
                    "label": ANSWER_LABELS[r.kind],
                }
                for r in referral.responses.all()
            ],
            "answerable": referral.status in states.ANSWERABLE,
            "form": form or AnswerForm(responder_name=referral.contact_name),
        },
        status=status,
    )


@partner_link
def page(request, link: PortalLink, token: str):
    """The packet for a proved device; otherwise the page that asks for a code."""
    if not _device_proved(request, link):
        return _code_page(request, link, token)
    portal.link_opened(link=link)
    if link.referral.status == link.referral.Status.REQUESTED:
        link.referral = services.referral_mark_received(
            referral=link.referral, partner_email=link.email
        )
    return _packet_page(request, link, token)


@require_POST
@limit("portal_code")
@partner_link
def code(request, link: PortalLink, token: str):
    """Send a code ("send") or check one; the right code marks this browser."""
    if request.POST.get("action") == "send":
        if portal.code_send(link=link):
            messages.info(
                request, _("We sent a code to %(email)s.") % {"email": _masked(link.email)}
            )
        else:
            messages.info(
                request, _("A code was sent less than a minute ago. Please check your e-mail.")
            )
        return redirect("partner_portal:page", token=token)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, link, token, form=form, status=400)
    check = portal.code_verify(
        link=link,
        code=form.cleaned_data["code"],
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if check.result == portal.CodeResult.LOCKED:
        # Said once, now; from the next request on the link is like any wrong link.
        return render(request, "referrals/portal/locked.html", status=403)
    if check.result == portal.CodeResult.EXPIRED:
        form.add_error("code", _("This code has expired. Ask for a new one."))
        return _code_page(request, link, token, form=form, status=400)
    if check.result == portal.CodeResult.WRONG:
        form.add_error(
            "code",
            _("That code is not right. %(left)d tries left before the link is locked.")
            % {"left": check.tries_left},
        )
        return _code_page(request, link, token, form=form, status=400)
    response = redirect("partner_portal:page", token=token)
    response.set_cookie(
        portal.DEVICE_COOKIE,
        check.device_token,
        expires=link.expires_at,
        path=_cookie_path(token),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@partner_link
def download(request, link: PortalLink, token: str, key: str):
    if not _device_proved(request, link):
        return redirect("partner_portal:page", token=token)
    referral = link.referral
    response = packet.download(referral, key, recipient=_recipient(link))
    if response is None:
        raise deny(case_reference=referral.case.reference, object_type="packet_file", object_id=key)
    record(
        AuditEvent.Action.PORTAL_DOWNLOADED,
        case_reference=referral.case.reference,
        object_type="packet_file",
        object_id=key,
        detail=f"referral {referral.pk}",
        actor_name=portal.partner_actor(link.email),
    )
    return response


def _recipient(link: PortalLink) -> str:
    referral = link.referral
    return f"{referral.contact_name} <{link.email}>, {referral.organisation.name}"


def _audited_download(link: PortalLink, what: str, response):
    record(
        AuditEvent.Action.PORTAL_DOWNLOADED,
        case_reference=link.referral.case.reference,
        object_type="referral",
        object_id=link.referral.pk,
        detail=what,
        actor_name=portal.partner_actor(link.email),
    )
    return response


@partner_link
def bundle(request, link: PortalLink, token: str):
    """Everything in the packet in one download, each PDF stamped for this contact."""
    if not _device_proved(request, link):
        return redirect("partner_portal:page", token=token)
    response = packet.bundle_download(link.referral, recipient=_recipient(link))
    return _audited_download(link, "referral packet bundle", response)


@partner_link
def fhir(request, link: PortalLink, token: str):
    """The referral as a FHIR R4 Bundle, for the partner's own systems."""
    if not _device_proved(request, link):
        return redirect("partner_portal:page", token=token)
    return _audited_download(
        link, "referral as FHIR JSON", fhir_export.fhir_download(link.referral)
    )


@require_POST
@partner_link
def answer(request, link: PortalLink, token: str):
    """The structured answer: stored verbatim; the same form sent twice is one answer."""
    if not _device_proved(request, link):
        return redirect("partner_portal:page", token=token)
    referral = link.referral
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return _packet_page(request, link, token, form=form, status=400)
    data = form.cleaned_data
    letter = None
    if data["letter"]:
        try:
            letter = portal.letter_check(data["letter"])
        except ValidationError as refused:
            form.add_error("letter", refused)
            return _packet_page(request, link, token, form=form, status=400)
    try:
        services.response_record(
            referral=referral,
            kind=data["kind"],
            responder_name=data["responder_name"].strip(),
            responder_email=link.email,
            idempotency_key=data["idempotency_key"],
            message=data["message"],
            requested_records=data["requested_records"],
            reason=data["reason"],
            offered_on=data["offered_on"],
            letter=letter,
        )
    except ApplicationError as refused:
        messages.error(request, str(refused))
        return _packet_page(request, link, token, form=form, status=409)
    messages.success(
        request, _("Thank you. Your answer was sent to the coordinator, exactly as you wrote it.")
    )
    return redirect("partner_portal:page", token=token)
