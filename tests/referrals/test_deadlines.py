from datetime import date

import pytest

from referrals.deadlines import add_working_days, working_days_between

FRIDAY = date(2026, 12, 4)


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(FRIDAY, 1) == date(2026, 12, 7)  # Monday
    assert add_working_days(FRIDAY, 5) == date(2026, 12, 11)
    assert add_working_days(FRIDAY, 1, holidays={date(2026, 12, 7)}) == date(2026, 12, 8)


def test_a_deadline_is_at_least_one_working_day_away():
    with pytest.raises(ValueError):
        add_working_days(FRIDAY, 0)


def test_working_days_between_counts_only_working_days():
    assert working_days_between(FRIDAY, date(2026, 12, 11)) == 5
    assert working_days_between(date(2026, 12, 11), FRIDAY) == 0
