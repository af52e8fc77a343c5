"""Which cases a member of staff may open. Anything outside visible_cases() is a 404."""

from django.db.models import Q, QuerySet

from accounts import roles

from .models import Case, CoordinatorAlert


def visible_cases(user) -> QuerySet[Case]:
    if roles.is_supervisor(user):
        return Case.objects.all()
    if roles.is_coordinator(user):
        # Whoever was on call when an urgent case arrived may open it (cases.urgency).
        on_call = CoordinatorAlert.objects.filter(
            user=user, kind=CoordinatorAlert.Kind.URGENT_ON_CALL
        ).values("case_id")
        return Case.objects.filter(
            Q(coordinator=user) | Q(coordinator__isnull=True) | Q(pk__in=on_call)
        )
    return Case.objects.none()
