"""Two-factor sign-in for staff with django-otp: a TOTP app or passkeys, plus backup codes."""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

BACKUP_CODES = 10


def has_confirmed_device(user) -> bool:
    """A second factor to sign in with: an authenticator app or a passkey (backup codes
    are a way back in, not a factor of their own)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_authenticator_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a fresh secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """An inline SVG of the device's otpauth:// URL, made here: no external service."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111", light="#fff")


def secret_for_typing(device: TOTPDevice) -> str:
    raw = b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns new backup codes, or None
    if the code was wrong."""
    if not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; each works once. Shown once, stored as django-otp
    stores them."""
    static, _created = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The device that accepts this code (an authenticator code or an unused backup
    code), or None. Each device's own throttling applies."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def _throttled_devices(user):
    return [
        device
        for device in devices_for_user(user, confirmed=True)
        if isinstance(device, ThrottlingMixin)
    ]


def count_refused_passkey(user) -> None:
    """A passkey the server refused counts as a wrong code does: on the throttle of each
    code device (authenticator app, backup codes), which then waits 1, 2, 4... seconds."""
    for device in _throttled_devices(user):
        device.throttle_increment()


def attempts_paused(user) -> bool:
    """True while a code device is waiting out recent failures; passkeys wait too, so
    switching method does not escape the brake."""
    return any(not device.verify_is_allowed()[0] for device in _throttled_devices(user))
