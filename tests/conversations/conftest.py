import uuid

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case
from intake import services as intake_services
from tests.factories import coordinator, submit_case


@pytest.fixture
def world(signed_in):
    """A case assigned to Alice (first name Alice), with the family's private link; Bob is
    another coordinator, Boss a supervisor."""
    from tests.factories import supervisor

    alice = coordinator("alice", time_zone="Europe/Madrid")
    alice.first_name = "Alice"
    alice.save()
    bob = coordinator("bob")
    boss = supervisor("boss")
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    case.refresh_from_db()
    token = intake_services.case_issue_status_link(case=case)
    return {
        "alice": alice,
        "bob": bob,
        "boss": boss,
        "case": case,
        "token": token,
        "status_url": reverse("intake:status", kwargs={"token": token}),
        "alice_client": signed_in(Client(), alice),
        "bob_client": signed_in(Client(), bob),
        "boss_client": signed_in(Client(), boss),
    }


def key() -> uuid.UUID:
    return uuid.uuid4()
