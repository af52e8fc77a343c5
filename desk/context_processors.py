from django.utils.functional import SimpleLazyObject

from accounts import roles

from .selectors import alerts_unread_count


def unread_alerts(request):
    """How many alerts wait for a case worker (the staff header shows it). Lazy: one COUNT
    on a page that prints it (only the staff base template does), none elsewhere."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles.works_cases(user):
        return {}
    return {"unread_alerts_count": SimpleLazyObject(lambda: alerts_unread_count(user=user))}
