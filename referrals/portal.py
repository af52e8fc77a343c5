"""The partner's private link to a referral: opened when a referral is sent, closed when it
is withdrawn, the family withdraws consent, or the coordinator revokes it.
Only the token's hash is stored (core.tokens)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from core.tokens import new_token

from .models import PortalLink, Referral


def link_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "NAVIGATOR_PORTAL_LINK_DAYS", 30))


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
    link, _raw = open_link(referral)
    record(
        AuditEvent.Action.PORTAL_LINK_SENT,
        case_reference=referral.case.reference,
        object_type="referral",
        object_id=referral.pk,
    )
    return link


def close_links(referral: Referral, *, reason: str) -> int:
    return PortalLink.objects.filter(referral=referral, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:200]
    )
