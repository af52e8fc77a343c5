"""Gates for staff views: signed in, in a staff group, second factor verified."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from . import roles, two_factor


def is_verified(user) -> bool:
    """True once django-otp's middleware has seen a verified device in this session.
    (Right after a password sign-in the user object has no is_verified() yet.)"""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_missing(request) -> str | None:
    """Where to send a signed-in user who still owes a second factor, or None."""
    if not settings.NAVIGATOR_REQUIRE_2FA or is_verified(request.user):
        return None
    if two_factor.has_confirmed_device(request.user):
        return reverse("staff_verify")
    return reverse("staff_2fa_setup")


def staff_required(view):
    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(
                f"{reverse('staff_login')}?{urlencode({'next': request.get_full_path()})}"
            )
        step = second_factor_missing(request)
        if step:
            return redirect(step)
        if not roles.is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def case_worker_required(view):
    """Coordinators and supervisors only (content editors never see cases)."""

    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.works_cases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def supervisor_required(view):
    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.is_supervisor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
