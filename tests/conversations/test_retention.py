"""Messages are health data: they go when a closed case is anonymised, and a family's
access request (the export) includes them."""

import pytest

from cases.retention import case_anonymise, case_record
from conversations import services
from conversations.models import Message

from .conftest import key

pytestmark = pytest.mark.django_db


def test_anonymising_a_case_removes_its_messages(world):
    case = world["case"]
    services.message_from_family(case=case, body="My mother's scan results", idempotency_key=key())
    case_anonymise(case=case)
    assert not Message.objects.filter(case=case).exists()


def test_the_export_of_a_case_holds_its_messages(world):
    case = world["case"]
    services.message_from_family(case=case, body="Our question", idempotency_key=key())
    exported = case_record(case)
    assert [m["body"] for m in exported["messages"]] == ["Our question"]
    assert exported["messages"][0]["author"] is None
