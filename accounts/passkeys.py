"""A staff member's passkeys: list, name, remove (never the last second factor), and how a
new one is named. The WebAuthn ceremonies themselves are django-otp-webauthn's
(accounts/passkey_ceremonies.py adapts its views to our sign-in)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from core.errors import ApplicationError

from .signals import passkey_removed

NAME_MAX_LENGTH = 64  # django-otp's Device.name


class LastFactorError(ApplicationError):
    pass


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def passkey_of(user, passkey_id: int) -> WebAuthnCredential | None:
    """The user's own passkey with this id, or None (someone else's is None too)."""
    return passkeys_of(user).filter(pk=passkey_id).first()


def default_name(now=None) -> str:
    return f"Passkey added {timezone.localtime(now or timezone.now()):%-d %b %Y %H:%M}"


def clean_name(name: str) -> str:
    return " ".join((name or "").split())[:NAME_MAX_LENGTH]


@transaction.atomic
def passkey_rename(*, user, passkey_id: int, name: str) -> WebAuthnCredential | None:
    passkey = passkey_of(user, passkey_id)
    name = clean_name(name)
    if passkey is None or not name:
        return passkey
    passkey.name = name
    passkey.full_clean()
    passkey.save(update_fields=["name"])
    return passkey


@transaction.atomic
def passkey_remove(*, user, passkey_id: int, request=None) -> WebAuthnCredential | None:
    """Remove one of the user's passkeys, unless it is their last second factor (an
    authenticator app or another passkey must remain). The user's row is locked, so two
    removals at once cannot together take the last two."""
    get_user_model().objects.select_for_update().get(pk=user.pk)
    passkey = passkey_of(user, passkey_id)
    if passkey is None:
        return None
    others = (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + passkeys_of(user).exclude(pk=passkey.pk).count()
    )
    if others == 0:
        raise LastFactorError(
            "This passkey is your only second factor, so it cannot be removed. "
            "Add another passkey first."
        )
    removed_id, removed_name = passkey.pk, passkey.name
    passkey.delete()
    passkey.pk = removed_id
    passkey.name = removed_name
    passkey_removed.send(sender=passkey_remove, request=request, user=user, device=passkey)
    return passkey


class PasskeyHelper(WebAuthnHelper):
    """django-otp-webauthn's helper (OTP_WEBAUTHN_HELPER_CLASS), naming each new passkey
    until its owner names it."""

    @transaction.atomic
    def register_complete(self, user, state, data):
        # The credential and its attestation are saved together or not at all.
        return super().register_complete(user, state, data)

    def create_credential(self, user, response, parsed_credential, original_data):
        credential = super().create_credential(user, response, parsed_credential, original_data)
        credential.name = default_name()
        return credential
