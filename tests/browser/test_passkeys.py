"""A coordinator adds a passkey and signs in with it, in Debian's chromium with its
virtual authenticator (the DevTools protocol's WebAuthn domain): the real
django-otp-webauthn scripts, the real browser ceremony, the server's real checks."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import AuditEvent
from tests.factories import coordinator

from .test_journeys import PASSWORD, enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def passkeys_at_live_server(settings, live_server):
    """The live server's address is the relying party, as NAVIGATOR_PUBLIC_URL would make
    it (http://localhost:<port>)."""
    settings.NAVIGATOR_PASSKEYS = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator (like a laptop's fingerprint reader) that says yes."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def test_a_coordinator_adds_a_passkey_and_signs_in_with_it(new_page, shot, passkeys_at_live_server):
    alice = coordinator("alice")
    page = new_page()
    devtools, authenticator = virtual_authenticator(page)
    sign_in(page, alice, enrolled(alice))  # password and TOTP code, as today
    assert page.url.endswith("/queue/")

    page.get_by_role("link", name="Passkeys").click()
    page.wait_for_url("**/passkeys/**")
    # The button is wired by deferred scripts; "load" fires only after they have run
    # (under load, a click before then did nothing and the test timed out).
    page.wait_for_load_state("load")
    page.fill("#id_name", "Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.locator("#passkey-list input[value='Work laptop']").wait_for()
    shot(page, "passkey-1-added")
    passkey = WebAuthnCredential.objects.get(user=alice)
    assert passkey.name == "Work laptop"
    stored = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1  # the browser holds the private key, we do not

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/staff/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/verify/")
    shot(page, "passkey-2-second-step")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url("**/queue/")
    page.get_by_role("heading", name="Queue").or_(page.locator("table")).first.wait_for()
    shot(page, "passkey-3-queue")

    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    actions = list(
        AuditEvent.objects.filter(actor_username="alice")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert AuditEvent.Action.PASSKEY_ADDED in actions
    assert actions.count(AuditEvent.Action.SIGN_IN) == 2
    assert AuditEvent.Action.TWO_FACTOR_FAILED not in actions
