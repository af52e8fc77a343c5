"""A partner's answer to a referral alerts the case's coordinator."""

import uuid

import pytest

from cases.alerts import alerts_unread
from cases.models import Case, CoordinatorAlert
from referrals import services
from referrals.models import ReferralResponse
from tests.factories import coordinator, submit_case
from tests.referrals.portal_helpers import send_referral

pytestmark = pytest.mark.django_db


def test_a_referral_answer_alerts_the_coordinator_once(
    postgres, django_capture_on_commit_callbacks
):
    case = submit_case()
    coord = coordinator("coord.answer")
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    case.refresh_from_db()
    referral, _token = send_referral(django_capture_on_commit_callbacks, case=case, by=coord)
    before = set(alerts_unread(user=coord).values_list("pk", flat=True))
    key = uuid.uuid4().hex
    answer = {
        "referral": referral,
        "kind": ReferralResponse.Kind.SCREENING_OFFERED,
        "responder_name": "Dra. Elena Ruiz",
        "responder_email": referral.contact_email,
        "idempotency_key": key,
    }
    services.response_record(**answer)
    services.response_record(**answer)  # the same form twice is one answer, one alert
    new = alerts_unread(user=coord).exclude(pk__in=before)
    assert [(a.kind, a.case_id) for a in new] == [(CoordinatorAlert.Kind.REFERRAL_ANSWER, case.pk)]
