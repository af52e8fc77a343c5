"""Writes on the partner directory that need more than a save: the audit line for every
change a supervisor makes, and retiring a contact (never deleting one)."""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record

from .models import Contact, Organisation


def partner_changed(*, organisation: Organisation, by, detail: str) -> None:
    """One PARTNER_CHANGED event naming the organisation and what changed (field names
    only: no free text)."""
    record(
        AuditEvent.Action.PARTNER_CHANGED,
        actor=by,
        object_type="organisation",
        object_id=organisation.pk,
        detail=detail,
    )


@transaction.atomic
def contact_retire(*, contact: Contact, by) -> bool:
    """Retire a contact: no new referral can go to them; past and open referrals keep
    naming them. Returns False when they were already retired."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.retired_at is not None:
        return False
    contact.retired_at = timezone.now()
    contact.save(update_fields=["retired_at"])
    partner_changed(
        organisation=contact.organisation, by=by, detail=f"contact {contact.pk} retired"
    )
    return True
