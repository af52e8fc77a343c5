"""Which status a referral may move to from which, and what a partner's answer means for
it: plain data, modelled on the FHIR Task workflow for referrals (HL7 SDOH Clinical Care),
plus "expired" when the deadline passes with no answer.

A partner's late answer after "expired" is still recorded: the loop closes whenever they
answer, and the coordinator sees that it came late.
"""

from .models import Referral, ReferralResponse

S = Referral.Status
K = ReferralResponse.Kind

# Where a partner's answer can come from, and where each kind of answer takes it.
ANSWERABLE = {S.REQUESTED, S.RECEIVED, S.ACCEPTED, S.ON_HOLD, S.IN_PROGRESS, S.EXPIRED}
STATUS_AFTER_ANSWER = {
    K.MORE_INFORMATION: S.ON_HOLD,
    K.WILL_REVIEW: S.ACCEPTED,
    K.SCREENING_OFFERED: S.COMPLETED,
    K.NOT_SUITABLE: S.COMPLETED,
    K.UNABLE_TO_REVIEW: S.REJECTED,
}

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.REQUESTED, S.CANCELLED},
    S.REQUESTED: {
        S.RECEIVED,
        S.ACCEPTED,
        S.REJECTED,
        S.ON_HOLD,
        S.COMPLETED,
        S.CANCELLED,
        S.EXPIRED,
    },
    S.RECEIVED: {S.ACCEPTED, S.REJECTED, S.ON_HOLD, S.COMPLETED, S.CANCELLED, S.EXPIRED},
    S.ACCEPTED: {S.IN_PROGRESS, S.ON_HOLD, S.REJECTED, S.COMPLETED, S.CANCELLED},
    # On hold: the partner asked for more; the coordinator sends it and the review goes on.
    S.ON_HOLD: {S.IN_PROGRESS, S.ACCEPTED, S.REJECTED, S.COMPLETED, S.CANCELLED},
    S.IN_PROGRESS: {S.ON_HOLD, S.REJECTED, S.COMPLETED, S.CANCELLED},
    # Expired: a late answer still closes the loop; or the coordinator withdraws it (the
    # family chose another route), which also takes it out of the queue's overdue count.
    S.EXPIRED: {S.ACCEPTED, S.REJECTED, S.ON_HOLD, S.COMPLETED, S.CANCELLED},
    S.COMPLETED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
}

# Waiting for the partner's first answer: what the deadline and the reminder are about.
AWAITING_ANSWER = (S.REQUESTED, S.RECEIVED)
# Finished: no portal link stays open, no reminder goes.
CLOSED = (S.COMPLETED, S.REJECTED, S.CANCELLED)
# Open in the coordinator's sense (a new referral to the same organisation waits for it).
OPEN = tuple(s for s in S.values if s not in CLOSED and s != S.EXPIRED)


def can_move(status: str, to: str) -> bool:
    return to in TRANSITIONS.get(status, set())


def allowed_next(status: str) -> list[str]:
    return [value for value in S.values if value in TRANSITIONS.get(status, set())]


def status_after_answer(status: str, kind: str) -> str:
    """The status a partner's answer of `kind` leads to from `status`; the same status
    when the answer repeats where it already stands (a second request for more)."""
    to = STATUS_AFTER_ANSWER[kind]
    if to == status or can_move(status, to):
        return to
    if (status, to) == (S.IN_PROGRESS, S.ACCEPTED):
        # "We will review the case" while the review already goes on (after the partner
        # asked for more and the coordinator sent it): the answer is kept, the status stays.
        return status
    raise ValueError(f"an answer cannot arrive while a referral is {status}")
