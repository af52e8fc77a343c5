from dashboard.suppression import SUPPRESSED, shown_count, shown_duration


def test_counts_under_five_are_hidden_when_small_groups_are():
    assert [shown_count(n, small_groups_hidden=True) for n in (0, 1, 4, 5, 12)] == [
        SUPPRESSED,
        SUPPRESSED,
        SUPPRESSED,
        5,
        12,
    ]
    assert SUPPRESSED == "<5"


def test_counts_are_shown_otherwise():
    assert shown_count(3, small_groups_hidden=False) == 3


def test_durations_need_five_cases():
    assert shown_duration(7.25, 4) is None
    assert shown_duration(7.25, 5) == 7.2
    assert shown_duration(None, 50) is None
