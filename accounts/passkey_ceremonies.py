"""django-otp-webauthn's four JSON endpoints, adapted to staff sign-in here:

- a passkey is a second factor only: the password always comes first;
- a passkey is registered only from a session that has passed the staff gate's second
  factor, so a password alone never adds a factor;
- a passkey accepted at sign-in does what a TOTP code does (sign_in.second_factor_passed:
  new session key and CSRF token) and goes where the password step was asked to go;
- a passkey refused at sign-in is audited and counted like a wrong code, and while the
  code devices' throttle waits, passkeys wait too.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views

from . import roles, two_factor
from .decorators import second_factor_missing
from .passkeys import passkey_of
from .sign_in import STAFF_NEXT, safe_next, second_factor_passed
from .signals import passkey_added, second_factor_refused


class PasskeysOff(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = _("Passkeys are not available on this address of Navigator.")
    default_code = "passkeys_off"


class AttemptsPaused(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_detail = _("Too many refused attempts. Wait a few seconds and try again.")
    default_code = "attempts_paused"


def _passkeys_on():
    if not settings.NAVIGATOR_PASSKEYS:
        raise PasskeysOff()


class _Registration:
    def check_can_register(self):
        _passkeys_on()
        request = self.request
        if second_factor_missing(request) or not roles.is_staff_member(request.user):
            raise exceptions.NotVerified()


class RegistrationBegin(_Registration, webauthn_views.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_Registration, webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)  # raises unless the passkey was saved
        created = passkey_of(self.request.user, json.loads(response.content)["id"])
        passkey_added.send(
            sender=type(self), request=self.request, user=self.request.user, device=created
        )
        return response


class _Authentication:
    def check_can_authenticate(self):
        _passkeys_on()
        user = self.get_user()
        if user is None:
            raise exceptions.NotAuthenticated()  # the password comes first, always
        if two_factor.attempts_paused(user):
            raise AttemptsPaused()
        super().check_can_authenticate()


class AuthenticationBegin(_Authentication, webauthn_views.BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(_Authentication, webauthn_views.CompleteCredentialAuthenticationView):
    NOT_COUNTED = (PasskeysOff, AttemptsPaused, exceptions.NotAuthenticated)

    def complete_auth(self, device):
        second_factor_passed(self.request, device)

    def get_success_url(self):
        return safe_next(self.request, self.request.session.pop(STAFF_NEXT, None))

    def handle_exception(self, exc):
        user = self.request.user
        counted = isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(
            exc, self.NOT_COUNTED
        )
        if counted and user.is_authenticated:
            two_factor.count_refused_passkey(user)
            second_factor_refused.send(
                sender=type(self),
                request=self.request,
                user=user,
                method="passkey",
                reason=exc.code,
            )
        return super().handle_exception(exc)


class EnglishCatalog(JavaScriptCatalog):
    """The package's script messages, in English like every staff page."""

    def get(self, request, *args, **kwargs):
        from django.utils import translation

        with translation.override("en"):
            return super().get(request, *args, **kwargs)
