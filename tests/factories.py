"""Test data in one place: valid files of each kind, valid wizard answers, whole cases."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

WIZARD_PREFIX = "inquiry_wizard"


# --- Files ---------------------------------------------------------------------------


def pdf_bytes(pages: int = 1, text: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt: str = "PNG", size=(40, 30), mode="RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, color=0).save(buffer, format=fmt)
    return buffer.getvalue()


def dicom_bytes() -> bytes:
    # 128-byte preamble, the DICM magic, then one file-meta element.
    return b"\x00" * 128 + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00" + b"\x00" * 64


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "pathology.pdf", pages: int = 2):
    return upload(name, pdf_bytes(pages), "application/pdf")


def png_upload(name: str = "scan.png"):
    return upload(name, image_bytes("PNG"), "image/png")


def jpeg_upload(name: str = "photo.jpg"):
    return upload(name, image_bytes("JPEG"), "image/jpeg")


# --- Wizard answers -------------------------------------------------------------------

STEP_ANSWERS = {
    "about": {
        "role": "family",
        "full_name": "Li Wei",
        "email": "li.wei@example.org",
        "phone": "+34 612 345 678",
        "country": "ES",
        "preferred_language": "zh-hans",
        "contact_method": "email",
        "time_zone": "Europe/Madrid",
    },
    "patient": {
        "full_name": "Li Na",
        "date_of_birth": "1961-04-02",
        "sex": "female",
        "country_of_residence": "ES",
        "current_location": "At home in Valencia",
    },
    "diagnosis": {
        "condition": "dlbcl",
        "condition_other": "",
        "diagnosed_on": "2024-09-15",
        "stage_or_status": "Stage IV, relapsed after second line",
        "relapsed_or_refractory": "yes",
        "biomarkers": "CD19 positive",
        "ecog": "1",
        "urgency": "soon",
    },
    "help": {
        "help_topics": ["clinical_trials", "second_opinion"],
        "help_details": "We would like to understand donor CAR-T options.",
        "consent_data": "on",
        "acknowledge_no_guarantee": "on",
    },
    "review": {},
}


def step_data(step: str, answers: dict) -> dict:
    data = {f"{WIZARD_PREFIX}-current_step": step}
    for key, value in answers.items():
        data[f"{step}-{key}"] = value
    return data


def treatment_data(rows: list[dict]) -> dict:
    data = {
        f"{WIZARD_PREFIX}-current_step": "treatment",
        "treatment-TOTAL_FORMS": str(len(rows)),
        "treatment-INITIAL_FORMS": "0",
        "treatment-MIN_NUM_FORMS": "0",
        "treatment-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"treatment-{index}-{key}"] = value
    return data


TREATMENT_ROWS = [
    {
        "kind": "chemotherapy",
        "regimen": "R-CHOP x6",
        "started_on": "2024-10-01",
        "ended_on": "2025-02-15",
        "best_response": "partial",
        "notes": "",
    },
    {
        "kind": "car_t",
        "regimen": "Autologous CD19 CAR-T",
        "started_on": "2025-06-01",
        "ended_on": "2025-06-01",
        "best_response": "progression",
        "notes": "Relapse at 3 months",
    },
]


def step_url(step: str) -> str:
    return reverse("intake:inquiry_step", kwargs={"step": step})


def post_step(client, step: str, answers: dict | None = None, **extra):
    """Post one wizard step the way the browser does."""
    answers = STEP_ANSWERS[step] if answers is None else answers
    data = step_data(step, answers)
    data.update(extra)
    return client.post(step_url(step), data)


def post_reports(client, files=(), category="pathology", **extra):
    data = {
        f"{WIZARD_PREFIX}-current_step": "reports",
        "reports-category": category,
        "reports-files": list(files),
    }
    data.update(extra)
    return client.post(step_url("reports"), data)


def complete_inquiry(client, *, files=(), treatments=TREATMENT_ROWS, overrides=None):
    """Walk every step and send; returns the final response."""
    overrides = overrides or {}
    client.get(reverse("intake:inquiry_wizard"))
    for step in ("about", "patient", "diagnosis"):
        answers = {**STEP_ANSWERS[step], **overrides.get(step, {})}
        response = post_step(client, step, answers)
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(step_url("treatment"), treatment_data(list(treatments)))
    assert response.status_code == 302
    response = post_reports(client, files)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = post_step(client, "help", {**STEP_ANSWERS["help"], **overrides.get("help", {})})
    assert response.status_code == 302
    from intake.models import InquiryDraft

    draft_id = client.session.get("inquiry_draft_id")
    response = post_step(client, "review", {}, inquiry_draft=draft_id)
    if response.status_code == 302 and response.url.endswith("/send/"):
        response = client.get(response.url)
    assert InquiryDraft.objects.filter(pk=draft_id).exists()
    return response


# --- Whole cases through the service ----------------------------------------------------


def make_intake(**overrides):
    from cases.services import Intake
    from intake.forms import CONSENT_TEXT_VERSION

    values = {
        "submitter": {
            "role": "family",
            "full_name": "Ana García",
            "email": "ana@example.org",
            "phone": "+34612345678",
            "country": "ES",
            "preferred_language": "en",
            "contact_method": "email",
            "time_zone": "Europe/Madrid",
        },
        "patient": {
            "full_name": "José García",
            "date_of_birth": date(1958, 3, 1),
            "sex": "male",
            "country_of_residence": "ES",
            "current_location": "Hospital in Madrid",
        },
        "diagnosis": {
            "condition": "aml",
            "condition_other": "",
            "diagnosed_on": date(2025, 1, 10),
            "stage_or_status": "Relapsed",
            "relapsed_or_refractory": "yes",
            "biomarkers": "FLT3-ITD",
            "ecog": "2",
        },
        "urgency": "urgent",
        "treatments": [],
        "help_topics": ["clinical_trials"],
        "help_details": "",
        "consents": ["data_processing", "no_guarantee"],
        "consent_text_version": CONSENT_TEXT_VERSION,
    }
    values.update(overrides)
    return Intake(**values)


def submit_case(**overrides):
    """A case sent through the inquiry's own service, from an empty draft."""
    from intake import drafts
    from intake import services as intake_services

    draft = drafts.draft_create(data={})
    return intake_services.inquiry_submit(draft=draft, intake=make_intake(**overrides))


# --- Staff ---------------------------------------------------------------------------


def make_staff(username: str, group: str | None, *, email: str = "", **profile):
    """A staff user in a group; coordinators get a profile (languages etc. overridable)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cases.models import CoordinatorProfile

    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", email=email
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if group == "Coordinators":
        values = {
            "languages": ["en"],
            "regions": [],
            "condition_areas": [],
            "capacity": 10,
        }
        values.update(profile)
        CoordinatorProfile.objects.create(user=user, **values)
    return user


def coordinator(username="coord", **profile):
    return make_staff(username, "Coordinators", **profile)


def supervisor(username="super", email="super@example.org"):
    return make_staff(username, "Supervisors", email=email)


def editor(username="editor"):
    return make_staff(username, "Content editors")


def medical_reviewer(username="medical"):
    return make_staff(username, "Medical reviewers")


def make_document(case, **overrides):
    """A document row on a case (no file behind it unless `file` names one)."""
    from cases.models import Document

    values = {
        "source": "intake",
        "file": "reports/none",
        "original_name": "report.pdf",
        "category": "pathology",
        "content_type": "application/pdf",
        "size": 1,
        "sha256": "0" * 64,
    }
    values.update(overrides)
    return Document.objects.create(case=case, **values)


# --- The claims gate, forced ------------------------------------------------------------


def gate_verdict(outcome: str, *sentences: str, reason: str = "reads as a promise"):
    """A claims-gate verdict with `outcome`, flagging each of `sentences` (tests about the
    review flow force the gate's answer: its detection is tested in tests/claims)."""
    from claims import gate

    flag_outcome = gate.Outcome.BLOCK if outcome == gate.Outcome.BLOCK else gate.Outcome.REVIEW
    return gate.Verdict(
        outcome=gate.Outcome(outcome),
        channel="test",
        language="en",
        flags=[gate.Flag(sentence=s, reason=reason, outcome=flag_outcome) for s in sentences],
    )


def held_text(case, author, text: str, *flagged: str, kind: str = "note"):
    """A note (or contact summary) a coordinator asked to share that the gate held, made
    through the casework service with the gate forced to "review" on `flagged`."""
    from unittest.mock import patch

    from django.utils import timezone

    from cases import casework

    with patch("claims.gate.check", return_value=gate_verdict("review", *flagged)):
        if kind == "contact":
            return casework.case_log_contact(
                case=case,
                by=author,
                channel="call",
                happened_at=timezone.now(),
                summary=text,
                shareable=True,
            )
        return casework.case_add_note(case=case, by=author, body=text, shareable=True)


# --- Partners and referrals --------------------------------------------------------------


def make_partner(name="Hospital del Sol", *, agreement=True, parent=None, **fields):
    """A partner organisation with one contact (returned as the second value)."""
    from datetime import date

    from partners.models import Contact, Organisation

    values = {
        "kind": "hospital" if parent is None else "department",
        "country": "ES",
        "city": "Madrid",
        "languages": ["es", "en"],
        "condition_areas": ["blood"],
        "therapies": ["allo_car_t"],
        "agreement_signed_on": date(2025, 1, 1) if agreement else None,
    }
    values.update(fields)
    organisation = Organisation.objects.create(name=name, parent=parent, **values)
    contact = Contact.objects.create(
        organisation=organisation,
        name="Dra. Elena Ruiz",
        role="International patient office",
        email=f"office{organisation.pk}@hospital.example",
        language="es",
    )
    return organisation, contact


def ready_packet(case, by=None, referral=None):
    """A rendered packet job for a referral (the file itself is not needed here), made
    from `referral` as it stands (by default the case's newest draft), so it is not stale.
    """
    from documents.models import DocumentJob
    from referrals.packet_pdf import packet_inputs

    referral = referral or case.referrals.filter(status="draft").order_by("-id").first()
    return DocumentJob.objects.create(
        kind=DocumentJob.Kind.REFERRAL_PACKET,
        case=case,
        status=DocumentJob.Status.READY,
        requested_by=by,
        inputs=packet_inputs(referral) if referral is not None else {},
    )
