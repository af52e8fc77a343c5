"""Which status a case may move to from which: plain data and one function."""

from .models import Case

S = Case.Status

# Any open status may also go on hold and come back; see allowed_next().
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.IN_REVIEW, S.RECORDS_REQUESTED, S.CLOSED},
    S.IN_REVIEW: {S.RECORDS_REQUESTED, S.RECORDS_COMPLETE, S.CLOSED},
    S.RECORDS_REQUESTED: {S.RECORDS_COMPLETE, S.CLOSED},
    S.RECORDS_COMPLETE: {S.SHARED_WITH_HOSPITALS, S.RECORDS_REQUESTED, S.CLOSED},
    S.SHARED_WITH_HOSPITALS: {S.AWAITING_HOSPITAL, S.INFORMATION_SHARED, S.CLOSED},
    S.AWAITING_HOSPITAL: {S.INFORMATION_SHARED, S.RECORDS_REQUESTED, S.CLOSED},
    S.INFORMATION_SHARED: {S.SHARED_WITH_HOSPITALS, S.CLOSED},
    S.ON_HOLD: {S.CLOSED},
    S.CLOSED: set(),
}


def allowed_next(status: str, status_before_hold: str = "") -> list[str]:
    """Statuses reachable from `status`, in the order the Status choices list them."""
    allowed = set(TRANSITIONS.get(status, set()))
    if status == S.ON_HOLD and status_before_hold:
        allowed.add(status_before_hold)
    elif status not in (S.ON_HOLD, S.CLOSED):
        allowed.add(S.ON_HOLD)
    return [value for value in S.values if value in allowed]


def can_move(status: str, to: str, status_before_hold: str = "") -> bool:
    return to in allowed_next(status, status_before_hold)
