"""The packet summary: one PDF made for a hospital's review of one referral.

Unlike the case summary (documents.builders.case_summary) it carries no library article
disclaimer and no notes addressed to the family. It says who it is for and from, the
patient's age, the diagnosis and treatments, the coordinator's referral question and the
findings they highlight, the family's own words (quoted, attributed and marked
`data-attributed` so the claims gate skips them), the reports enclosed, and that any
decision is the hospital's.

`packet_inputs()` is what the packet is made from, as a short digest per part. It is
stored on the job when the packet is requested and again when it is rendered; a part that
differs now makes the packet stale (referrals.packet.is_stale).
"""

import hashlib
import json
from datetime import date

from django.utils import timezone

from documents import builders
from documents.models import DocumentJob

from .models import Referral

# What each part of the inputs is, in the words of the refusal that names it.
PART_NAMES = {
    "patient": "the patient's details",
    "diagnosis": "the diagnosis",
    "treatments": "the treatment history",
    "family_words": "the family's own words",
    "wording": "the referral question, key findings or cover note",
    "reports": "the reports chosen",
    "recipient": "the recipient",
    "coordinator": "the coordinator",
}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _load(referral: Referral) -> Referral:
    return (
        Referral.objects.select_related(
            "case__patient", "case__diagnosis", "organisation__parent", "contact", "created_by"
        )
        .prefetch_related("case__treatments", "reports")
        .get(pk=referral.pk)
    )


def _reports(referral: Referral) -> list:
    return sorted(referral.reports.all(), key=lambda d: (d.uploaded_at, d.pk))


def coordinator_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def packet_inputs(referral: Referral, *, today: date | None = None, loaded: bool = False) -> dict:
    """A digest per part of what the packet prints (the age counts: a birthday makes an
    older packet stale)."""
    referral = referral if loaded else _load(referral)
    today = today or timezone.localdate()
    case = referral.case
    patient, diagnosis = case.patient, case.diagnosis
    parts = {
        "patient": [
            patient.full_name,
            patient.date_of_birth,
            age_on(patient.date_of_birth, today),
            patient.sex,
            str(patient.country_of_residence),
            patient.current_location,
        ],
        "diagnosis": [
            diagnosis.condition,
            diagnosis.condition_other,
            diagnosis.diagnosed_on,
            diagnosis.stage_or_status,
            diagnosis.relapsed_or_refractory,
            diagnosis.biomarkers,
            diagnosis.ecog,
        ],
        "treatments": [
            [t.position, t.kind, t.regimen, t.started_on, t.ended_on, t.best_response, t.notes]
            for t in case.treatments.all()
        ],
        "family_words": [case.help_topics, case.help_details],
        "wording": [referral.question, referral.key_findings, referral.cover_note],
        "reports": [
            [d.pk, d.original_name, d.category, d.uploaded_at, d.page_count, d.sha256]
            for d in _reports(referral)
        ],
        "recipient": [str(referral.organisation), referral.contact_name, referral.contact_email],
        "coordinator": [coordinator_name(referral.created_by), referral.created_by.email],
    }
    return {name: _digest(value) for name, value in parts.items()}


def changed_parts(referral: Referral, job: DocumentJob) -> list[str]:
    """The parts whose digest differs from what `job` was made from (every part when the
    job recorded none)."""
    now = packet_inputs(referral)
    return [name for name, value in now.items() if job.inputs.get(name) != value]


def build(job: DocumentJob) -> builders.Rendered:
    """The builder registered for DocumentJob.Kind.REFERRAL_PACKET."""
    referral = job.referrals.first()
    if referral is None:
        raise builders.RenderFailedError(
            "This packet no longer belongs to a referral (a newer one replaced it)."
        )
    referral = _load(referral)
    today = timezone.localdate()
    case = referral.case
    treatments = builders.treatments_to_print(list(case.treatments.all()))
    reports = _reports(referral)
    born = case.patient.date_of_birth
    context = {
        "footer_reference": case.reference,
        "footer_disclaimer": builders.FOOTER_DISCLAIMER,
        "generated_at": timezone.now(),
        "language": "en",
        "referral": referral,
        "case": case,
        "job_version": job.version,
        "age": age_on(born, today),
        "birth_year": born.year,
        "coordinator_name": coordinator_name(referral.created_by),
        "coordinator_email": referral.created_by.email,
        "contact_role": referral.contact.role if referral.contact else "",
        # The coordinator's wording is Navigator's own, so the claims gate reads it here
        # too; wording a supervisor approved as written (referrals.services) is not
        # judged a second time: it is printed as the coordinator's, attributed.
        "wording_approved": referral.wording_approved_at is not None,
        "treatments": treatments.shown,
        "treatments_not_shown": treatments.not_shown,
        "reports": reports,
        "max_field": builders.PDF_MAX_FIELD_CHARS,
        "max_cell": builders.PDF_MAX_CELL_CHARS,
        "max_text": builders.PDF_MAX_TEXT_CHARS,
    }
    inputs = packet_inputs(referral, today=today, loaded=True)
    return builders.render("referrals/pdf/packet.html", context, "en", inputs)
