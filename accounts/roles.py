"""Which staff group a user belongs to, and so what they may do. Every check is made on
the server; which cases a role sees is cases.access.visible_cases.

- a coordinator works the cases assigned to them and the unassigned triage queue;
- a supervisor sees, and can reassign, every case, and keeps the team;
- a content editor writes the library and sees no case at all;
- a medical reviewer approves library articles for medical accuracy and sees no case.
"""

from .groups import CONTENT_EDITORS, COORDINATORS, MEDICAL_REVIEWERS, SUPERVISORS

STAFF_GROUPS = (COORDINATORS, SUPERVISORS, CONTENT_EDITORS, MEDICAL_REVIEWERS)


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


def is_medical_reviewer(user) -> bool:
    """Membership of the Medical reviewers group only: being a superuser does not make
    someone qualified to vouch for medical accuracy."""
    return MEDICAL_REVIEWERS in _groups(user)


def works_cases(user) -> bool:
    return is_supervisor(user) or is_coordinator(user)


def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(_groups(user) & set(STAFF_GROUPS))


def coordinators():
    """Every user in the Coordinators group, active or not."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=COORDINATORS)


def supervisor_addresses() -> list[str]:
    """Where e-mails for supervisors go: active supervisors and superusers with an address."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = (
        get_user_model()
        .objects.filter(Q(groups__name=SUPERVISORS) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))
