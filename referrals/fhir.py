"""A referral as a FHIR Bundle, built and validated with the `fhir.resources` package.

fhir.resources 8 ships FHIR R5 by default and R4B (4.3.0) under fhir.resources.R4B; R4
(4.0.1) itself is no longer shipped. R4B is the closest: the resources used here
(Patient, Condition, ServiceRequest, Task, Provenance, DocumentReference, Organization,
Practitioner) have the same elements in R4 and R4B, so an R4 system reads the bundle as
R4. It is a "collection" Bundle whose entries refer to each other by urn:uuid, with ids
derived from our own (the same referral always gives the same ids).

Minimal personal data: the patient's name as the family gave it, birth date and sex,
plus the condition as the family reported it. No address, contact details or family
members; the reports themselves stay behind the audited downloads (each file is a
DocumentReference with its name, kind and date, and no content).
"""

import uuid

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from .models import Referral
from .packet import files_for

# The status of the Task (the FHIR Task workflow the referral follows). "expired" is ours:
# FHIR's nearest is "failed", with the reason said in statusReason.
TASK_STATUS = {
    Referral.Status.DRAFT: "draft",
    Referral.Status.REQUESTED: "requested",
    Referral.Status.RECEIVED: "received",
    Referral.Status.ACCEPTED: "accepted",
    Referral.Status.REJECTED: "rejected",
    Referral.Status.ON_HOLD: "on-hold",
    Referral.Status.IN_PROGRESS: "in-progress",
    Referral.Status.COMPLETED: "completed",
    Referral.Status.CANCELLED: "cancelled",
    Referral.Status.EXPIRED: "failed",
}
# The request behind the Task: done once the partner answered or declined, withdrawn when
# the coordinator cancelled, otherwise still standing (a late answer is still taken).
SERVICE_REQUEST_STATUS = {
    Referral.Status.DRAFT: "draft",
    Referral.Status.ON_HOLD: "on-hold",
    Referral.Status.COMPLETED: "completed",
    Referral.Status.REJECTED: "completed",
    Referral.Status.CANCELLED: "revoked",
}
GENDER = {"male": "male", "female": "female", "other": "other", "unsaid": "unknown"}
SNOMED = "http://snomed.info/sct"
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}
TASK_FULFILL = {"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}
UNCONFIRMED = {
    "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
    "code": "unconfirmed",
}
# fhir.resources checks structure, types and cardinality but not coded values: the codes
# with a required binding that we set are checked against their FHIR value sets here.
REQUIRED_CODES = {
    ("Task", "status"): {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    },
    ("Task", "intent"): {
        "unknown",
        "proposal",
        "plan",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    },
    ("ServiceRequest", "status"): {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    ("ServiceRequest", "intent"): {
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    },
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("DocumentReference", "status"): {"current", "superseded", "entered-in-error"},
    ("Bundle", "type"): {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    },
}
_NAMESPACE = uuid.UUID("6f1c8a52-2f43-4c59-9a53-6d1b0f1e7a10")  # ours, fixed forever


def _id(kind: str, key) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _ref(resource: dict) -> dict:
    return {"reference": f"urn:uuid:{resource['id']}"}


def _instant(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _system(name: str) -> str:
    return f"{settings.NAVIGATOR_PUBLIC_URL.rstrip('/')}/fhir/sid/{name}"


def _drop_empty(value):
    """FHIR forbids empty strings, lists and objects: leave those elements out."""
    if isinstance(value, dict):
        kept = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_drop_empty(v) for v in value) if v not in (None, "", [], {})]
    return value


def _patient(case) -> dict:
    patient = case.patient
    return {
        "resourceType": "Patient",
        "id": _id("patient", case.reference),
        "identifier": [{"system": _system("case-reference"), "value": case.reference}],
        "name": [{"text": patient.full_name}],
        "gender": GENDER.get(patient.sex, "unknown"),
        "birthDate": patient.date_of_birth.isoformat(),
    }


def _condition(case, patient: dict) -> dict:
    diagnosis = case.diagnosis
    return {
        "resourceType": "Condition",
        "id": _id("condition", case.reference),
        "verificationStatus": {"coding": [UNCONFIRMED], "text": "Reported by the family"},
        "code": {"text": diagnosis.condition_label},
        "subject": _ref(patient),
        "onsetDateTime": diagnosis.diagnosed_on.isoformat() if diagnosis.diagnosed_on else None,
        "stage": [{"summary": {"text": diagnosis.stage_or_status}}]
        if diagnosis.stage_or_status
        else [],
        "note": [{"text": "As reported by the family; the enclosed reports are the source."}],
    }


def _organisation(referral: Referral) -> dict:
    organisation = referral.organisation
    return {
        "resourceType": "Organization",
        "id": _id("organisation", organisation.pk),
        "name": str(organisation),
        "address": [{"city": organisation.city, "country": str(organisation.country)}],
        "contact": [
            {
                "name": {"text": referral.contact_name},
                "telecom": [{"system": "email", "value": referral.contact_email}],
            }
        ],
    }


def _practitioner(user) -> dict:
    return {
        "resourceType": "Practitioner",
        "id": _id("practitioner", user.pk),
        "name": [{"text": user.get_full_name() or user.get_username()}],
        "telecom": [{"system": "email", "value": user.email}] if user.email else [],
    }


def _documents(referral: Referral, patient: dict, request_id: str) -> list[dict]:
    documents = []
    for item in files_for(referral):
        documents.append(
            {
                "resourceType": "DocumentReference",
                "id": _id("document", f"{referral.pk}:{item.key}"),
                "status": "current",
                "type": {"text": item.kind},
                "subject": _ref(patient),
                "date": _instant(item.dated),
                "description": item.title,
                "content": [
                    {
                        "attachment": {
                            "contentType": item.content_type,
                            "title": item.filename,
                            "creation": _instant(item.dated),
                        }
                    }
                ],
                "context": {"related": [{"reference": f"urn:uuid:{request_id}"}]},
            }
        )
    return documents


def _history(referral: Referral, task_id: str, people: dict, organisation: dict) -> list[dict]:
    """A Provenance per status change: Task.relevantHistory."""
    labels = dict(Referral.Status.choices)
    history = []
    for step in referral.transitions.select_related("actor"):
        if step.actor_id:
            who = _ref(people[step.actor_id]) if step.actor_id in people else {}
            who["display"] = step.actor.get_full_name() or step.actor.get_username()
        elif step.partner_email:
            who = {**_ref(organisation), "display": step.partner_email}
        else:
            who = {"display": "Navigator (automatic)"}
        before = labels.get(step.from_status, "new")
        history.append(
            {
                "resourceType": "Provenance",
                "id": _id("transition", step.pk),
                "target": [{"reference": f"urn:uuid:{task_id}"}],
                "recorded": _instant(step.created_at),
                "activity": {"text": f"{before} → {labels.get(step.to_status, step.to_status)}"},
                "reason": [{"text": step.reason}] if step.reason else [],
                "agent": [{"who": who}],
            }
        )
    return history


def fhir_bundle(referral: Referral) -> dict:
    """The Bundle as plain data (not yet validated)."""
    referral = Referral.objects.select_related(
        "case__patient", "case__diagnosis", "organisation__parent", "created_by"
    ).get(pk=referral.pk)
    case = referral.case
    patient = _patient(case)
    condition = _condition(case, patient)
    organisation = _organisation(referral)
    coordinator = _practitioner(referral.created_by)
    people = {referral.created_by_id: coordinator}
    request_id = _id("service-request", referral.pk)
    task_id = _id("task", referral.pk)
    documents = _documents(referral, patient, request_id)
    identifier = [{"system": _system("referral"), "value": f"{case.reference}-{referral.pk}"}]
    service_request = {
        "resourceType": "ServiceRequest",
        "id": request_id,
        "identifier": identifier,
        "status": SERVICE_REQUEST_STATUS.get(referral.status, "active"),
        "intent": "order",
        "code": {"coding": [PATIENT_REFERRAL], "text": "Review of the case records"},
        "subject": _ref(patient),
        "authoredOn": _instant(referral.sent_at or referral.created_at),
        "requester": _ref(coordinator),
        "performer": [_ref(organisation)],
        "reasonReference": [_ref(condition)],
        "supportingInfo": [_ref(d) for d in documents],
        # The coordinator's own words: what the family hopes the partner will look at.
        "note": [{"text": referral.question}],
    }
    history = _history(referral, task_id, people, organisation)
    answers = [
        {
            "type": {"text": "Partner answer"},
            "valueString": f"{response.get_kind_display()} "
            f"({timezone.localtime(response.submitted_at):%-d %B %Y})",
        }
        for response in referral.responses.all()
    ]
    task = {
        "resourceType": "Task",
        "id": task_id,
        "identifier": identifier,
        "status": TASK_STATUS[referral.status],
        "statusReason": {"text": "No answer by the deadline"}
        if referral.status == Referral.Status.EXPIRED
        else None,
        "businessStatus": {"text": referral.get_status_display()},
        "intent": "order",
        "code": {"coding": [TASK_FULFILL]},
        "focus": {"reference": f"urn:uuid:{request_id}"},
        "for": _ref(patient),
        "authoredOn": _instant(referral.created_at),
        "lastModified": _instant(referral.updated_at),
        "requester": _ref(coordinator),
        "owner": _ref(organisation),
        "restriction": {"period": {"end": referral.response_due_on.isoformat()}}
        if referral.response_due_on
        else None,
        "relevantHistory": [{"reference": f"urn:uuid:{p['id']}"} for p in history],
        "output": answers,
    }
    resources = [
        patient,
        condition,
        service_request,
        task,
        *history,
        *documents,
        organisation,
        coordinator,
    ]
    return _drop_empty(
        {
            "resourceType": "Bundle",
            "id": _id("bundle", referral.pk),
            "type": "collection",
            "timestamp": _instant(timezone.now()),
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
        }
    )


def fhir_model(referral: Referral):
    """The Bundle validated by fhir.resources (R4B): a pydantic ValidationError names the
    element that is wrong."""
    from fhir.resources.R4B.bundle import Bundle

    data = fhir_bundle(referral)
    check_codes(data)
    return Bundle.model_validate(data)


def check_codes(bundle: dict) -> None:
    """Each required-binding code we set is one its value set allows (ValueError if not)."""
    resources = [bundle] + [entry["resource"] for entry in bundle.get("entry", [])]
    for resource in resources:
        for (kind, element), allowed in REQUIRED_CODES.items():
            value = resource.get(element) if resource["resourceType"] == kind else None
            if value is not None and value not in allowed:
                raise ValueError(f"{kind}.{element} cannot be {value!r}")


def fhir_json(referral: Referral) -> str:
    """The referral as FHIR JSON (an R4B Bundle, read as R4; see above)."""
    return fhir_model(referral).model_dump_json(indent=2)


def fhir_download(referral: Referral) -> HttpResponse:
    """The referral as a FHIR Bundle (referrals.fhir), as a JSON attachment."""
    response = HttpResponse(fhir_json(referral), content_type="application/fhir+json")
    response["Content-Disposition"] = (
        f'attachment; filename="{referral.case.reference}-referral-{referral.pk}.fhir.json"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
