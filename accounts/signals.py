"""Events of accounts that other apps may record (audit does)."""

from django.dispatch import Signal

# Sent with `request` and `user` when a second factor is refused: a wrong code, or a
# passkey the server would not accept (then also `method="passkey"` and `reason`).
second_factor_refused = Signal()

# Sent with `request`, `user` and `device` when a passkey is registered or removed.
passkey_added = Signal()
passkey_removed = Signal()
