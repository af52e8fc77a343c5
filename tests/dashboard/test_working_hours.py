from datetime import UTC, date, datetime, time

from cases import sla

WEEKDAYS = frozenset({0, 1, 2, 3, 4})


def moment(day, hour=0, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_hours_within_one_working_day():
    assert sla.working_hours_between(moment(2, 9), moment(2, 15, 30), working_days=WEEKDAYS) == 6.5


def test_weekend_and_holiday_do_not_count():
    # Friday 6 March 18:00 to Tuesday 10 March 06:00, Monday 9 March a holiday:
    # 6 hours of Friday and 6 of Tuesday.
    hours = sla.working_hours_between(
        moment(6, 18), moment(10, 6), working_days=WEEKDAYS, holidays={date(2026, 3, 9)}
    )
    assert hours == 12


def test_day_hours_and_time_zone_are_the_calendars():
    # 09:00-17:00 in Madrid (UTC+1 in March before the 29th): from Monday 08:00 UTC
    # (09:00 local) to Tuesday 09:00 UTC (10:00 local) is 8 + 1 hours.
    hours = sla.working_hours_between(
        moment(2, 8),
        moment(3, 9),
        working_days=WEEKDAYS,
        tz="Europe/Madrid",
        day_hours=(time(9), time(17)),
    )
    assert hours == 9


def test_end_before_start_is_zero():
    assert sla.working_hours_between(moment(3), moment(2), working_days=WEEKDAYS) == 0


def test_agrees_with_add_working_hours():
    start = moment(5, 14, 20)
    holidays = {date(2026, 3, 9)}
    end = sla.add_working_hours(start, 30, working_days=WEEKDAYS, holidays=holidays)
    assert end.tzinfo is not None and end > start
    assert (
        sla.working_hours_between(
            start, end.astimezone(UTC), working_days=WEEKDAYS, holidays=holidays
        )
        == 30
    )
