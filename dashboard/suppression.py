"""Small numbers are not shown where they could point at one family."""

MIN_SHOWN = 5
SUPPRESSED = "<5"


def shown_count(count: int, *, small_groups_hidden: bool) -> int | str:
    """`count`, or "<5" when small groups are hidden and count < 5: a small number in a
    small country or language could point at one family (0 too, so that "<5" is not
    read as "1 to 4")."""
    if small_groups_hidden and count < MIN_SHOWN:
        return SUPPRESSED
    return count


def shown_duration(value: float | None, group_size: int, *, digits: int = 1) -> float | None:
    """A median or percentile only when its group has at least five cases."""
    if value is None or group_size < MIN_SHOWN:
        return None
    return round(value, digits)
