"""The referral state machine against PostgreSQL: every status a referral can be in, times
every operation the services offer (send, cancel, resume, the expiry sweep, each kind of
partner answer, the partner's first opening), with the outcome written out here rather
than read from referrals.states. An allowed move leaves its transition, timeline line and
audit event; a refused one says why and leaves nothing behind."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import TimelineEvent
from referrals import consent, services
from referrals.errors import ReferralRefusedError
from referrals.models import Referral, ReferralResponse, ReferralTransition
from tests.factories import coordinator, make_partner, ready_packet, submit_case

pytestmark = pytest.mark.django_db
S = Referral.Status
K = ReferralResponse.Kind
REFUSED = "refused"
SAME = "same"  # allowed, but the status stays where it is (no transition)

OPERATIONS = [
    "send",
    "cancel",
    "resume",
    "expire",
    "receive",
    K.MORE_INFORMATION,
    K.WILL_REVIEW,
    K.SCREENING_OFFERED,
    K.NOT_SUITABLE,
    K.UNABLE_TO_REVIEW,
]
_ = REFUSED
# Rows: the status a referral is in. Columns: OPERATIONS, in order.
EXPECTED = {
    #              send          cancel       resume         expire     receive     more       will_review  screening    not_suitable unable  # noqa: E501
    S.DRAFT:       (S.REQUESTED, S.CANCELLED, _,             SAME,      SAME,       _,         _,           _,           _,           _),  # noqa: E501
    S.REQUESTED:   (_,           S.CANCELLED, _,             S.EXPIRED, S.RECEIVED, S.ON_HOLD, S.ACCEPTED,  S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.RECEIVED:    (_,           S.CANCELLED, _,             S.EXPIRED, SAME,       S.ON_HOLD, S.ACCEPTED,  S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.ACCEPTED:    (_,           S.CANCELLED, _,             SAME,      SAME,       S.ON_HOLD, SAME,        S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.ON_HOLD:     (_,           S.CANCELLED, S.IN_PROGRESS, SAME,      SAME,       SAME,      S.ACCEPTED,  S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.IN_PROGRESS: (_,           S.CANCELLED, _,             SAME,      SAME,       S.ON_HOLD, SAME,        S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.EXPIRED:     (_,           S.CANCELLED, _,             SAME,      SAME,       S.ON_HOLD, S.ACCEPTED,  S.COMPLETED, S.COMPLETED, S.REJECTED),  # noqa: E501
    S.COMPLETED:   (_,           _,           _,             SAME,      SAME,       _,         _,           _,           _,           _),  # noqa: E501
    S.REJECTED:    (_,           _,           _,             SAME,      SAME,       _,         _,           _,           _,           _),  # noqa: E501
    S.CANCELLED:   (_,           _,           _,             SAME,      SAME,       _,         _,           _,           _,           _),  # noqa: E501
}  # fmt: skip
CASES = [
    (status, operation, EXPECTED[status][i])
    for status in S.values
    for i, operation in enumerate(OPERATIONS)
]


def test_the_table_covers_every_status():
    assert set(EXPECTED) == set(S.values)
    assert all(len(row) == len(OPERATIONS) for row in EXPECTED.values())


def referral_in(status: str) -> Referral:
    """A referral in `status`, sendable if it is a draft (consent and a fresh packet), and
    past its answer deadline otherwise (so the expiry sweep would take it if it may)."""
    case = submit_case()
    by = coordinator("coord.sm")
    organisation, contact = make_partner()
    consent.consent_give(case=case, organisation=organisation, language="es")
    referral = services.referral_prepare(
        case=case, by=by, contact=contact, question="Could the team look at the records?"
    )
    referral.packet = ready_packet(case, by, referral)
    referral.save()
    if status != S.DRAFT:
        Referral.objects.filter(pk=referral.pk).update(
            status=status,
            sent_at=timezone.now() - timedelta(days=20),
            response_due_on=timezone.localdate() - timedelta(days=3),
        )
    return Referral.objects.get(pk=referral.pk)


def run(operation: str, referral: Referral) -> None:
    by = referral.created_by
    if operation == "send":
        services.referral_send(referral=referral, by=by)
    elif operation == "cancel":
        services.referral_cancel(referral=referral, by=by, reason="the family chose another route")
    elif operation == "resume":
        services.referral_resume(referral=referral, by=by)
    elif operation == "expire":
        services.referrals_expire()
    elif operation == "receive":
        services.referral_mark_received(referral=referral, partner_email=referral.contact_email)
    else:
        services.response_record(
            referral=referral,
            kind=operation,
            responder_name="Dra. Elena Ruiz",
            responder_email=referral.contact_email,
            idempotency_key=uuid.uuid4().hex,
            requested_records="A recent PET-CT." if operation == K.MORE_INFORMATION else "",
            message="Our words, kept as written.",
        )


def trail(referral: Referral) -> tuple[int, int, int]:
    return (
        ReferralTransition.objects.filter(referral=referral).count(),
        TimelineEvent.objects.filter(case=referral.case, kind=TimelineEvent.Kind.REFERRAL).count(),
        AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_CHANGED).count(),
    )


@pytest.mark.parametrize(("start", "operation", "expected"), CASES)
def test_every_operation_from_every_status(postgres, start, operation, expected):
    referral = referral_in(start)
    transitions, timeline, audit = trail(referral)
    answers = ReferralResponse.objects.count()
    is_answer = operation in K.values

    if expected == REFUSED:
        with pytest.raises(ReferralRefusedError) as refused:
            run(operation, referral)
        assert str(refused.value).strip()  # a message for the person who tried
        referral.refresh_from_db()
        assert referral.status == start
        assert trail(referral) == (transitions, timeline, audit)
        assert ReferralResponse.objects.count() == answers
        return

    run(operation, referral)
    referral.refresh_from_db()
    if expected == SAME:
        assert referral.status == start
        assert ReferralTransition.objects.filter(referral=referral).count() == transitions
    else:
        assert referral.status == expected
        move = ReferralTransition.objects.filter(referral=referral).latest("id")
        assert (move.from_status, move.to_status) == (start, expected)
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.REFERRAL_CHANGED,
            object_id=str(referral.pk),
            detail=f"{start} -> {expected}",
        ).exists()
        assert (
            TimelineEvent.objects.filter(
                case=referral.case, kind=TimelineEvent.Kind.REFERRAL
            ).count()
            > timeline
        )
        assert (referral.closed_at is not None) is (
            expected in (S.COMPLETED, S.REJECTED, S.CANCELLED)
        )
    if is_answer:
        assert ReferralResponse.objects.count() == answers + 1
        assert referral.first_answered_at is not None
