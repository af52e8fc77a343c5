"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside TOTP: registered
from a signed-in session, named, listed, removed (never the last factor), and accepted
at the second step with the same session rotation, audit and throttle as a code."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import two_factor
from accounts.passkeys import LastFactorError, passkey_remove
from audit.models import AuditEvent
from tests.factories import coordinator

from .soft_authenticator import SoftAuthenticator
from .test_sign_in import PASSWORD, sign_in_password, unthrottle

pytestmark = pytest.mark.django_db

REGISTER_BEGIN = "otp_webauthn:credential-registration-begin"
REGISTER_COMPLETE = "otp_webauthn:credential-registration-complete"
AUTH_BEGIN = "otp_webauthn:credential-authentication-begin"
AUTH_COMPLETE = "otp_webauthn:credential-authentication-complete"


def post_json(client, name, body=None):
    return client.post(reverse(name), data=json.dumps(body or {}), content_type="application/json")


def register(client, authenticator):
    begin = post_json(client, REGISTER_BEGIN)
    assert begin.status_code == 200, begin.content
    return post_json(client, REGISTER_COMPLETE, authenticator.create(begin.json()))


def use_passkey(client, authenticator, **tamper):
    begin = post_json(client, AUTH_BEGIN)
    if begin.status_code != 200:
        return begin
    return post_json(client, AUTH_COMPLETE, authenticator.get(begin.json(), **tamper))


@pytest.fixture
def alice_with_passkey(signed_in):
    """Alice, enrolled with an authenticator app and backup codes, who has added one
    passkey."""
    user = coordinator("alice")
    client = signed_in(Client(), user)
    two_factor.new_backup_codes(user)
    authenticator = SoftAuthenticator()
    assert register(client, authenticator).status_code == 200
    return user, authenticator


def test_a_signed_in_coordinator_registers_a_named_passkey_and_it_is_audited(signed_in):
    alice = coordinator("alice")
    client = signed_in(Client(), alice)
    response = register(client, SoftAuthenticator())
    assert response.status_code == 200
    passkey = WebAuthnCredential.objects.get(user=alice)
    assert passkey.pk == response.json()["id"] and passkey.confirmed
    assert passkey.name.startswith("Passkey added ")
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSKEY_ADDED)
    assert (event.actor_username, event.object_type) == ("alice", "passkey")
    assert event.object_id == str(passkey.pk)
    renamed = client.post(
        reverse("staff_passkey_name", args=[passkey.pk]), {"name": " Work  laptop "}
    )
    assert renamed.url == reverse("staff_passkeys")
    page = client.get(reverse("staff_passkeys")).content.decode()
    assert 'value="Work laptop"' in page


def test_a_second_passkey_can_be_added_beside_the_first(alice_with_passkey, signed_in):
    alice, _first = alice_with_passkey
    client = signed_in(Client(), alice)
    assert register(client, SoftAuthenticator()).status_code == 200
    assert WebAuthnCredential.objects.filter(user=alice).count() == 2


def test_a_password_alone_cannot_register_a_passkey():
    alice = coordinator("alice")
    TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    client = Client()
    sign_in_password(client)  # password accepted, code not yet given
    begin = post_json(client, REGISTER_BEGIN)
    assert begin.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_a_password_alone_cannot_make_a_passkey_its_first_factor_either():
    coordinator("alice")
    client = Client()
    assert sign_in_password(client).url == reverse("staff_2fa_setup")
    assert post_json(client, REGISTER_BEGIN).status_code == 403
    assert not WebAuthnCredential.objects.exists()
    assert client.get(reverse("cases:queue")).url == reverse("staff_2fa_setup")


def test_password_then_passkey_signs_in_with_a_new_session_key(alice_with_passkey):
    _alice, authenticator = alice_with_passkey
    client = Client()
    assert sign_in_password(client).url == reverse("staff_verify")
    page = client.get(reverse("staff_verify")).content.decode()
    assert "passkey-verification-button" in page and 'name="code"' in page  # either one
    before = client.session.session_key
    done = use_passkey(client, authenticator)
    assert done.status_code == 200, done.content
    assert done.json()["redirect_url"] == reverse("cases:queue")
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(reverse("cases:queue")).status_code == 200
    assert WebAuthnCredential.objects.get().last_used_at is not None


def test_after_the_passkey_the_page_asked_for_at_the_password_is_followed(alice_with_passkey):
    _alice, authenticator = alice_with_passkey
    client = Client()
    client.post(
        reverse("staff_login"),
        {"username": "alice", "password": PASSWORD, "next": "/queue/all/?status=new"},
    )
    done = use_passkey(client, authenticator)
    assert done.json()["redirect_url"] == "/queue/all/?status=new"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_after_the_passkey_no_other_site_is_followed(alice_with_passkey, target):
    _alice, authenticator = alice_with_passkey
    client = Client()
    client.post(reverse("staff_login"), {"username": "alice", "password": PASSWORD, "next": target})
    response = client.post(
        reverse(AUTH_COMPLETE) + f"?next={target}",
        data=json.dumps(authenticator.get(post_json(client, AUTH_BEGIN).json())),
        content_type="application/json",
    )
    assert response.json()["redirect_url"] == reverse("cases:queue")


def test_a_refused_passkey_is_audited_and_counted_like_a_wrong_code(alice_with_passkey):
    alice, authenticator = alice_with_passkey
    client = Client()
    sign_in_password(client)
    begin = post_json(client, AUTH_BEGIN).json()
    replayed = post_json(client, AUTH_COMPLETE, authenticator.get(begin, challenge="b3Rob2Vy"))
    assert replayed.status_code == 422
    refused = AuditEvent.objects.get(action=AuditEvent.Action.TWO_FACTOR_FAILED)
    assert refused.actor_username == "alice"
    assert refused.detail == "passkey: invalid_authentication_response"
    # The code devices' throttle counted it: codes and passkeys both wait now.
    for device in (TOTPDevice.objects.get(user=alice), StaticDevice.objects.get(user=alice)):
        assert device.throttling_failure_count == 1
    assert two_factor.attempts_paused(alice)
    paused = use_passkey(client, authenticator)
    assert paused.status_code == 429
    assert client.get(reverse("cases:queue")).url == reverse("staff_verify")  # still not in
    unthrottle(TOTPDevice.objects.get(user=alice))
    unthrottle(StaticDevice.objects.get(user=alice))
    assert use_passkey(client, authenticator).status_code == 200
    assert client.get(reverse("cases:queue")).status_code == 200


def test_a_wrong_code_pauses_passkeys_too(alice_with_passkey):
    alice, authenticator = alice_with_passkey
    client = Client()
    sign_in_password(client)
    assert client.post(reverse("staff_verify"), {"code": "000000"}).status_code == 200
    assert use_passkey(client, authenticator).status_code == 429


def test_someone_elses_passkey_is_refused_and_counted(alice_with_passkey, signed_in):
    _alice, alices_authenticator = alice_with_passkey
    bob = coordinator("bob")
    TOTPDevice.objects.create(user=bob, name="app", confirmed=True)
    client = Client()
    sign_in_password(client, username="bob")
    refused = use_passkey(client, alices_authenticator)
    assert refused.status_code == 403
    event = AuditEvent.objects.get(action=AuditEvent.Action.TWO_FACTOR_FAILED)
    assert (event.actor_username, event.detail) == ("bob", "passkey: credential_user_mismatch")
    assert client.get(reverse("cases:queue")).url == reverse("staff_verify")


def test_a_passkey_never_replaces_the_password(alice_with_passkey):
    _alice, authenticator = alice_with_passkey
    client = Client()
    begin = post_json(client, AUTH_BEGIN)
    assert begin.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_coordinator_whose_only_factor_is_a_passkey_is_asked_for_it(alice_with_passkey):
    alice, authenticator = alice_with_passkey
    TOTPDevice.objects.filter(user=alice).delete()
    client = Client()
    assert sign_in_password(client).url == reverse("staff_verify")
    assert use_passkey(client, authenticator).status_code == 200
    assert client.get(reverse("cases:queue")).status_code == 200


def test_a_passkey_is_removed_and_the_removal_audited(alice_with_passkey, signed_in):
    alice, _authenticator = alice_with_passkey
    passkey = WebAuthnCredential.objects.get(user=alice)
    client = signed_in(Client(), alice)
    response = client.post(reverse("staff_passkey_remove", args=[passkey.pk]), follow=True)
    assert "removed" in response.content.decode()
    assert not WebAuthnCredential.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSKEY_REMOVED)
    assert (event.actor_username, event.object_id) == ("alice", str(passkey.pk))


def test_the_last_second_factor_cannot_be_removed(alice_with_passkey):
    alice, authenticator = alice_with_passkey
    TOTPDevice.objects.filter(user=alice).delete()  # the passkey is all she has left
    client = Client()
    sign_in_password(client)
    assert use_passkey(client, authenticator).status_code == 200
    passkey = WebAuthnCredential.objects.get(user=alice)
    response = client.post(reverse("staff_passkey_remove", args=[passkey.pk]), follow=True)
    assert "only second factor" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSKEY_REMOVED).exists()
    with pytest.raises(LastFactorError):
        passkey_remove(user=alice, passkey_id=passkey.pk)


def test_of_two_passkeys_one_can_go_even_without_an_authenticator_app(alice_with_passkey):
    alice, _authenticator = alice_with_passkey
    TOTPDevice.objects.filter(user=alice).delete()
    second = WebAuthnCredential.objects.create(
        user=alice, name="key", credential_id=b"other", public_key=b"k", confirmed=True
    )
    first = WebAuthnCredential.objects.exclude(pk=second.pk).get()
    assert passkey_remove(user=alice, passkey_id=first.pk) is not None
    with pytest.raises(LastFactorError):
        passkey_remove(user=alice, passkey_id=second.pk)


def test_nobody_renames_or_removes_someone_elses_passkey(alice_with_passkey, signed_in):
    alice, _authenticator = alice_with_passkey
    passkey = WebAuthnCredential.objects.get(user=alice)
    bob = signed_in(Client(), coordinator("bob"))
    assert (
        bob.post(reverse("staff_passkey_name", args=[passkey.pk]), {"name": "x"}).status_code == 404
    )
    assert bob.post(reverse("staff_passkey_remove", args=[passkey.pk])).status_code == 404
    passkey.refresh_from_db()
    assert passkey.name.startswith("Passkey added ")


def test_a_name_too_long_is_refused_with_the_reason(alice_with_passkey, signed_in):
    alice, _authenticator = alice_with_passkey
    passkey = WebAuthnCredential.objects.get(user=alice)
    client = signed_in(Client(), alice)
    page = client.post(
        reverse("staff_passkey_name", args=[passkey.pk]), {"name": "x" * 65}, follow=True
    ).content.decode()
    assert "at most 64 characters" in page
    passkey.refresh_from_db()
    assert passkey.name.startswith("Passkey added ")


def test_the_passkeys_page_needs_the_second_factor(alice_with_passkey):
    client = Client()
    sign_in_password(client)
    assert client.get(reverse("staff_passkeys")).url == reverse("staff_verify")


def test_the_passkeys_page_lists_them_and_loads_only_our_own_scripts(alice_with_passkey, signed_in):
    alice, _authenticator = alice_with_passkey
    response = signed_in(Client(), alice).get(reverse("staff_passkeys"))
    page = response.content.decode()
    assert "Passkey added " in page and "passkey-register-button" in page
    scripts = page.split("<script")[1:]
    for tag in (chunk.split(">", 1)[0] for chunk in scripts):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    script_src = response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in script_src


def test_where_browsers_refuse_passkeys_the_pages_say_so(settings, alice_with_passkey, signed_in):
    settings.NAVIGATOR_PASSKEYS = False
    alice, authenticator = alice_with_passkey
    page = signed_in(Client(), alice).get(reverse("staff_passkeys")).content.decode()
    assert "only when Navigator is reached over https" in page
    assert "passkey-register-button" not in page
    client = Client()
    sign_in_password(client)
    assert "passkey-verification-button" not in client.get(reverse("staff_verify")).content.decode()
    assert use_passkey(client, authenticator).status_code == 403
