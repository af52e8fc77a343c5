"""The coordinator profile is edited with checkboxes and pickers, stored as the same lists."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CoordinatorProfile
from cases.profile_forms import CoordinatorProfileForm
from tests.factories import coordinator, supervisor

pytestmark = pytest.mark.django_db


def checkboxes(html: str, name: str) -> int:
    return len(re.findall(rf'<input type="checkbox"[^>]*name="{name}"', html))


def form_data(**overrides):
    data = {
        "languages": ["en", "es"],
        "regions": ["ES", "MX"],
        "condition_areas": ["blood", "solid"],
        "capacity": "12",
        "working_days": ["0", "1", "2", "3", "5"],
        "time_zone": "Europe/Madrid",
        "away_from": "",
        "away_until": "",
    }
    data.update(overrides)
    return data


def test_the_form_round_trips_the_stored_lists():
    lucia = coordinator("lucia")
    profile = lucia.coordinator_profile
    form = CoordinatorProfileForm(form_data(), instance=profile, with_user=False)
    assert form.is_valid(), form.errors
    form.save()
    profile = CoordinatorProfile.objects.get(user=lucia)
    assert profile.languages == ["en", "es"]
    assert profile.regions == ["ES", "MX"]
    assert profile.condition_areas == ["blood", "solid"]
    assert profile.working_days == [0, 1, 2, 3, 5]
    assert (profile.time_zone, profile.capacity) == ("Europe/Madrid", 12)
    again = CoordinatorProfileForm(instance=profile, with_user=False)
    assert str(again["working_days"]).count("checked") == 5
    assert str(again["languages"]).count("checked") == 2


@pytest.mark.parametrize(
    "field, value",
    [
        ("languages", ["en", "xx"]),
        ("time_zone", "Mars/Olympus_Mons"),
        ("working_days", ["0", "7"]),
        ("regions", ["ZZ"]),
        ("condition_areas", ["bones"]),
        ("capacity", "0"),
    ],
)
def test_unknown_values_are_refused_on_their_field(field, value):
    form = CoordinatorProfileForm(
        form_data(**{field: value}), instance=coordinator("lucia").coordinator_profile
    )
    assert not form.is_valid()
    assert field in form.errors


def test_an_absence_ending_before_it_starts_is_refused():
    form = CoordinatorProfileForm(
        form_data(away_from="2026-05-10", away_until="2026-05-01"),
        instance=coordinator("lucia").coordinator_profile,
        with_user=False,
    )
    assert not form.is_valid()
    assert "away_until" in form.errors


def test_the_form_renders_checkboxes_not_json():
    html = str(CoordinatorProfileForm(instance=coordinator("lucia").coordinator_profile))
    assert checkboxes(html, "languages") == 6
    assert checkboxes(html, "working_days") == 7
    assert checkboxes(html, "condition_areas") == 4
    assert '<select name="regions"' in html and "multiple" in html
    assert "<textarea" not in html
    assert "[&quot;en&quot;]" not in html


def test_the_admin_uses_the_form(signed_in):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-pw-pw-pw")
    client = signed_in(Client(), admin)
    profile = coordinator("lucia").coordinator_profile
    response = client.get(
        reverse("admin:cases_coordinatorprofile_change", args=[profile.pk]), follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert checkboxes(html, "languages") == 6
    assert "<textarea" not in html
    listing = client.get(reverse("admin:cases_coordinatorprofile_changelist")).content.decode()
    assert "lucia" in listing and "[&quot;en&quot;]" not in listing


def test_a_supervisor_edits_a_profile_from_the_team_page(signed_in):
    client = signed_in(Client(), supervisor("boss"))
    lucia = coordinator("lucia")
    url = reverse("cases:team_profile", args=[lucia.pk])
    assert url in client.get(reverse("cases:team")).content.decode()
    page = client.get(url).content.decode()
    assert checkboxes(page, "languages") == 6 and "<textarea" not in page
    refused = client.post(url, form_data(time_zone="Nowhere/Land"))
    assert refused.status_code == 400
    assert CoordinatorProfile.objects.get(user=lucia).time_zone == "UTC"
    response = client.post(url, form_data(away_from="2026-05-01", away_until="2026-05-10"))
    assert response.status_code == 302
    profile = CoordinatorProfile.objects.get(user=lucia)
    assert profile.languages == ["en", "es"] and profile.away_until == date(2026, 5, 10)
    from django.contrib.admin.models import LogEntry

    entry = LogEntry.objects.get(object_id=str(profile.pk))
    assert entry.user.username == "boss" and "Languages" in entry.get_change_message()


def test_coordinators_cannot_edit_profiles(signed_in):
    lucia = coordinator("lucia")
    client = signed_in(Client(), lucia)
    response = client.post(reverse("cases:team_profile", args=[lucia.pk]), form_data(capacity="99"))
    assert response.status_code in (302, 403, 404)
    assert CoordinatorProfile.objects.get(user=lucia).capacity == 10
