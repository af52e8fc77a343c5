"""The family's agreement to share their records with one named organisation.

Given and withdrawn on the family's status page, in their language; each record keeps the
wording version they saw. Withdrawing closes every open portal link of that organisation
for the case at once: the partner's next click is the same plain 404 as a wrong link.
"""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases.alerts import coordinator_alert
from cases.models import Case, CoordinatorAlert, TimelineEvent
from cases.timeline import case_event
from core.errors import ApplicationError
from partners.models import Organisation

from .models import PortalLink, SharingConsent

# Bump when the consent wording on the status page changes (templates/referrals/family/).
TEXT_VERSION = "share-org-2026-12"


class ConsentError(ApplicationError):
    pass


def _with_parents(organisation: Organisation | None) -> list[int]:
    ids = []
    while organisation is not None:
        ids.append(organisation.pk)
        organisation = organisation.parent
    return ids


def standing_consent(*, case: Case, organisation: Organisation) -> SharingConsent | None:
    """The family's current agreement for this organisation, or for the organisation it
    belongs to (agreeing to share with a hospital covers its departments)."""
    return (
        SharingConsent.objects.filter(
            case=case, organisation_id__in=_with_parents(organisation), withdrawn_at__isnull=True
        )
        .order_by("-given_at")
        .first()
    )


def last_withdrawal(*, case: Case, organisation: Organisation):
    """When the family last withdrew an agreement covering this organisation, or None."""
    return (
        SharingConsent.objects.filter(
            case=case, organisation_id__in=_with_parents(organisation), withdrawn_at__isnull=False
        )
        .order_by("-withdrawn_at")
        .values_list("withdrawn_at", flat=True)
        .first()
    )


@transaction.atomic
def consent_give(
    *, case: Case, organisation: Organisation, language: str, text_version: str = TEXT_VERSION
) -> SharingConsent:
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = SharingConsent.objects.filter(
        case=case, organisation=organisation, withdrawn_at__isnull=True
    ).first()
    if current:
        return current  # giving it twice (a double click) is one agreement
    consent = SharingConsent.objects.create(
        case=case,
        organisation=organisation,
        text_version=text_version,
        language=language,
        given_at=timezone.now(),
    )
    case_event(
        case,
        TimelineEvent.Kind.CONSENT,
        f"The family agreed to share their records with {organisation} ({text_version}).",
        audit=AuditEvent.Action.CONSENT_GIVEN,
        object_type="organisation",
        object_id=organisation.pk,
        detail=text_version,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, case: Case, organisation: Organisation) -> int:
    """Withdraw the family's agreement; returns how many open portal links it closed."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    withdrawn = SharingConsent.objects.filter(
        case=case, organisation=organisation, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    if not withdrawn:
        raise ConsentError("There is no agreement to withdraw for this organisation.")
    family = [organisation.pk, *organisation.children.values_list("pk", flat=True)]
    closed = PortalLink.objects.filter(
        referral__case=case,
        referral__organisation_id__in=family,
        revoked_at__isnull=True,
    ).update(revoked_at=now, revoked_reason="family withdrew consent")
    case_event(
        case,
        TimelineEvent.Kind.CONSENT,
        f"The family withdrew their agreement to share records with {organisation}; "
        f"{closed} portal link(s) closed.",
        audit=AuditEvent.Action.CONSENT_WITHDRAWN,
        object_type="organisation",
        object_id=organisation.pk,
        detail=f"links closed: {closed}",
    )
    # The coordinator may be about to send this organisation more, or chase an answer.
    coordinator_alert(case=case, kind=CoordinatorAlert.Kind.CONSENT_WITHDRAWN)
    return closed
