"""The queue's filter and count of referrals overdue for a response: waiting for a first
answer past the deadline (counted in working days when sent), or expired with no
follow-up, on an open case. cases reaches referrals through the ORM relation only."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.models.case import REFERRAL_AWAITING_ANSWER, REFERRAL_EXPIRED, overdue_referrals
from referrals import states
from referrals.models import Referral
from tests.factories import coordinator, make_partner, submit_case

pytestmark = pytest.mark.django_db
S = Referral.Status


def test_the_statuses_cases_names_are_the_ones_referrals_uses():
    assert set(REFERRAL_AWAITING_ANSWER) == {str(s) for s in states.AWAITING_ANSWER}
    assert REFERRAL_EXPIRED == S.EXPIRED


@pytest.fixture
def world(postgres, signed_in):
    alice = coordinator("alice")
    organisation, contact = make_partner()
    cases = [submit_case() for _ in range(4)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(coordinator=alice)
    return {
        "alice": alice,
        "client": signed_in(Client(), alice),
        "cases": cases,
        "contact": contact,
    }


def referral(world, case, status, due=None, follows=None):
    return Referral.objects.create(
        case=case,
        organisation=world["contact"].organisation,
        contact=world["contact"],
        contact_name="Dra. Elena Ruiz",
        contact_email=world["contact"].email,
        status=status,
        question="A question",
        response_due_on=due,
        follows=follows,
        created_by=world["alice"],
        sent_at=timezone.now() if status != S.DRAFT else None,
    )


def test_overdue_means_past_the_deadline_or_expired_with_no_follow_up(world):
    today = timezone.localdate()
    late, on_time, expired, followed = world["cases"]
    overdue = referral(world, late, S.RECEIVED, due=today - timedelta(days=1))
    referral(world, on_time, S.REQUESTED, due=today)  # due today: not yet late
    referral(world, on_time, S.ACCEPTED, due=today - timedelta(days=5))  # answered
    lapsed = referral(world, expired, S.EXPIRED, due=today - timedelta(days=9))
    old = referral(world, followed, S.EXPIRED, due=today - timedelta(days=9))
    referral(world, followed, S.DRAFT, follows=old)
    assert set(overdue_referrals(today)) == {overdue, lapsed}
    assert set(Case.objects.referrals_overdue(today)) == {late, expired}
    assert set(Case.objects.no_referrals_overdue(today)) == {on_time, followed}


def test_the_queue_filters_and_counts_them_on_open_cases_only(world):
    today = timezone.localdate()
    late, on_time, expired, closed = world["cases"]
    referral(world, late, S.REQUESTED, due=today - timedelta(days=2))
    referral(world, expired, S.EXPIRED, due=today - timedelta(days=20))
    referral(world, closed, S.REQUESTED, due=today - timedelta(days=2))
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    page = world["client"].get(reverse("cases:queue_tab", args=["mine"]))
    body = page.content.decode()
    assert 'data-referrals-overdue="2"' in body
    assert "2 referrals overdue for a response" in body
    filtered = world["client"].get(
        reverse("cases:queue_tab", args=["mine"]), {"referrals_overdue": "true"}
    )
    shown = {case.reference for case in filtered.context["page"].object_list}
    assert shown == {late.reference, expired.reference}


def test_a_referral_sent_on_friday_with_one_working_day_is_overdue_from_tuesday(world):
    from referrals.services import due_date

    due = due_date(start=date(2026, 12, 4), days=1)  # a Friday
    assert due == date(2026, 12, 7)  # Monday
    late = referral(world, world["cases"][0], S.REQUESTED, due=due)
    assert late not in overdue_referrals(date(2026, 12, 7))
    assert late in overdue_referrals(date(2026, 12, 8))
