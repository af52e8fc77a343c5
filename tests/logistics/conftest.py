"""Shared set-up of practical tasks: a coordinator in Madrid with a case of hers, a
colleague with a case of his, a supervisor, and helpers to add a task."""

from datetime import date, time

import pytest
from django.test import Client

from cases.models import Case
from logistics import services
from tests.factories import coordinator, submit_case, supervisor

FAR = date(2030, 3, 13)  # a Wednesday, safely in the future


@pytest.fixture
def world(postgres):
    alice = coordinator("alice", time_zone="Europe/Madrid")
    bob = coordinator("bob", time_zone="America/Mexico_City")
    boss = supervisor("boss")
    case = submit_case(
        submitter={
            "role": "family",
            "full_name": "Ana García",
            "email": "ana@example.org",
            "phone": "+34612345678",
            "country": "MX",
            "preferred_language": "es",
            "contact_method": "email",
            "time_zone": "America/Mexico_City",
        }
    )
    theirs = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice, language="es")
    Case.objects.filter(pk=theirs.pk).update(coordinator=bob)
    return {
        "alice": alice,
        "bob": bob,
        "boss": boss,
        "case": Case.objects.get(pk=case.pk),
        "theirs": Case.objects.get(pk=theirs.pk),
    }


@pytest.fixture
def clients(world, signed_in):
    return {name: signed_in(Client(), world[name]) for name in ("alice", "bob", "boss")}


def fields(assignee, **overrides) -> services.TaskFields:
    values = {
        "title": "Book the screening visit",
        "due_date": FAR,
        "due_time": time(10, 0),
        "assignee": assignee,
    }
    values.update(overrides)
    return services.TaskFields(**values)


def add_task(case, by, kind="appointment", **overrides):
    return services.task_create(
        case=case, by=by, kind=kind, fields=fields(overrides.pop("assignee", by), **overrides)
    )
