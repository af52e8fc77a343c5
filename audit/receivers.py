"""Sign-in events, written to the audit trail.

The audit app listens rather than being called: Django's own auth signals (signed in,
signed out, password refused) and accounts' signal for a refused second factor. That
keeps accounts below audit, so the audit pages can use the staff gate from accounts.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.signals import passkey_added, passkey_removed, second_factor_refused

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
def _second_factor_refused(sender, request, user, method="code", reason="", **kwargs):
    # Which method failed, and for a passkey the server's reason ("credential_not_found").
    detail = f"{method}: {reason}" if reason else method
    record(AuditEvent.Action.TWO_FACTOR_FAILED, actor=user, request=request, detail=detail)


@receiver(passkey_added, dispatch_uid="navigator_audit_passkey_added")
def _passkey_added(sender, request, user, device, **kwargs):
    _passkey_event(AuditEvent.Action.PASSKEY_ADDED, request, user, device)


@receiver(passkey_removed, dispatch_uid="navigator_audit_passkey_removed")
def _passkey_removed(sender, request, user, device, **kwargs):
    _passkey_event(AuditEvent.Action.PASSKEY_REMOVED, request, user, device)


def _passkey_event(action, request, user, device):
    record(
        action,
        actor=user,
        request=request,
        object_type="passkey",
        object_id=device.pk,
        detail=device.name,
    )
