"""Staff sign-in: password, TOTP enrolment by QR code, backup codes, lockout, timeouts."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from audit.models import AuditEvent
from tests.factories import coordinator

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def unthrottle(device: TOTPDevice) -> None:
    """A wrong code makes django-otp wait before the next try; tests do not wait."""
    device.refresh_from_db()
    device.throttle_reset()


def sign_in_password(client, username="alice", password=PASSWORD):
    return client.post(reverse("staff_login"), {"username": username, "password": password})


def test_first_sign_in_enrols_an_authenticator_and_shows_backup_codes_once():
    coordinator("alice")
    client = Client()
    response = sign_in_password(client)
    assert response.url == reverse("staff_2fa_setup")
    assert client.get(reverse("cases:queue")).url == reverse("staff_2fa_setup")  # not yet
    page = client.get(reverse("staff_2fa_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="alice", confirmed=False)
    wrong = client.post(reverse("staff_2fa_setup"), {"code": "000000"})
    assert "not right" in wrong.content.decode()
    unthrottle(device)
    done = client.post(reverse("staff_2fa_setup"), {"code": current_code(device)})
    assert done.url == reverse("staff_backup_codes")
    codes_page = client.get(done.url).content.decode()
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", codes_page)
    assert len(codes) == 10
    assert client.get(reverse("staff_backup_codes")).status_code == 302  # shown once
    assert client.get(reverse("cases:queue")).status_code == 200


def enrolled(username="alice"):
    user = coordinator(username)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from accounts.two_factor import new_backup_codes

    return user, device, new_backup_codes(user)


def test_later_sign_ins_ask_for_a_code():
    _user, device, _codes = enrolled()
    client = Client()
    assert sign_in_password(client).url == reverse("staff_verify")
    refused = client.post(reverse("staff_verify"), {"code": "123456"})
    assert refused.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_FAILED).exists()
    unthrottle(device)
    accepted = client.post(reverse("staff_verify"), {"code": current_code(device)})
    assert accepted.status_code == 302
    assert client.get(reverse("cases:queue")).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN, actor_username="alice"
    ).exists()


def test_a_backup_code_works_once():
    _user, _device, codes = enrolled()
    first = Client()
    sign_in_password(first)
    assert first.post(reverse("staff_verify"), {"code": codes[0]}).status_code == 302
    second = Client()
    sign_in_password(second)
    assert second.post(reverse("staff_verify"), {"code": codes[0]}).status_code == 200


def test_repeated_failed_passwords_lock_the_account_out(settings):
    coordinator("alice")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in_password(client, password="wrong")
    locked = sign_in_password(client)  # even the right password, now
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT
    assert all("wrong" not in event.detail for event in failures)  # never the password
    assert response.status_code in (200, 429)


def signed_in_client(signed_in):
    user = coordinator("alice")
    return signed_in(Client(), user)


def test_an_idle_session_ends(signed_in, settings):
    client = signed_in_client(signed_in)
    assert client.get(reverse("cases:queue")).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - settings.NAVIGATOR_STAFF_IDLE_TIMEOUT.total_seconds() - 5
    session.save()
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302 and response.url.startswith(reverse("staff_login"))
    assert client.get(reverse("cases:queue")).status_code == 302


def test_a_busy_session_is_written_at_most_once_a_minute(signed_in, settings):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.middleware import LAST_SEEN_EVERY

    client = signed_in_client(signed_in)
    client.get(reverse("cases:queue"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:queue")).status_code == 200
    assert not [q for q in queries if "UPDATE \"django_session\"" in q["sql"]]
    # Seen more than a minute ago: the next page moves LAST_SEEN on.
    session = client.session
    session[LAST_SEEN] = time.time() - LAST_SEEN_EVERY - 1
    session.save()
    client.get(reverse("cases:queue"))
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert time.time() - stored[LAST_SEEN] < 5


def test_a_session_ends_after_a_working_day_however_active(signed_in, settings):
    client = signed_in_client(signed_in)
    client.get(reverse("cases:queue"))
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.NAVIGATOR_STAFF_MAX_SESSION.total_seconds() - 5
    session.save()
    assert client.get(reverse("cases:queue")).status_code == 302


def test_without_the_2fa_requirement_a_password_is_enough(settings):
    settings.NAVIGATOR_REQUIRE_2FA = False
    coordinator("alice")
    client = Client()
    assert sign_in_password(client).url == reverse("cases:queue")
    assert client.get(reverse("cases:queue")).status_code == 200


def test_the_admin_needs_the_second_factor_too():
    user = coordinator("alice")
    user.is_staff = True
    user.save()
    client = Client()
    sign_in_password(client)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] in (reverse("staff_2fa_setup"), reverse("staff_verify"))


def sign_in_with_next(client, target):
    return client.post(
        reverse("staff_login"), {"username": "alice", "password": PASSWORD, "next": target}
    )


@pytest.mark.parametrize(
    "target",
    ["foo", "cases:queue", "https://evil.example/", "//evil.example/x", "/\\evil.example"],
)
def test_after_the_code_only_a_path_on_this_site_is_followed(target):
    _user, device, _codes = enrolled()
    client = Client()
    assert sign_in_with_next(client, target).url == reverse("staff_verify")
    response = client.post(reverse("staff_verify"), {"code": current_code(device)})
    assert response.status_code == 302
    assert response.url == reverse("cases:queue")


def test_after_the_code_a_path_on_this_site_is_followed():
    _user, device, _codes = enrolled()
    client = Client()
    sign_in_with_next(client, "/queue/all/?status=new")
    response = client.post(reverse("staff_verify"), {"code": current_code(device)})
    assert response.url == "/queue/all/?status=new"


@pytest.mark.parametrize("target", ["foo", "https://evil.example/"])
def test_without_the_2fa_requirement_next_is_checked_too(settings, target):
    settings.NAVIGATOR_REQUIRE_2FA = False
    coordinator("alice")
    client = Client()
    assert sign_in_with_next(client, target).url == reverse("cases:queue")
    page = client.get(reverse("staff_login"), {"next": target}).content.decode()
    assert 'name="next" value=""' in page


def test_the_session_key_changes_when_the_code_is_accepted():
    _user, device, _codes = enrolled()
    client = Client()
    sign_in_password(client)
    before = client.session.session_key
    wrong = client.post(reverse("staff_verify"), {"code": "000000"})
    assert wrong.status_code == 200 and client.session.session_key == before
    unthrottle(device)
    client.post(reverse("staff_verify"), {"code": current_code(device)})
    assert client.session.session_key != before
    assert client.get(reverse("cases:queue")).status_code == 200  # still signed in
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()


def test_the_session_key_changes_when_an_authenticator_is_enrolled():
    coordinator("alice")
    client = Client()
    sign_in_password(client)
    client.get(reverse("staff_2fa_setup"))
    before = client.session.session_key
    device = TOTPDevice.objects.get(user__username="alice", confirmed=False)
    done = client.post(reverse("staff_2fa_setup"), {"code": current_code(device)})
    assert done.url == reverse("staff_backup_codes")
    assert client.session.session_key != before
    assert "<li>" in client.get(done.url).content.decode()  # the codes moved with the session
