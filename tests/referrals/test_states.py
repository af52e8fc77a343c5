"""The referral state machine: every allowed and refused move, as plain data."""

import pytest

from referrals import states
from referrals.models import Referral, ReferralResponse

S = Referral.Status
K = ReferralResponse.Kind
ALL = list(S.values)


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("to", ALL)
def test_every_move_is_allowed_or_refused_by_the_table(start, to):
    assert states.can_move(start, to) is (to in states.TRANSITIONS[start])


def test_finished_referrals_go_nowhere():
    for status in states.CLOSED:
        assert states.allowed_next(status) == []


def test_a_draft_can_only_be_sent_or_withdrawn():
    assert states.allowed_next(S.DRAFT) == [S.REQUESTED, S.CANCELLED]


@pytest.mark.parametrize(
    ("kind", "to"),
    [
        (K.MORE_INFORMATION, S.ON_HOLD),
        (K.WILL_REVIEW, S.ACCEPTED),
        (K.SCREENING_OFFERED, S.COMPLETED),
        (K.NOT_SUITABLE, S.COMPLETED),
        (K.UNABLE_TO_REVIEW, S.REJECTED),
    ],
)
def test_each_answer_leads_to_its_status(kind, to):
    assert states.status_after_answer(S.RECEIVED, kind) == to
    assert states.status_after_answer(S.EXPIRED, kind) == to  # a late answer still counts


def test_a_second_request_for_more_keeps_it_on_hold():
    assert states.status_after_answer(S.ON_HOLD, K.MORE_INFORMATION) == S.ON_HOLD


@pytest.mark.parametrize("status", [S.DRAFT, S.COMPLETED, S.CANCELLED, S.REJECTED])
def test_no_answer_arrives_on_a_draft_or_a_finished_referral(status):
    with pytest.raises(ValueError):
        states.status_after_answer(status, K.WILL_REVIEW)


@pytest.mark.parametrize("status", sorted(states.ANSWERABLE))
@pytest.mark.parametrize("kind", list(K.values))
def test_every_answer_is_taken_wherever_the_portal_offers_the_form(status, kind):
    # The portal shows the answer form in every ANSWERABLE status and offers every kind.
    to = states.status_after_answer(status, kind)
    assert to == status or states.can_move(status, to)


def test_will_review_during_the_review_keeps_it_in_progress():
    assert states.status_after_answer(S.IN_PROGRESS, K.WILL_REVIEW) == S.IN_PROGRESS


def test_an_expired_referral_can_be_withdrawn():
    assert states.can_move(S.EXPIRED, S.CANCELLED)
