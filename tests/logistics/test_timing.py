"""Due times and their buckets, in the reader's own time zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from logistics import timing

MADRID = ZoneInfo("Europe/Madrid")


def test_an_unknown_time_zone_is_none():
    assert timing.zone_or_none("Europe/Atlantis") is None
    assert timing.zone_or_none("") is None
    assert timing.zone_or_none("../../etc/passwd") is None
    assert timing.zone_or_none("Europe/Madrid") == MADRID


def test_a_local_time_is_stored_in_utc_with_the_zones_offset_that_day():
    winter = timing.to_utc(date(2030, 1, 10), time(23, 30), MADRID)
    summer = timing.to_utc(date(2030, 7, 10), time(23, 30), MADRID)
    assert winter == datetime(2030, 1, 10, 22, 30, tzinfo=UTC)
    assert summer == datetime(2030, 7, 10, 21, 30, tzinfo=UTC)


def test_a_task_due_at_half_past_eleven_in_madrid_is_today_there():
    now = datetime(2030, 3, 13, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Madrid
    edges = timing.buckets(now, MADRID)
    late_tonight = timing.to_utc(date(2030, 3, 13), time(23, 30), MADRID)
    just_after_midnight = timing.to_utc(date(2030, 3, 14), time(0, 30), MADRID)
    assert edges.bucket(late_tonight) == "today"
    # 23:30 UTC on the same UTC day, but tomorrow in Madrid
    assert just_after_midnight == datetime(2030, 3, 13, 23, 30, tzinfo=UTC)
    assert edges.bucket(just_after_midnight) == "week"
    assert edges.bucket(datetime(2030, 3, 13, 8, 0, tzinfo=UTC)) == "overdue"
    assert edges.bucket(timing.to_utc(date(2030, 3, 17), time(23, 0), MADRID)) == "week"
    assert edges.bucket(timing.to_utc(date(2030, 3, 18), time(0, 30), MADRID)) == "later"
