"""The dashboard's SQL helpers, on whichever database the suite runs: PostgreSQL in CI,
SQLite on a laptop's `make test` (where a percentile is left out rather than failing)."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from cases.models import Case
from core.aggregates import DaysBetween, Percentile
from tests.factories import submit_case

pytestmark = pytest.mark.django_db


def test_days_between_counts_fractions_of_a_day():
    case = submit_case()
    Case.objects.filter(pk=case.pk).update(
        submitted_at=datetime(2026, 3, 1, 0, 0, tzinfo=UTC),
        first_contacted_at=datetime(2026, 3, 3, 12, 0, tzinfo=UTC),
    )
    days = (
        Case.objects.filter(pk=case.pk)
        .annotate(days=DaysBetween("submitted_at", "first_contacted_at"))
        .values_list("days", flat=True)
        .get()
    )
    assert days == pytest.approx(2.5)


def test_a_percentile_is_interpolated_or_left_out_on_sqlite():
    for priority in (0, 1, 2, 2):
        Case.objects.filter(pk=submit_case().pk).update(priority=priority)
    median = Case.objects.aggregate(m=Percentile("priority", fraction=0.5))["m"]
    if connection.vendor == "postgresql":
        assert median == pytest.approx(1.5)
    else:
        assert median is None
