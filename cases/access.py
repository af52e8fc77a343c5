"""Who may see which cases. Every check is made on the server, per object.

- a coordinator sees the cases assigned to them and the unassigned triage queue;
- a supervisor sees, and can reassign, every case;
- a content editor sees no case at all.
"""

from django.db.models import Q, QuerySet

from .models import Case
from .staff_groups import CONTENT_EDITORS, COORDINATORS, SUPERVISORS

STAFF_GROUPS = (COORDINATORS, SUPERVISORS, CONTENT_EDITORS)


def _groups(user) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_navigator_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._navigator_groups = cached
    return cached


def is_supervisor(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or SUPERVISORS in _groups(
        user
    )


def is_coordinator(user) -> bool:
    return COORDINATORS in _groups(user)


def works_cases(user) -> bool:
    return is_supervisor(user) or is_coordinator(user)


def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(_groups(user) & set(STAFF_GROUPS))


def visible_cases(user) -> QuerySet[Case]:
    """The cases this user may open. Anything outside it is a 404."""
    if is_supervisor(user):
        return Case.objects.all()
    if is_coordinator(user):
        return Case.objects.filter(Q(coordinator=user) | Q(coordinator__isnull=True))
    return Case.objects.none()
