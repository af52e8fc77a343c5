"""A referral as a FHIR Bundle: validated by fhir.resources (R4B), round-tripped, with the
Task's status and history, a DocumentReference per shared file, and no more personal data
than a hospital needs to review the case."""

import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from cases.models import Case
from documents import services as documents
from referrals import consent, fhir, packet, services
from referrals.models import Referral, ReferralResponse
from tests.factories import coordinator, make_document, make_partner, pdf_bytes, submit_case

pytestmark = pytest.mark.django_db
S = Referral.Status
QUESTION = "The family would like the team to look at whether a screening visit is possible."


@pytest.fixture
def coord(postgres):
    user = coordinator("coord.fhir")
    user.first_name, user.last_name, user.email = "Marta", "Iglesias", "marta@navigator.example"
    user.save()
    return user


@pytest.fixture
def referral(coord):
    case = submit_case(help_details="Please help us.")
    Case.objects.filter(pk=case.pk).update(coordinator=coord)
    name = default_storage.save("reports/test/biopsy.pdf", ContentFile(pdf_bytes(1)))
    report = make_document(case, file=name, original_name="biopsy.pdf")
    _, contact = make_partner()
    consent.consent_give(case=case, organisation=contact.organisation, language="es")
    referral = services.referral_prepare(
        case=case, by=coord, contact=contact, question=QUESTION, reports=[report]
    )
    job = packet.request_packet(referral=referral, by=coord)
    documents.job_render(job_id=job.pk)
    return Referral.objects.get(pk=referral.pk)


def resources(data: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_validates_and_round_trips(referral, coord):
    services.referral_send(referral=referral, by=coord)
    text = fhir.fhir_json(Referral.objects.get(pk=referral.pk))
    data = json.loads(text)
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    for kind in (
        "Patient", "Condition", "ServiceRequest", "Task", "Provenance",
        "DocumentReference", "Organization", "Practitioner",
    ):  # fmt: skip
        assert kind in kinds, kind
    # Parsed back into the model, it is the same bundle, and it serialises the same.
    parsed = Bundle.model_validate_json(text)
    assert parsed.model_dump(mode="json") == Bundle.model_validate(data).model_dump(mode="json")
    assert json.loads(parsed.model_dump_json()) == data
    # Every reference inside the bundle points at an entry of it.
    full_urls = {e["fullUrl"] for e in data["entry"]}
    references = set(_references(data))
    assert references and references <= full_urls


def _references(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference":
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def test_the_task_follows_the_referral_and_keeps_its_history(referral, coord):
    services.referral_send(referral=referral, by=coord)
    services.referral_mark_received(referral=referral, partner_email="office@hospital.example")
    services.response_record(
        referral=referral,
        kind=ReferralResponse.Kind.MORE_INFORMATION,
        responder_name="Dra. Elena Ruiz",
        responder_email="office@hospital.example",
        idempotency_key=uuid.uuid4().hex,
        requested_records="The latest bone marrow biopsy.",
    )
    data = json.loads(fhir.fhir_json(referral))
    task = resources(data, "Task")[0]
    assert task["status"] == "on-hold"
    assert task["businessStatus"]["text"] == "The partner asked for more information"
    assert task["output"][0]["valueString"].startswith("More information needed")
    history = resources(data, "Provenance")
    assert [h["activity"]["text"] for h in history] == [
        "new → Draft, not sent",
        "Draft, not sent → Sent to the partner",
        "Sent to the partner → Opened by the partner",
        "Opened by the partner → The partner asked for more information",
    ]
    assert history[2]["agent"][0]["who"]["display"] == "office@hospital.example"
    assert len(task["relevantHistory"]) == 4
    referral.refresh_from_db()
    assert task["restriction"]["period"]["end"] == referral.response_due_on.isoformat()


@pytest.mark.parametrize(
    "status, task_status",
    [
        (S.DRAFT, "draft"),
        (S.EXPIRED, "failed"),
        (S.CANCELLED, "cancelled"),
        (S.IN_PROGRESS, "in-progress"),
    ],
)
def test_each_status_maps_to_a_fhir_task_status(referral, status, task_status):
    Referral.objects.filter(pk=referral.pk).update(status=status)
    data = json.loads(fhir.fhir_json(referral))
    task = resources(data, "Task")[0]
    assert task["status"] == task_status
    assert ("statusReason" in task) == (status == S.EXPIRED)


def test_every_referral_status_has_a_task_status_fhir_allows():
    assert set(fhir.TASK_STATUS) == set(S.values)
    assert set(fhir.TASK_STATUS.values()) <= fhir.REQUIRED_CODES[("Task", "status")]


def test_a_document_reference_for_each_file_shared(referral):
    data = json.loads(fhir.fhir_json(referral))
    documents_ = resources(data, "DocumentReference")
    assert [d["content"][0]["attachment"]["title"] for d in documents_] == [
        f"{referral.case.reference}-summary.pdf",
        "biopsy.pdf",
    ]
    request = resources(data, "ServiceRequest")[0]
    assert len(request["supportingInfo"]) == 2
    assert request["note"][0]["text"] == QUESTION


def test_only_the_personal_data_a_review_needs(referral):
    text = fhir.fhir_json(referral)
    patient = resources(json.loads(text), "Patient")[0]
    assert set(patient) == {"resourceType", "id", "identifier", "name", "gender", "birthDate"}
    assert patient["name"] == [{"text": "José García"}]
    assert patient["birthDate"] == "1958-03-01" and patient["gender"] == "male"
    for private in (
        "Ana García",
        "ana@example.org",
        "+34612345678",
        "Please help us",
        "Hospital in Madrid",
    ):
        assert private not in text


def test_an_invalid_bundle_is_refused_by_the_models(referral, monkeypatch):
    monkeypatch.setitem(fhir.TASK_STATUS, S.DRAFT, "waiting")
    with pytest.raises(ValueError, match="Task.status cannot be 'waiting'"):
        fhir.fhir_json(referral)
    monkeypatch.setitem(fhir.TASK_STATUS, S.DRAFT, "draft")
    monkeypatch.setattr(fhir, "_instant", lambda moment: "4 December 2026")
    with pytest.raises(ValidationError):
        fhir.fhir_json(referral)
