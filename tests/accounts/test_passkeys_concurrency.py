"""Two removals at once cannot together take a staff member's last two passkeys."""

import threading

import pytest
from django.db import connection
from django_otp_webauthn.models import WebAuthnCredential

from accounts.passkeys import LastFactorError, passkey_remove
from tests.factories import coordinator

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_removals_at_once_leave_one_passkey(postgres):
    alice = coordinator("alice")  # no authenticator app: her passkeys are all she has
    ids = [
        WebAuthnCredential.objects.create(
            user=alice, name=f"key {n}", credential_id=bytes([n]), public_key=b"k", confirmed=True
        ).pk
        for n in range(2)
    ]
    barrier = threading.Barrier(2)
    removed, refused, errors = [], [], []

    def remove(passkey_id):
        try:
            barrier.wait()
            removed.append(passkey_remove(user=alice, passkey_id=passkey_id))
        except LastFactorError as refusal:
            refused.append(refusal)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=(passkey_id,)) for passkey_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (len(removed), len(refused)) == (1, 1)
    assert WebAuthnCredential.objects.filter(user=alice).count() == 1
