"""Routing a coordinator's open cases again: a preview first, then exactly that."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, TimelineEvent
from tests.factories import coordinator, make_intake, submit_case, supervisor

pytestmark = pytest.mark.django_db


def case_in(language: str, **fields):
    submitter = {**make_intake().submitter, "preferred_language": language}
    case = submit_case(submitter=submitter)
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


@pytest.fixture
def leaving(signed_in):
    gone = coordinator("leaving", languages=["es", "en"])
    coordinator("maria", languages=["es"], capacity=1)
    coordinator("jose", languages=["es"], capacity=5)
    cases = [case_in("es", coordinator=gone) for _ in range(3)]
    cases.append(case_in("ru", coordinator=gone))  # nobody else speaks Russian
    closed = case_in("es", coordinator=gone, status=Case.Status.CLOSED)
    client = signed_in(Client(), supervisor("boss"))
    return {"gone": gone, "cases": cases, "closed": closed, "client": client}


def rows(html: str) -> dict[str, str]:
    table = html.split('id="release-moves"', 1)[1].split("</table>", 1)[0]
    found = re.findall(
        r"<tr>\s*<td>(?:<a [^>]*>)?([A-Z0-9-]+)(?:</a>)?</td>.*?"
        r'class="release-to">([^<]+)</td>',
        table,
        re.S,
    )
    return {reference: to.strip() for reference, to in found}


def snapshot():
    return (
        list(Case.objects.order_by("pk").values_list("pk", "coordinator_id", "version")),
        TimelineEvent.objects.count(),
        AuditEvent.objects.exclude(action=AuditEvent.Action.SIGN_IN).count(),
    )


def test_the_preview_lists_exactly_what_then_moves(leaving):
    client, url = leaving["client"], reverse("cases:team_release", args=[leaving["gone"].pk])
    before = snapshot()
    preview = client.get(url)
    assert preview.status_code == 200
    assert snapshot() == before  # a GET changes nothing
    shown = rows(preview.content.decode())
    assert set(shown) == {case.reference for case in leaving["cases"]}  # not the closed one
    russian = leaving["cases"][3].reference
    assert shown[russian] == "triage (nobody fits)"
    assert sorted(v for k, v in shown.items() if k != russian) == ["jose", "jose", "maria"]
    ids = [case.pk for case in leaving["cases"]]
    result = client.post(url, {"case": ids})
    assert result.status_code == 200
    assert rows(result.content.decode()) == shown
    after = {
        reference: username or "triage (nobody fits)"
        for reference, username in Case.objects.filter(pk__in=ids).values_list(
            "reference", "coordinator__username"
        )
    }
    assert after == shown
    assert Case.objects.get(pk=leaving["closed"].pk).coordinator == leaving["gone"]


def test_the_pages_show_no_names(leaving):
    url = reverse("cases:team_release", args=[leaving["gone"].pk])
    page = leaving["client"].get(url).content.decode()
    for name in ("García", "Ana", "José", "@example"):
        assert name not in page


def test_a_case_given_to_them_after_the_preview_does_not_move(leaving):
    url = reverse("cases:team_release", args=[leaving["gone"].pk])
    shown = [case.pk for case in leaving["cases"][:2]]
    late = case_in("es", coordinator=leaving["gone"])
    leaving["client"].post(url, {"case": shown})
    assert Case.objects.get(pk=late.pk).coordinator == leaving["gone"]
    assert not Case.objects.filter(pk__in=shown, coordinator=leaving["gone"]).exists()


def test_moving_is_audited_with_the_supervisor_as_actor(leaving):
    url = reverse("cases:team_release", args=[leaving["gone"].pk])
    leaving["client"].post(url, {"case": [case.pk for case in leaving["cases"]]})
    released = AuditEvent.objects.filter(
        action=AuditEvent.Action.ASSIGNED, detail__startswith="released from leaving"
    )
    assert released.count() == 4
    assert set(released.values_list("actor_username", flat=True)) == {"boss"}
    assert set(released.values_list("case_reference", flat=True)) == {
        case.reference for case in leaving["cases"]
    }


def test_the_team_page_offers_the_confirmation_not_a_one_click_button(leaving):
    page = leaving["client"].get(reverse("cases:team")).content.decode()
    url = reverse("cases:team_release", args=[leaving["gone"].pk])
    assert f'href="{url}"' in page


def test_coordinators_cannot_preview_or_move(leaving, signed_in):
    client = signed_in(Client(), coordinator("other"))
    url = reverse("cases:team_release", args=[leaving["gone"].pk])
    assert client.get(url).status_code == 403
    client.post(url, {"case": [case.pk for case in leaving["cases"]]})
    assert Case.objects.filter(coordinator=leaving["gone"]).count() == 5


def test_the_admin_action_leads_to_the_confirmation(leaving, signed_in):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-pw-pw-pw")
    client = signed_in(Client(), root)
    response = client.post(
        reverse("admin:cases_coordinatorprofile_changelist"),
        {"action": "release_cases", "_selected_action": [leaving["gone"].coordinator_profile.pk]},
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:team_release", args=[leaving["gone"].pk])
    assert Case.objects.filter(coordinator=leaving["gone"]).count() == 5
