"""Events of accounts that other apps may record (audit does)."""

from django.dispatch import Signal

# Sent with `request` and `user` when a second-factor code is refused.
second_factor_refused = Signal()
