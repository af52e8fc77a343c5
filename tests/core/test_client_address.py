"""The client's address behind a trusted proxy: one address for rate limits, django-axes
lockouts and the audit trail; X-Forwarded-For from anyone else is ignored."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from core.client_address import _networks, client_address
from tests.factories import coordinator

PROXY = "10.0.0.2"
TRUSTED = ["10.0.0.0/24", "2001:db8::/32"]
ALICE_AT_HOME = "203.0.113.10"
BOB_AT_WORK = "198.51.100.20"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        # A trusted proxy: the right-most address that is not itself a trusted proxy.
        (PROXY, ALICE_AT_HOME, ALICE_AT_HOME),
        (PROXY, f"{ALICE_AT_HOME}, 10.0.0.7", ALICE_AT_HOME),
        (PROXY, f"6.6.6.6, {ALICE_AT_HOME}", ALICE_AT_HOME),  # a forged left part
        (PROXY, f"6.6.6.6,{ALICE_AT_HOME} , 10.0.0.9", ALICE_AT_HOME),
        (PROXY, "", PROXY),
        (PROXY, "10.0.0.5, 10.0.0.6", "10.0.0.5"),  # only proxies: the furthest of them
        (PROXY, f"{ALICE_AT_HOME}, not-an-address", PROXY),  # garbage ends the walk
        (PROXY, f"{ALICE_AT_HOME}, not-an-address, 10.0.0.7", "10.0.0.7"),
        ("2001:db8::1", "[2001:db9::5]", "2001:db9::5"),
        ("::ffff:10.0.0.2", ALICE_AT_HOME, ALICE_AT_HOME),
        # Anyone else: the header is the client's own words and is ignored.
        (BOB_AT_WORK, ALICE_AT_HOME, BOB_AT_WORK),
        ("10.0.1.2", ALICE_AT_HOME, "10.0.1.2"),
    ],
)
def test_client_address_trusts_only_configured_proxies(peer, forwarded_for, expected):
    assert client_address(peer, forwarded_for, _networks(tuple(TRUSTED))) == expected


def test_a_mistyped_trusted_proxy_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        _networks(("10.0.0.0/8", "proxy.internal"))


def via_proxy(client_ip: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def sign_in(client, meta, password="wrong", username="alice"):
    return client.post(reverse("staff_login"), {"username": username, "password": password}, **meta)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_two_clients_are_rate_limited_separately(settings):
    settings.NAVIGATOR_TRUSTED_PROXIES = TRUSTED
    settings.NAVIGATOR_RATES = {**settings.NAVIGATOR_RATES, "staff_sign_in": "2/m"}
    alice, bob = Client(), Client()
    for _ in range(2):
        assert sign_in(alice, via_proxy(ALICE_AT_HOME), username="x").status_code == 200
    assert sign_in(alice, via_proxy(ALICE_AT_HOME), username="x").status_code == 429
    assert sign_in(bob, via_proxy(BOB_AT_WORK), username="y").status_code == 200


@pytest.mark.django_db
def test_behind_a_trusted_proxy_a_lockout_is_for_the_guessing_client_only(settings):
    settings.NAVIGATOR_TRUSTED_PROXIES = TRUSTED
    coordinator("alice")
    guesser, alice = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(guesser, via_proxy(BOB_AT_WORK))
    locked = sign_in(guesser, via_proxy(BOB_AT_WORK), password="correct horse battery staple")
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.content.decode()
    signed_in = sign_in(alice, via_proxy(ALICE_AT_HOME), password="correct horse battery staple")
    assert signed_in.status_code == 302  # on to the second factor, not locked out
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {BOB_AT_WORK}
    assert AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN).ip_address == ALICE_AT_HOME


@pytest.mark.django_db
def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.NAVIGATOR_TRUSTED_PROXIES = TRUSTED
    settings.NAVIGATOR_RATES = {**settings.NAVIGATOR_RATES, "staff_sign_in": "2/m"}
    client = Client()
    for forged in ("192.0.2.1", "192.0.2.2"):
        meta = {"REMOTE_ADDR": BOB_AT_WORK, "HTTP_X_FORWARDED_FOR": forged}
        assert sign_in(client, meta, username="x").status_code == 200
    meta = {"REMOTE_ADDR": BOB_AT_WORK, "HTTP_X_FORWARDED_FOR": "192.0.2.3"}
    assert sign_in(client, meta, username="x").status_code == 429
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {BOB_AT_WORK}


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert settings.NAVIGATOR_TRUSTED_PROXIES == []
    Client().post(
        reverse("staff_login"),
        {"username": "x", "password": "y"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ALICE_AT_HOME,
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert event.ip_address == PROXY


# --- X-Forwarded-Proto: only a trusted proxy may say a request came over HTTPS ----------

HTTPS_SAYS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def behind_tls_proxy(settings):
    settings.NAVIGATOR_TRUSTED_PROXIES = TRUSTED
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    return settings


@pytest.mark.django_db
def test_https_from_a_trusted_proxy_counts_as_secure(behind_tls_proxy):
    response = Client().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE_AT_HOME, **HTTPS_SAYS
    )
    assert response.status_code == 200
    assert response.wsgi_request.is_secure()


@pytest.mark.django_db
@pytest.mark.parametrize("peer", [BOB_AT_WORK, "10.0.1.2", "::ffff:198.51.100.20", "not-an-ip"])
def test_https_claimed_by_anyone_else_is_plain_http(behind_tls_proxy, peer):
    response = Client().get("/", REMOTE_ADDR=peer, **HTTPS_SAYS)
    # Not secure: the HTTPS redirect answers instead of the page.
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert not response.wsgi_request.is_secure()
    assert "HTTP_X_FORWARDED_PROTO" not in response.wsgi_request.META


def test_a_tls_proxy_with_no_trusted_proxy_is_a_configuration_error(settings):
    from core.client_address import ClientAddressMiddleware

    settings.NAVIGATOR_TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    with pytest.raises(ImproperlyConfigured, match="NAVIGATOR_TRUSTED_PROXIES"):
        ClientAddressMiddleware(lambda request: None)
