"""Plain rules about partners, over plain values."""

from datetime import date


def agreement_in_force(*, signed_on: date | None, expires_on: date | None, today: date) -> bool:
    """A data-sharing agreement covers `today`: signed on or before it, not yet ended."""
    if signed_on is None or signed_on > today:
        return False
    return expires_on is None or today <= expires_on


def organisation_agreement_in_force(organisation, today: date) -> bool:
    """The organisation's own agreement, or, for a department or a trial team inside a
    hospital, the agreement of the organisation it belongs to."""
    while organisation is not None:
        if agreement_in_force(
            signed_on=organisation.agreement_signed_on,
            expires_on=organisation.agreement_expires_on,
            today=today,
        ):
            return True
        organisation = organisation.parent
    return False
