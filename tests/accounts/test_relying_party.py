"""Who Navigator is to a passkey, from NAVIGATOR_PUBLIC_URL."""

import pytest

from accounts.relying_party import relying_party
from navigator.settings import passkey_settings


def test_an_https_address_names_its_host_and_origin():
    party = relying_party("https://Navigator.Example.org/")
    assert party.id == "navigator.example.org"
    assert party.origins == ("https://navigator.example.org",)


def test_a_port_is_part_of_the_origin_but_not_of_the_id():
    party = relying_party("http://localhost:8000")
    assert (party.id, party.origins) == ("localhost", ("http://localhost:8000",))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "https://10.0.0.5",
        "http://navigator.example.org",
        "https://[::1]/",
        "",
    ],
)
def test_where_browsers_refuse_passkeys_there_is_no_relying_party(url):
    assert relying_party(url) is None


def test_settings_turn_passkeys_off_rather_than_fail_the_checks():
    off = passkey_settings("http://127.0.0.1:8000")
    assert off["NAVIGATOR_PASSKEYS"] is False and off["OTP_WEBAUTHN_ALLOWED_ORIGINS"] == []
    on = passkey_settings("https://navigator.example.org")
    assert on["NAVIGATOR_PASSKEYS"] is True
    assert on["OTP_WEBAUTHN_RP_ID"] == "navigator.example.org"
    assert on["OTP_WEBAUTHN_ALLOWED_ORIGINS"] == ["https://navigator.example.org"]
