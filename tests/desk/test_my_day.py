"""My day: what needs the signed-in coordinator today, one query per section."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases.alerts import coordinator_alert
from cases.models import Case, CoordinatorAlert
from desk import selectors
from tests.factories import coordinator, submit_case
from tests.referrals.portal_helpers import send_referral

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # a Wednesday noon


def at(d, h):
    return datetime(2026, 12, d, h, 0, tzinfo=UTC)


def case_for(user, *, due, **fields):
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=user, first_contact_due_at=due, **fields)
    case.refresh_from_db()
    return case


def section(sections, key):
    return next(s for s in sections if s.key == key)


@pytest.fixture
def alice():
    return coordinator("alice")


def test_first_contacts_due_today_or_overdue_and_nothing_else(alice):
    overdue = case_for(alice, due=at(8, 12))  # yesterday
    today = case_for(alice, due=at(9, 16))
    case_for(alice, due=at(10, 10))  # tomorrow
    case_for(alice, due=at(8, 12), first_contacted_at=at(8, 9))  # contacted
    case_for(alice, due=at(8, 12), status=Case.Status.CLOSED)
    case_for(coordinator("bob"), due=at(8, 12))  # someone else's
    first = section(selectors.my_day(user=alice, now=NOW), "first_contacts")
    assert first.total == 2
    assert [(r.reference, r.late) for r in first.rows] == [
        (overdue.reference, True),
        (today.reference, False),
    ]


def test_today_ends_at_the_coordinators_own_midnight():
    tokyo = coordinator("kenji", time_zone="Asia/Tokyo")  # noon UTC is 21:00 in Tokyo
    case_for(tokyo, due=at(9, 16))  # 01:00 tomorrow in Tokyo
    assert section(selectors.my_day(user=tokyo, now=NOW), "first_contacts").total == 0


def test_unread_alerts_and_overdue_referrals_are_listed(alice, django_capture_on_commit_callbacks):
    case = case_for(alice, due=at(20, 9))
    referral, _token = send_referral(django_capture_on_commit_callbacks, case=case, by=alice)
    type(referral).objects.filter(pk=referral.pk).update(response_due_on=date(2026, 12, 4))
    on_time = case_for(alice, due=at(20, 9))
    other, _token = send_referral(
        django_capture_on_commit_callbacks, case=on_time, by=alice, name="Hospital Norte"
    )
    type(other).objects.filter(pk=other.pk).update(response_due_on=date(2026, 12, 20))
    coordinator_alert(case=case, kind=CoordinatorAlert.Kind.FAMILY_UPLOAD)
    sections = selectors.my_day(user=alice, now=NOW)
    alerts = section(sections, "alerts")
    assert alerts.total >= 1 and alerts.rows[0].what == "The family added a file"
    referrals = section(sections, "referrals_overdue")
    assert referrals.total == 1
    assert referrals.rows[0].reference == case.reference
    assert "Hospital del Sol" in referrals.rows[0].what


def test_each_section_is_one_query_however_many_rows(alice, django_assert_num_queries):
    for day in range(1, 16):
        case = case_for(alice, due=at(day, 9))
        coordinator_alert(case=case, kind=CoordinatorAlert.Kind.FAMILY_MESSAGE)
    # one for the coordinator's time zone, then one per section
    with django_assert_num_queries(1 + len(selectors.MY_DAY_SECTIONS)):
        sections = selectors.my_day(user=alice, now=NOW)
    first = section(sections, "first_contacts")
    assert first.total == 9 and len(first.rows) == 9
    alerts = section(sections, "alerts")
    assert alerts.total >= 15 and len(alerts.rows) == selectors.SECTION_ROWS


def test_the_page_shows_each_section_with_its_count(alice, signed_in):
    overdue = case_for(alice, due=at(1, 9))
    client = signed_in(Client(), alice)
    html = client.get(reverse("desk:my_day")).content.decode()
    assert reverse("desk:my_day") in html  # in the staff navigation
    for key in ("alerts", "first_contacts", "replies_due", "referrals_overdue"):
        assert f'data-section="{key}"' in html
    assert overdue.reference in html and "overdue" in html
    assert "No referrals overdue." in html


def test_times_show_in_the_coordinators_time_zone(signed_in):
    kenji = coordinator("kenji", time_zone="Asia/Tokyo")
    case_for(kenji, due=at(1, 9))  # 18:00 in Tokyo
    client = signed_in(Client(), kenji)
    html = client.get(reverse("desk:my_day")).content.decode()
    assert "1 Dec 18:00" in html and "Asia/Tokyo" in html


def test_messages_waiting_for_a_reply_are_listed_late_first(alice):
    late = case_for(alice, due=at(20, 9), reply_due_at=at(8, 15))
    waiting = case_for(alice, due=at(20, 9), reply_due_at=at(10, 11))  # due tomorrow
    case_for(alice, due=at(20, 9))  # nothing waiting
    case_for(alice, due=at(20, 9), reply_due_at=at(8, 15), status=Case.Status.CLOSED)
    replies = section(selectors.my_day(user=alice, now=NOW), "replies_due")
    assert [(r.reference, r.late) for r in replies.rows] == [
        (late.reference, True),
        (waiting.reference, False),
    ]
    assert replies.total == 2


def test_practical_tasks_due_today_or_overdue_are_listed(alice):
    from logistics.models import CaseTask

    case = case_for(alice, due=at(20, 9))

    def task(title, due, status=CaseTask.Status.OPEN):
        return CaseTask.objects.create(
            case=case,
            kind=CaseTask.Kind.APPOINTMENT,
            title=title,
            due_at=due,
            time_zone="UTC",
            assignee=alice,
            created_by=alice,
            status=status,
        )

    task("Book the interpreter", at(8, 10))  # yesterday: late
    task("Call the hotel", at(9, 16))  # later today
    task("Visa letter", at(10, 9))  # tomorrow: not today
    task("Done already", at(9, 8), status=CaseTask.Status.DONE)
    tasks = section(selectors.my_day(user=alice, now=NOW, zone="UTC"), "tasks_due")
    assert [(r.what, r.late) for r in tasks.rows] == [
        ("Book the interpreter", True),
        ("Call the hotel", False),
    ]
    assert tasks.total == 2
