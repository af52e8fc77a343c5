"""Routing against the database: after commit, under concurrency, and by hand."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from cases import assignment
from cases.models import Case, RoutingRule, TimelineEvent
from tests.factories import coordinator, make_intake, submit_case, supervisor

pytestmark = pytest.mark.django_db


def spanish_case(**overrides):
    """A family who asked to be answered in Spanish (the coordinators below speak it)."""
    if "submitter" not in overrides:
        overrides["submitter"] = {**make_intake().submitter, "preferred_language": "es"}
    return submit_case(**overrides)


def submit_routed(django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        case = spanish_case(**overrides)
    case.refresh_from_db()
    return case


def test_a_new_case_is_routed_after_commit_with_its_reason(django_capture_on_commit_callbacks):
    spanish = coordinator("lucia", languages=["es", "en"], condition_areas=["blood"], capacity=10)
    coordinator("john", languages=["en"])
    case = submit_routed(django_capture_on_commit_callbacks)
    assert case.coordinator == spanish
    event = case.timeline.get(kind=TimelineEvent.Kind.ASSIGNED)
    assert event.message == "Assigned to lucia: language es, blood cancers; load 0 of 10"
    assert case.first_contact_due_at > case.submitted_at


def test_nobody_fits_leaves_the_case_in_triage_and_tells_supervisors(
    django_capture_on_commit_callbacks,
):
    supervisor("boss", email="boss@example.org")
    coordinator("full", languages=["es"], capacity=0)
    case = submit_routed(django_capture_on_commit_callbacks)
    assert case.coordinator is None and case.routed_at is not None
    assert "at capacity" in case.timeline.get(kind=TimelineEvent.Kind.ROUTING).message
    triage = [m for m in mail.outbox if "needs triage" in m.subject]
    assert len(triage) == 1 and triage[0].to == ["boss@example.org"]
    assert "José" not in triage[0].body  # no health data in staff notifications


def test_an_away_coordinator_gets_nothing(django_capture_on_commit_callbacks):
    coordinator("away", languages=["es"], away_from=timezone.localdate() - timedelta(days=1))
    back = coordinator(
        "back",
        languages=["es"],
        away_from=timezone.localdate() - timedelta(days=9),
        away_until=timezone.localdate() - timedelta(days=1),
    )
    assert submit_routed(django_capture_on_commit_callbacks).coordinator == back


def test_routing_rules_in_the_database_come_first(django_capture_on_commit_callbacks):
    coordinator("expert", languages=["es"], condition_areas=["blood"])
    chosen = coordinator("ruled", languages=["en"])
    RoutingRule.objects.create(
        name="AML from Spain", condition="aml", country="ES", coordinator=chosen
    )
    case = submit_routed(django_capture_on_commit_callbacks)
    assert case.coordinator == chosen
    RoutingRule.objects.update(enabled=False)
    assert submit_routed(django_capture_on_commit_callbacks).coordinator.username == "expert"


def test_reassigning_to_a_full_or_away_coordinator_is_refused_and_changes_nothing():
    boss = supervisor()
    full = coordinator("full", capacity=1)
    away = coordinator("away", away_from=timezone.localdate())
    first, second = spanish_case(), spanish_case()
    assignment.case_reassign(case=first, to=full, by=boss, reason="balance")
    for target, words in ((full, "capacity 1"), (away, "is away")):
        with pytest.raises(assignment.AssignmentError, match=words):
            assignment.case_reassign(case=second, to=target, by=boss, reason="balance")
    second.refresh_from_db()
    assert second.coordinator is None


def test_a_stale_reassignment_is_refused():
    boss = supervisor()
    one, two = coordinator("one"), coordinator("two")
    case = spanish_case()
    loaded = case.version
    assignment.case_reassign(case=case, to=one, by=boss, reason="balance", expected_version=loaded)
    with pytest.raises(assignment.StaleCaseError):
        assignment.case_reassign(
            case=case, to=two, by=boss, reason="balance", expected_version=loaded
        )
    case.refresh_from_db()
    assert case.coordinator == one


def test_a_coordinator_takes_from_triage_but_not_a_taken_case():
    alice, bob = coordinator("alice"), coordinator("bob")
    case = spanish_case()
    assignment.case_take(case=case, by=alice)
    with pytest.raises(assignment.AssignmentError, match="already taken"):
        assignment.case_take(case=case, by=bob)


def test_releasing_a_coordinator_routes_their_open_cases_again(django_capture_on_commit_callbacks):
    boss = supervisor()
    leaving = coordinator("leaving", languages=["es"])
    staying = coordinator("staying", languages=["es"])
    cases = [spanish_case() for _ in range(3)]
    for case in cases:
        Case.objects.filter(pk=case.pk).update(coordinator=leaving)
    Case.objects.filter(pk=cases[0].pk).update(status=Case.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        moved = assignment.coordinator_release_cases(coordinator=leaving, by=boss)
    assert len(moved) == 2 and {move.to for move in moved} == {"staying"}
    assert Case.objects.filter(coordinator=staying).count() == 2
    assert Case.objects.filter(coordinator=leaving).count() == 1  # the closed one stays


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_simultaneous_inquiries_never_push_anyone_over_capacity(postgres):
    capacities = {"c1": 7, "c2": 5, "c3": 3}
    for name, capacity in capacities.items():
        coordinator(name, languages=["es"], capacity=capacity)
    cases = [spanish_case() for _ in range(50)]
    barrier = threading.Barrier(50)
    errors = []

    def route(case):
        try:
            barrier.wait()
            assignment.case_route(case=case)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=route, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for name, capacity in capacities.items():
        assert Case.objects.filter(coordinator__username=name).count() == capacity
    assert Case.objects.filter(coordinator__isnull=True).count() == 50 - sum(capacities.values())


def test_unrouted_cases_are_picked_up_by_the_sweep(django_capture_on_commit_callbacks):
    from cases import services

    coordinator("es", languages=["es"])
    case = spanish_case()  # its on-commit routing never ran (as if the broker was down)
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(hours=1))
    assert services.cases_route_pending() == 1
    case.refresh_from_db()
    assert case.coordinator is not None


def test_intake_language_and_country_drive_routing(django_capture_on_commit_callbacks):
    chinese = coordinator("mei", languages=["zh-hans"], regions=["CN"])
    coordinator("otro", languages=["zh-hans"])
    intake = make_intake()
    submitter = {**intake.submitter, "preferred_language": "zh-hans"}
    patient = {**intake.patient, "country_of_residence": "CN"}
    case = submit_routed(django_capture_on_commit_callbacks, submitter=submitter, patient=patient)
    assert case.coordinator == chinese
    assert "region CN" in case.timeline.get(kind="assigned").message
