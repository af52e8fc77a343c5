"""Sign-in events, written to the audit trail.

The audit app listens rather than being called: Django's own auth signals (signed in,
signed out, password refused) and accounts' signal for a refused second factor. That
keeps accounts below audit, so the audit pages can use the staff gate from accounts.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.signals import second_factor_refused

from .models import AuditEvent
from .services import record


@receiver(user_logged_in, dispatch_uid="navigator_audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="navigator_audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="navigator_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept (it is how attacks are spotted); the password never is.
    username = str(credentials.get("username", ""))[:150]
    record(AuditEvent.Action.SIGN_IN_FAILED, request=request, detail=f"username tried: {username}")


@receiver(second_factor_refused, dispatch_uid="navigator_audit_second_factor")
def _second_factor_refused(sender, request, user, **kwargs):
    record(AuditEvent.Action.TWO_FACTOR_FAILED, actor=user, request=request)
