"""The daily expiry sweep: a thin task over services.referrals_expire, on the beat schedule."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from referrals import consent, services, tasks
from referrals.models import Referral
from tests.factories import coordinator, make_partner, ready_packet, submit_case

pytestmark = pytest.mark.django_db


def test_the_sweep_is_on_the_beat_schedule_daily():
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "referrals.tasks.expire_referrals"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1  # once a day


def test_the_task_expires_referrals_past_their_deadline(postgres):
    case = submit_case()
    coord = coordinator("coord.ref")
    organisation, contact = make_partner()
    consent.consent_give(case=case, organisation=organisation, language="es")
    referral = services.referral_prepare(
        case=case, by=coord, contact=contact, question="Please look at the records."
    )
    referral.packet = ready_packet(case, coord)
    referral.save()
    services.referral_send(referral=referral, by=coord)
    Referral.objects.filter(pk=referral.pk).update(
        response_due_on=timezone.localdate() - timedelta(days=1)
    )
    assert tasks.expire_referrals.apply().get() == 1
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EXPIRED
    assert tasks.expire_referrals.apply().get() == 0  # once only
