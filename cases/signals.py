"""Sign-in events from django.contrib.auth, written to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditEvent


@receiver(user_logged_in, dispatch_uid="navigator_audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit.record(AuditEvent.Action.SIGN_IN, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="navigator_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept (it is how attacks are spotted); the password never is.
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        AuditEvent.Action.SIGN_IN_FAILED, request=request, detail=f"username tried: {username}"
    )
