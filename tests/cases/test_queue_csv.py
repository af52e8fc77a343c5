"""The queue's CSV: the same cases as the queue with the same filters, initials only."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from tests.factories import coordinator, make_intake, submit_case, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(signed_in):
    alice = coordinator("alice")
    cases = []
    for index, urgency in enumerate(["routine", "urgent", "soon", "urgent", "routine"]):
        intake = make_intake(urgency=urgency)
        patient = {**intake.patient, "full_name": f"Marta Number{index} Ruiz"}
        submitter = {**intake.submitter, "full_name": f"Pablo Sender{index}"}
        cases.append(submit_case(urgency=urgency, patient=patient, submitter=submitter))
    Case.objects.filter(pk__in=[cases[0].pk, cases[1].pk]).update(coordinator=alice)
    Case.objects.filter(pk=cases[4].pk).update(status=Case.Status.CLOSED)
    return {
        "alice": signed_in(Client(), alice),
        "boss": signed_in(Client(), supervisor("boss")),
        "other": signed_in(Client(), coordinator("other")),
        "cases": cases,
    }


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def queue_refs(client, tab, params):
    response = client.get(reverse("cases:queue_tab", args=[tab]), params)
    return [case.reference for case in response.context["page"]]


@pytest.mark.parametrize(
    "params",
    [{}, {"urgency": "urgent"}, {"sort": "-reference"}, {"status": "closed"}, {"q": "Number2"}],
)
def test_the_csv_has_the_queues_rows_in_its_order(team, params):
    boss = team["boss"]
    rows = read_csv(boss.get(reverse("cases:queue_csv", args=["all"]), params))
    assert [row["reference"] for row in rows] == queue_refs(boss, "all", params)
    assert rows, "each filter above matches at least one case"


def test_the_queue_links_to_the_csv_keeping_tab_filters_and_sort(team):
    response = team["boss"].get(
        reverse("cases:queue_tab", args=["all"]), {"urgency": "urgent", "sort": "-age", "page": 1}
    )
    html = response.content.decode()
    link = reverse("cases:queue_csv", args=["all"])
    assert f'href="{link}?urgency=urgent&amp;sort=-age"' in html


def test_the_csv_carries_initials_and_never_names(team):
    rows = read_csv(team["boss"].get(reverse("cases:queue_csv", args=["all"]), {"status": ""}))
    text = repr(rows)
    for word in ("Marta", "Ruiz", "Pablo", "Sender", "@example"):
        assert word not in text
    first = next(row for row in rows if row["reference"] == team["cases"][0].reference)
    assert first["patient_initials"] == "MNR" and first["family_initials"] == "PS"
    assert first["coordinator"] == "alice" and first["urgency"]
    assert list(first)[:3] == ["reference", "status", "urgency"]


def test_a_coordinator_exports_only_what_their_queue_shows(team):
    alice = team["alice"]
    rows = read_csv(alice.get(reverse("cases:queue_csv", args=["mine"])))
    assert {row["reference"] for row in rows} == {c.reference for c in team["cases"][:2]}
    assert alice.get(reverse("cases:queue_csv", args=["all"])).status_code == 404
    assert read_csv(team["other"].get(reverse("cases:queue_csv", args=["mine"]))) == []


def test_people_outside_the_case_teams_cannot_export(team, signed_in):
    from tests.factories import editor

    ed = signed_in(Client(), editor("ed"))
    assert ed.get(reverse("cases:queue_csv", args=["all"])).status_code in (302, 403, 404)
    anonymous = Client().get(reverse("cases:queue_csv", args=["mine"]))
    assert anonymous.status_code == 302


def test_the_export_is_audited_without_the_search_term(team):
    read_csv(team["boss"].get(reverse("cases:queue_csv", args=["all"]), {"q": "Marta"}))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, object_type="queue")
    assert event.actor_username == "boss" and event.object_id == "all"
    assert "q" in event.detail and "Marta" not in event.detail


def test_a_refused_filter_exports_nothing(team):
    response = team["boss"].get(reverse("cases:queue_csv", args=["all"]), {"urgency": "nonsense"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(team):
    sneaky = coordinator("=HYPERLINK(1)")
    Case.objects.filter(pk=team["cases"][2].pk).update(coordinator=sneaky)
    rows = read_csv(team["boss"].get(reverse("cases:queue_csv", args=["all"])))
    row = next(row for row in rows if row["reference"] == team["cases"][2].reference)
    assert row["coordinator"] == "'=HYPERLINK(1)"
