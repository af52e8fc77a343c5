"""The partner's private link to a referral: opened (and e-mailed) when a referral is sent,
proved on each new device with a one-time code e-mailed to the contact, locked after too
many wrong codes, closed when the referral is withdrawn, the family withdraws consent, or
the coordinator revokes it.

Only hashes are stored: of the link's token (core.tokens), of the code (keyed with the
site's secret, as six digits are few), of each device's cookie.
"""

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.models import AuditEvent
from audit.services import record
from cases import scanning
from cases.models import TimelineEvent
from cases.timeline import case_event
from core.mail import EmailHeldError, send_partner_email
from core.tokens import hash_token, new_token
from core.uploads import CheckedUpload, check_upload
from partners.rules import organisation_agreement_in_force

from . import consent, states
from .errors import ReferralRefusedError
from .models import PortalDevice, PortalLink, Referral
from .portal_forms import LETTER_INFECTED, LETTER_NOT_PDF, LETTER_UNSCANNED

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
MAX_WRONG_CODES = 5
# A new code is sent at most this often for one link (the code form is rate-limited too).
CODE_RESEND_AFTER = timedelta(seconds=60)
DEVICE_COOKIE = "navigator_partner_device"


def link_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "NAVIGATOR_PORTAL_LINK_DAYS", 30))


def code_lifetime() -> timedelta:
    return timedelta(minutes=getattr(settings, "NAVIGATOR_PORTAL_CODE_MINUTES", 15))


def partner_actor(email: str) -> str:
    """How the audit trail names a partner contact, who is not a user."""
    return f"partner:{email}"


def portal_url(raw_token: str) -> str:
    return settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + reverse(
        "partner_portal:page", kwargs={"token": raw_token}
    )


def partner_language(referral: Referral) -> str:
    """The contact's language where we ship a catalogue for it, English otherwise."""
    shipped = getattr(settings, "NAVIGATOR_PARTNER_LANGUAGES", ("en", "es", "zh-hans", "ar"))
    return referral.contact_language if referral.contact_language in shipped else "en"


# --- Opening, e-mailing and closing links -------------------------------------------------


def open_link(referral: Referral) -> tuple[PortalLink, str]:
    """A new link for the referral's contact; returns it with the raw token (e-mailed,
    never stored)."""
    raw, hashed = new_token()
    link = PortalLink.objects.create(
        referral=referral,
        email=referral.contact_email,
        token_hash=hashed,
        expires_at=timezone.now() + link_lifetime(),
    )
    return link, raw


def open_link_and_notify(referral: Referral) -> PortalLink:
    """Open a link and, once the transaction that sent the referral commits, e-mail it."""
    link, raw = open_link(referral)
    record(
        AuditEvent.Action.PORTAL_LINK_SENT,
        case_reference=referral.case.reference,
        object_type="referral",
        object_id=referral.pk,
    )
    transaction.on_commit(lambda: send_link_email(link_id=link.pk, raw_token=raw))
    return link


def _approved_words(referral: Referral) -> tuple[str, ...]:
    # A supervisor let the flagged cover note go as written: the e-mail does not hold it
    # again for the same words.
    return (referral.cover_note,) if referral.wording_approved_at and referral.cover_note else ()


def record_held(referral: Referral, held: EmailHeldError, *, what: str) -> None:
    case_event(
        referral.case,
        TimelineEvent.Kind.EMAIL_HELD,
        f"The {what} e-mail to {referral.contact_email} ({referral.organisation}) was not "
        f"sent: {held}",
        audit=AuditEvent.Action.EMAIL_HELD,
        object_type="referral",
        object_id=referral.pk,
        detail=f"partner {held.template}: {held.verdict.outcome}",
    )


def send_link_email(*, link_id: int, raw_token: str) -> bool:
    """E-mail a link to its contact. When the claims gate holds the e-mail nothing is
    sent, the link is closed (nobody holds its token), and the case timeline, the audit
    trail and the coordinator's referral panel say why. Returns whether it was sent."""
    link = PortalLink.objects.select_related("referral__case", "referral__organisation").get(
        pk=link_id
    )
    referral = link.referral
    try:
        send_partner_email(
            to=link.email,
            language=partner_language(referral),
            template="portal_link",
            context={
                "contact_name": referral.contact_name,
                "organisation": referral.organisation.name,
                "reference": referral.case.reference,
                "cover_note": referral.cover_note,
                "portal_url": portal_url(raw_token),
                "expires_on": link.expires_at,
                "due_on": referral.response_due_on,
            },
            approved=_approved_words(referral),
        )
    except EmailHeldError as held:
        with transaction.atomic():
            PortalLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason="e-mail held by the claims gate"
            )
            record_held(referral, held, what="portal link")
        return False
    return True


def notify_more_records(referral: Referral, *, note: str = "") -> None:
    """Once the transaction commits, tell the partner that records were added to the
    referral they can already open (no new token: the link they have shows them)."""
    transaction.on_commit(lambda: send_more_records_email(referral_id=referral.pk, note=note))


def send_more_records_email(*, referral_id: int, note: str = "") -> bool:
    referral = Referral.objects.select_related("case", "organisation").get(pk=referral_id)
    try:
        send_partner_email(
            to=referral.contact_email,
            language=partner_language(referral),
            template="more_records",
            context={
                "contact_name": referral.contact_name,
                "reference": referral.case.reference,
                "sent_on": referral.sent_at,
                "note": note,
            },
        )
    except EmailHeldError as held:  # the coordinator's note did not pass the claims gate
        record_held(referral, held, what="more records")
        return False
    return True


def close_links(referral: Referral, *, reason: str) -> int:
    return PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:200]
    )


@transaction.atomic
def link_revoke(*, referral: Referral, by, reason: str = "") -> int:
    """The coordinator closes every open link of the referral at once."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    closed = close_links(referral, reason=(reason.strip() or "revoked by the coordinator"))
    if not closed:
        raise ReferralRefusedError("This referral has no open portal link to revoke.")
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"Portal link for {referral.organisation} revoked by {by.get_username()}"
        + (f": {reason.strip()}" if reason.strip() else "."),
        actor=by,
        audit=AuditEvent.Action.PORTAL_LINK_REVOKED,
        object_type="referral",
        object_id=referral.pk,
        detail=f"links closed: {closed}",
    )
    return closed


@transaction.atomic
def link_reissue(*, referral: Referral, by) -> PortalLink:
    """Close the referral's open links and e-mail the contact a new one (after a lockout,
    a lost e-mail, or a revocation)."""
    referral = (
        Referral.objects.select_for_update()
        .select_related("case", "organisation")
        .get(pk=referral.pk)
    )
    if referral.status in (Referral.Status.DRAFT, Referral.Status.CANCELLED):
        raise ReferralRefusedError("Only a referral that was sent, and not withdrawn, has a link.")
    if referral.status in states.CLOSED and referral.status != Referral.Status.COMPLETED:
        raise ReferralRefusedError("This referral is closed; prepare a new one instead.")
    # A new link opens the records again: only while the family's agreement stands (their
    # withdrawal closed the old links) and the partner's data-sharing agreement is in force.
    if consent.standing_consent(case=referral.case, organisation=referral.organisation) is None:
        raise ReferralRefusedError(
            f"The family no longer agrees to share their records with {referral.organisation}, "
            "so no new link can be sent."
        )
    if not organisation_agreement_in_force(referral.organisation, timezone.localdate()):
        raise ReferralRefusedError(
            f"{referral.organisation} has no data-sharing agreement in force, so no new link "
            "can be sent."
        )
    close_links(referral, reason="replaced by a new link")
    link = open_link_and_notify(referral)
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"New portal link e-mailed to {referral.contact_email} ({referral.organisation}) "
        f"by {by.get_username()}; earlier links closed.",
        actor=by,
    )
    return link


def link_state(link: PortalLink, now=None) -> str:
    """For the coordinator: open, locked, revoked or expired."""
    now = now or timezone.now()
    if link.revoked_at:
        return "revoked"
    if link.locked_at:
        return "locked"
    if link.expires_at <= now:
        return "expired"
    return "open"


# --- The partner's side: finding a link, codes, devices ----------------------------------


def link_for_token(raw_token: str) -> PortalLink | None:
    """The usable link for a token, or None for a wrong, expired, revoked or locked one.
    One lookup by hash whatever the reason, so a caller cannot tell them apart."""
    return (
        PortalLink.objects.select_related(
            "referral__case", "referral__organisation", "referral__created_by"
        )
        .filter(
            token_hash=hash_token(raw_token or ""),
            revoked_at__isnull=True,
            locked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def _code_hash(link: PortalLink, code: str) -> str:
    return salted_hmac("referrals.portal.code", f"{link.pk}:{code}", algorithm="sha256").hexdigest()


def device_known(link: PortalLink, raw_device: str | None) -> bool:
    if not raw_device:
        return False
    return PortalDevice.objects.filter(link=link, device_hash=hash_token(raw_device)).exists()


def code_send(*, link: PortalLink) -> bool:
    """E-mail a new one-time code to the link's contact. Returns False (and sends nothing)
    when a code went out less than CODE_RESEND_AFTER ago."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    with transaction.atomic():
        link = PortalLink.objects.select_for_update().get(pk=link.pk)
        issued_at = link.code_expires_at - code_lifetime() if link.code_expires_at else None
        if issued_at is not None and now - issued_at < CODE_RESEND_AFTER:
            return False
        link.code_hash = _code_hash(link, code)
        link.code_expires_at = now + code_lifetime()
        link.save(update_fields=["code_hash", "code_expires_at"])
    referral = Referral.objects.select_related("case", "organisation").get(pk=link.referral_id)
    try:
        send_partner_email(
            to=link.email,
            language=partner_language(referral),
            template="portal_code",
            context={
                "code": code,
                "reference": referral.case.reference,
                "minutes": int(code_lifetime().total_seconds() // 60),
            },
        )
    except EmailHeldError as held:  # fixed wording: only a changed template could do this
        record_held(referral, held, what="one-time code")
        return False
    return True


class CodeResult(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"  # no code, or an old one: not counted as a wrong guess
    LOCKED = "locked"


@dataclass(frozen=True)
class CodeCheck:
    result: CodeResult
    device_token: str = ""  # the raw cookie value, when accepted
    tries_left: int = 0


def code_verify(*, link: PortalLink, code: str, ip_address, user_agent: str) -> CodeCheck:
    """Check a code for this link. The right one marks the device; MAX_WRONG_CODES wrong
    ones in a row lock the link (audited, on the case timeline for the coordinator)."""
    actor = partner_actor(link.email)
    with transaction.atomic():
        link = (
            PortalLink.objects.select_for_update()
            .select_related("referral__case", "referral__organisation")
            .get(pk=link.pk)
        )
        referral = link.referral
        if link.locked_at or link.revoked_at:
            return CodeCheck(CodeResult.LOCKED)
        now = timezone.now()
        if not link.code_hash or link.code_expires_at is None or link.code_expires_at <= now:
            return CodeCheck(CodeResult.EXPIRED)
        if hmac.compare_digest(link.code_hash, _code_hash(link, code.strip())):
            raw_device, device_hash = new_token()
            PortalDevice.objects.create(
                link=link,
                device_hash=device_hash,
                ip_address=ip_address,
                user_agent=(user_agent or "")[:300],
            )
            link.code_hash = ""
            link.code_expires_at = None
            link.failed_codes = 0
            link.save(update_fields=["code_hash", "code_expires_at", "failed_codes"])
            return CodeCheck(CodeResult.ACCEPTED, device_token=raw_device)
        link.failed_codes += 1
        record(
            AuditEvent.Action.PORTAL_CODE_FAILED,
            case_reference=referral.case.reference,
            object_type="portal_link",
            object_id=link.pk,
            detail=f"wrong code {link.failed_codes} of {MAX_WRONG_CODES}",
            actor_name=actor,
        )
        if link.failed_codes < MAX_WRONG_CODES:
            link.save(update_fields=["failed_codes"])
            return CodeCheck(CodeResult.WRONG, tries_left=MAX_WRONG_CODES - link.failed_codes)
        link.locked_at = now
        link.code_hash = ""
        link.save(update_fields=["failed_codes", "locked_at", "code_hash"])
        case_event(
            referral.case,
            TimelineEvent.Kind.REFERRAL,
            f"Portal link for {referral.organisation} locked after {MAX_WRONG_CODES} wrong "
            "codes; issue a new link if the partner still needs it.",
        )
        record(
            AuditEvent.Action.PORTAL_LOCKED,
            case_reference=referral.case.reference,
            object_type="portal_link",
            object_id=link.pk,
            actor_name=actor,
        )
        return CodeCheck(CodeResult.LOCKED)


def link_opened(*, link: PortalLink) -> None:
    """A proved device opened the portal page: note when, and audit the view. (The view
    also marks the referral received the first time: services.referral_mark_received.)"""
    referral = link.referral
    PortalLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    record(
        AuditEvent.Action.PORTAL_OPENED,
        case_reference=referral.case.reference,
        object_type="referral",
        object_id=referral.pk,
        actor_name=partner_actor(link.email),
    )


# --- The partner's letter -----------------------------------------------------------------


def letter_check(upload) -> CheckedUpload:
    """A partner's letter passes the family upload checks (core.uploads), must be a PDF,
    and is scanned by clamd before it is kept (when a scanner is configured). Raises a
    ValidationError naming the reason; returns the CheckedUpload to store."""
    checked = check_upload(upload)
    if checked.content_type != "application/pdf":
        raise ValidationError(LETTER_NOT_PDF, code="not_pdf")
    if scanning.scanning_enabled():
        # Scanned now rather than later: an answer has no waiting state, so a letter is
        # either clean and kept, or refused with the reason while the partner is here.
        upload.seek(0)
        try:
            signature = scanning.scan_stream(upload)
        except (scanning.ScannerUnavailableError, scanning.UnscannableError):
            logger.warning("partner letter: the virus scanner could not check it")
            raise ValidationError(LETTER_UNSCANNED, code="unscanned") from None
        finally:
            upload.seek(0)
        if signature:
            logger.warning("partner letter refused by the virus scan: %s", signature)
            raise ValidationError(LETTER_INFECTED, code="infected")
    return checked
