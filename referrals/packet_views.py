"""Staff downloads of a referral's packet: the single-download bundle (a zip, every PDF
carrying the sharing line for the referral's contact) and the FHIR JSON. Case access is
checked first (a case this user may not see is the same audited 404 as a missing one),
and each download is written to the audit trail."""

from django.http import Http404

from accounts.decorators import case_worker_required
from audit.models import AuditEvent
from audit.services import find_on_case_or_404, record
from cases.selectors import case_for_staff_or_404

from . import fhir as fhir_export
from . import packet


def _referral_or_404(request, reference: str, referral_id: int):
    case = case_for_staff_or_404(user=request.user, reference=reference)
    referral = find_on_case_or_404(
        case.referrals.select_related("organisation__parent", "case"),
        case_reference=case.reference,
        object_type="referral",
        pk=referral_id,
    )
    return case, referral


@case_worker_required
def bundle(request, reference: str, referral_id: int):
    case, referral = _referral_or_404(request, reference, referral_id)
    response = packet.bundle_download(referral, recipient=referral.contact_name)
    if response is None:
        raise Http404
    record(
        AuditEvent.Action.EXPORTED,
        case_reference=case.reference,
        object_type="referral",
        object_id=referral.pk,
        detail="referral packet bundle",
    )
    return response


@case_worker_required
def fhir(request, reference: str, referral_id: int):
    case, referral = _referral_or_404(request, reference, referral_id)
    response = fhir_export.fhir_download(referral)
    record(
        AuditEvent.Action.EXPORTED,
        case_reference=case.reference,
        object_type="referral",
        object_id=referral.pk,
        detail="referral as FHIR JSON",
    )
    return response
