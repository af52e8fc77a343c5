"""The steps every way of signing in shares: where to go next, and what passing the second
factor does to the session (TOTP code, backup code and passkey alike)."""

from django.conf import settings
from django.middleware.csrf import rotate_token
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

# Where the password step was asked to go, kept until the second factor is passed.
STAFF_NEXT = "staff_next"


def is_safe_next(request, target: str | None) -> bool:
    """Only a path on this site ("/cases/..."), as our own links put there: not a view
    name or a relative path (redirect() would guess at them), not another host."""
    return bool(
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    )


def safe_next(request, target: str | None) -> str:
    return target if is_safe_next(request, target) else resolve_url(settings.LOGIN_REDIRECT_URL)


def second_factor_passed(request, device) -> None:
    """The session is now fully signed in: mark the device, and give the session a new key
    (and a new CSRF token), so a key known before the second factor is worth nothing."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)
