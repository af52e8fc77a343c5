"""The packet a partner reviews: the case summary made for a hospital, plus the reports the
coordinator ticked. (Built out in the packet work; today: is it ready to send?)"""

from documents.models import DocumentJob

from .errors import ReferralRefusedError
from .models import Referral


def check_ready(referral: Referral) -> None:
    """Refuse to send until the packet for this referral has been rendered."""
    job = referral.packet
    if job is None or job.status != DocumentJob.Status.READY:
        raise ReferralRefusedError(
            "The packet for the partner is not ready yet. Prepare it, wait until it is "
            "rendered, then send."
        )
