"""Why a referral could not be prepared, sent or moved: messages for the person who tried."""

from core.errors import ApplicationError


class ReferralRefusedError(ApplicationError):
    """A referral that cannot be prepared, sent or moved as asked; the message says why."""


class ReferralWordingHeldError(ReferralRefusedError):
    """The claims gate flagged the coordinator's own words: reword, or a supervisor approves."""

    def __init__(self, flags: list[dict]):
        self.flags = flags
        sentences = "; ".join(f'"{f["sentence"]}" ({f["reason"]})' for f in flags)
        super().__init__(
            "The referral was not sent: the claims gate flagged the coordinator's wording "
            f"({sentences}). Reword it, or ask a supervisor to approve it."
        )
