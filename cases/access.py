"""Which cases a member of staff may open. Anything outside visible_cases() is a 404."""

from django.db.models import Q, QuerySet

from accounts import roles

from .models import Case


def visible_cases(user) -> QuerySet[Case]:
    if roles.is_supervisor(user):
        return Case.objects.all()
    if roles.is_coordinator(user):
        return Case.objects.filter(Q(coordinator=user) | Q(coordinator__isnull=True))
    return Case.objects.none()
