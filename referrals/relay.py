"""Passing a partner's answer on to the family.

The coordinator chooses which answer to share. The partner's own words reach the family
only verbatim and attributed ("Message from <organisation>, 3 December: ..."): Navigator
never rewrites them into a verdict of its own. The coordinator may add framing of their
own (relay_note): those are Navigator's words, so the claims gate reads them first, and a
note it does not pass is not shared (the coordinator rewords it, or relays without it).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases.family_notices import family_notice
from cases.models import Case, FamilyNotice, TimelineEvent
from cases.timeline import case_event
from claims import gate

from .errors import ReferralRefusedError
from .models import ReferralResponse


class RelayNoteHeldError(ReferralRefusedError):
    """The claims gate did not pass the coordinator's framing: nothing was shared."""

    def __init__(self, verdict: gate.Verdict):
        self.verdict = verdict
        super().__init__(
            "Nothing was shared with the family: the claims gate "
            f"({verdict.outcome}) flagged your note: {verdict.summary()}. Reword the note, "
            "or share the partner's words without a note of your own."
        )


def partner_words(response: ReferralResponse) -> bool:
    """Whether an answer holds anything the partner wrote (or proposed) for the family."""
    return bool(
        response.message.strip()
        or response.requested_records.strip()
        or response.reason.strip()
        or response.offered_on
    )


def response_relay(*, response: ReferralResponse, by, relay_note: str = "") -> ReferralResponse:
    """Share one answer with the family on their status page: the partner's words as
    written, attributed and dated, with the coordinator's gated note if any."""
    note = relay_note.strip()
    case = response.referral.case
    if note:
        verdict = gate.check(note, channel=gate.Channel.SHARED_NOTE, language=case.language)
        if not verdict.passed:
            case_event(
                case,
                TimelineEvent.Kind.REFERRAL,
                f"Relaying the answer of {response.referral.organisation} was held: the "
                f"claims gate ({verdict.outcome}) flagged the coordinator's note: "
                f"{verdict.summary()}",
                actor=by,
            )
            raise RelayNoteHeldError(verdict)
    return _relay(response=response, by=by, note=note)


@transaction.atomic
def _relay(*, response: ReferralResponse, by, note: str) -> ReferralResponse:
    response = (
        ReferralResponse.objects.select_for_update()
        .select_related("referral__case", "referral__organisation")
        .get(pk=response.pk)
    )
    referral = response.referral
    if response.relayed_at is not None:
        raise ReferralRefusedError(
            f"This answer was already shared with the family on "
            f"{timezone.localtime(response.relayed_at):%d %B %Y}."
        )
    if not partner_words(response):
        raise ReferralRefusedError(
            "This answer has no words of the partner to pass on. Write to the family in a "
            "shared note of your own instead."
        )
    response.relayed_at = timezone.now()
    response.relayed_by = by
    response.relay_note = note
    response.full_clean(exclude=["letter"])
    response.save(update_fields=["relayed_at", "relayed_by", "relay_note"])
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"Answer from {referral.organisation} ({response.get_kind_display()}, "
        f"{timezone.localtime(response.submitted_at):%d %B %Y}) shared with the family"
        + (" with a note from the coordinator." if note else ", verbatim."),
        actor=by,
        audit=AuditEvent.Action.REFERRAL_RELAYED,
        object_type="referral_response",
        object_id=response.pk,
        detail=response.kind,
    )
    family_notice(case=referral.case, event=FamilyNotice.Event.HOSPITAL_ANSWER)
    return response


@dataclass(frozen=True)
class RelayedMessage:
    """What the family's status page shows for one relayed answer."""

    organisation: str
    written_on: datetime
    message: str
    requested_records: str
    reason: str
    offered_on: date | None
    relay_note: str
    relayed_at: datetime


def relayed_for_family(*, case: Case) -> list[RelayedMessage]:
    """Every answer the coordinator shared with the family, newest first."""
    responses = (
        ReferralResponse.objects.filter(referral__case=case, relayed_at__isnull=False)
        .select_related("referral__organisation")
        .order_by("-relayed_at", "-id")
    )
    return [
        RelayedMessage(
            organisation=r.referral.organisation.name,
            written_on=r.submitted_at,
            message=r.message,
            requested_records=r.requested_records,
            reason=r.reason,
            offered_on=r.offered_on,
            relay_note=r.relay_note,
            relayed_at=r.relayed_at,
        )
        for r in responses
    ]
