"""Two items of one request answered at the same moment: the request still closes."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from cases.models import Case
from records import rules, services
from records.models import RequestedItem

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_last_two_items_answered_at_once_still_complete_the_case(
    postgres, case, coord, make_request
):
    request = make_request(case, kinds=["pathology", "hla"])
    first, second = request.items.order_by("id")
    first_has_read = threading.Event()
    real = rules.all_resolved

    def slow_first_reader(statuses):
        statuses = list(statuses)  # read now, then hold the transaction open a while
        if threading.current_thread().name == "first":
            first_has_read.set()
            time.sleep(0.5)
        return real(statuses)

    errors = []

    def mark(item):
        try:
            services.requested_item_mark(
                item=item, by=coord, status=RequestedItem.Status.NOT_NEEDED
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(rules, "all_resolved", slow_first_reader):
        one = threading.Thread(target=mark, args=(first,), name="first")
        one.start()
        assert first_has_read.wait(10)
        two = threading.Thread(target=mark, args=(second,), name="second")
        two.start()
        one.join(10)
        two.join(10)
    assert not errors
    request.refresh_from_db()
    case.refresh_from_db()
    assert request.closed_at is not None
    assert case.status == Case.Status.RECORDS_COMPLETE
