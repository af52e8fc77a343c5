"""Writes on a referral: prepare a draft, send it, move it along, record the partner's
answer, cancel, expire. Every status change goes through `_move`, which writes the
ReferralTransition, the case timeline line and the audit event together.

The packet (referrals.packet) and the partner's portal link and e-mail (referrals.portal)
are built by their own modules; this one decides when.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from cases.alerts import coordinator_alert
from cases.models import Case, CoordinatorAlert, Document, Holiday, TimelineEvent
from cases.timeline import case_event
from claims import gate
from partners.models import Contact
from partners.rules import organisation_agreement_in_force

from . import consent, deadlines, packet, portal, states
from .errors import ReferralRefusedError, ReferralWordingHeldError
from .models import Referral, ReferralResponse, ReferralTransition

S = Referral.Status
MAX_RESPONSE_DAYS = 60


def holidays() -> frozenset[date]:
    return frozenset(Holiday.objects.filter(coordinator__isnull=True).values_list("day", flat=True))


def due_date(*, start: date, days: int) -> date:
    return deadlines.add_working_days(start, days, holidays=holidays())


def _check_recipient(contact: Contact, today: date) -> None:
    organisation = contact.organisation
    if not contact.is_active:
        raise ReferralRefusedError(f"{contact.name} is no longer a contact at {organisation}.")
    if not organisation.active:
        raise ReferralRefusedError(f"{organisation} is no longer an active partner.")
    if not organisation_agreement_in_force(organisation, today):
        raise ReferralRefusedError(
            f"{organisation} has no data-sharing agreement in force, so no records can be "
            "sent there. A supervisor records the agreement in the partner directory first."
        )


def _judge(referral: Referral) -> list[dict]:
    """The claims gate over the coordinator's own words, in the partner's language."""
    flags = []
    for text in (referral.question, referral.key_findings, referral.cover_note):
        if text.strip():
            verdict = gate.check(
                text, channel=gate.Channel.PARTNER_EMAIL, language=referral.contact_language
            )
            flags += [flag.as_dict() for flag in verdict.flags]
    return flags


def _move(
    referral: Referral, to: str, *, by=None, partner_email: str = "", reason: str = ""
) -> None:
    before = referral.status
    if not states.can_move(before, to):
        raise ReferralRefusedError(
            f'A referral that is "{S(before).label}" cannot become "{S(to).label}".'
        )
    now = timezone.now()
    referral.status = to
    referral.version += 1
    if to in states.CLOSED:
        referral.closed_at = now
    referral.save()
    ReferralTransition.objects.create(
        referral=referral,
        from_status=before,
        to_status=to,
        actor=by,
        partner_email=partner_email,
        reason=reason[:300],
    )
    who = f" by {partner_email}" if partner_email else ""
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"Referral to {referral.organisation}: {S(before).label} → {S(to).label}{who}"
        + (f" ({reason})" if reason else ""),
        actor=by,
        audit=AuditEvent.Action.REFERRAL_CHANGED,
        object_type="referral",
        object_id=referral.pk,
        detail=f"{before} -> {to}",
    )


def _locked(referral: Referral, expected_version: int | None = None) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("organisation", "case")
        .get(pk=referral.pk)
    )
    if expected_version is not None and referral.version != expected_version:
        raise ReferralRefusedError(
            "Someone else changed this referral while you were looking at it. "
            "Reload the page to see the change."
        )
    return referral


@transaction.atomic
def referral_prepare(
    *,
    case: Case,
    by,
    contact: Contact,
    question: str,
    key_findings: str = "",
    cover_note: str = "",
    reports: list[Document] = (),
    response_days: int = 10,
    follows: Referral | None = None,
) -> Referral:
    """A draft referral to one partner contact. Nothing leaves Navigator yet."""
    _check_recipient(contact, timezone.localdate())
    if not question.strip():
        raise ReferralRefusedError(
            "Write the referral question: what the family hopes the partner will look at."
        )
    if not 1 <= response_days <= MAX_RESPONSE_DAYS:
        raise ReferralRefusedError(
            f"The response deadline must be between 1 and {MAX_RESPONSE_DAYS} working days away."
        )
    foreign = [d for d in reports if d.case_id != case.pk]
    if foreign:
        raise ReferralRefusedError("A report chosen does not belong to this case.")
    if follows is not None and follows.case_id != case.pk:
        raise ReferralRefusedError("A follow-up referral must be on the same case.")
    referral = Referral.objects.create(
        case=case,
        organisation=contact.organisation,
        contact=contact,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_language=contact.language,
        question=question.strip(),
        key_findings=key_findings.strip(),
        cover_note=cover_note.strip(),
        response_days=response_days,
        follows=follows,
        created_by=by,
    )
    referral.reports.set(reports)
    referral.flags = _judge(referral)
    referral.save(update_fields=["flags"])
    ReferralTransition.objects.create(referral=referral, to_status=S.DRAFT, actor=by)
    case_event(
        case,
        TimelineEvent.Kind.REFERRAL,
        f"Referral to {referral.organisation} prepared ({contact.name}, {contact.role}).",
        actor=by,
        audit=AuditEvent.Action.REFERRAL_CREATED,
        object_type="referral",
        object_id=referral.pk,
    )
    return referral


@transaction.atomic
def referral_update(
    *,
    referral: Referral,
    by,
    expected_version: int | None,
    question: str,
    key_findings: str = "",
    cover_note: str = "",
    reports: list[Document] = (),
    response_days: int = 10,
) -> Referral:
    """Edit a draft. New words are judged again and clear a supervisor's approval of the
    old ones; a packet prepared from the old draft must be prepared again."""
    referral = _locked(referral, expected_version)
    if referral.status != S.DRAFT:
        raise ReferralRefusedError("Only a draft referral can be edited.")
    if not question.strip():
        raise ReferralRefusedError(
            "Write the referral question: what the family hopes the partner will look at."
        )
    if not 1 <= response_days <= MAX_RESPONSE_DAYS:
        raise ReferralRefusedError(
            f"The response deadline must be between 1 and {MAX_RESPONSE_DAYS} working days away."
        )
    if any(d.case_id != referral.case_id for d in reports):
        raise ReferralRefusedError("A report chosen does not belong to this case.")
    before = (
        referral.question,
        referral.key_findings,
        referral.cover_note,
        set(referral.reports.values_list("pk", flat=True)),
    )
    referral.question = question.strip()
    referral.key_findings = key_findings.strip()
    referral.cover_note = cover_note.strip()
    referral.response_days = response_days
    after = (
        referral.question,
        referral.key_findings,
        referral.cover_note,
        {d.pk for d in reports},
    )
    if before != after:
        referral.packet = None
    if before[:3] != after[:3]:
        referral.wording_approved_by = None
        referral.wording_approved_at = None
        referral.wording_approval_reason = ""
        referral.flags = _judge(referral)
    referral.version += 1
    referral.save()
    referral.reports.set(reports)
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"Draft referral to {referral.organisation} edited.",
        actor=by,
        audit=AuditEvent.Action.REFERRAL_CHANGED,
        object_type="referral",
        object_id=referral.pk,
        detail="draft edited",
    )
    return referral


def referral_send(*, referral: Referral, by, expected_version: int | None = None) -> Referral:
    """Send a draft: every check first, then the status, the deadline, the portal link
    and the partner's e-mail (after commit). Refused with the reason otherwise.

    The claims gate reads the wording before the transaction, so its flags are kept on
    the draft even when sending is refused because of them."""
    flags = _judge(referral)
    Referral.objects.filter(pk=referral.pk, status=S.DRAFT).update(flags=flags)
    return _send(referral=referral, by=by, expected_version=expected_version, flags=flags)


@transaction.atomic
def _send(*, referral: Referral, by, expected_version: int | None, flags: list[dict]) -> Referral:
    referral = _locked(referral, expected_version)
    if referral.status != S.DRAFT:
        raise ReferralRefusedError("Only a draft referral can be sent.")
    today = timezone.localdate()
    if referral.contact is None:
        raise ReferralRefusedError(
            "The contact this referral was for has been removed; prepare a new one."
        )
    _check_recipient(referral.contact, today)
    if consent.standing_consent(case=referral.case, organisation=referral.organisation) is None:
        raise ReferralRefusedError(
            f"The family has not agreed to share their records with {referral.organisation}. "
            "They can agree on their private status page; the referral waits until they do."
        )
    if flags and not referral_wording_approved(referral):
        raise ReferralWordingHeldError(flags)
    packet.check_ready(referral)
    referral.sent_at = timezone.now()
    referral.response_due_on = due_date(start=today, days=referral.response_days)
    _move(referral, S.REQUESTED, by=by)
    portal.open_link_and_notify(referral)
    return referral


def referral_wording_approved(referral: Referral) -> bool:
    """A supervisor approved the flagged wording as it stands now (editing a draft clears
    the approval)."""
    return referral.wording_approved_at is not None


@transaction.atomic
def referral_approve_wording(*, referral: Referral, by, reason: str) -> Referral:
    """A supervisor, not the author, lets flagged wording go as written, with a reason."""
    from accounts.roles import is_supervisor

    referral = _locked(referral)
    if not is_supervisor(by) or by.pk == referral.created_by_id:
        raise ReferralRefusedError(
            "Flagged wording is approved by a supervisor other than its author."
        )
    if referral.status != S.DRAFT or not referral.flags:
        raise ReferralRefusedError("Only a draft with flagged wording needs approval.")
    if not reason.strip():
        raise ReferralRefusedError("Give the reason the wording may go as written.")
    referral.wording_approved_by = by
    referral.wording_approved_at = timezone.now()
    referral.wording_approval_reason = reason.strip()[:300]
    referral.save()
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"Flagged wording of the referral to {referral.organisation} approved by "
        f"{by.get_username()}: {reason.strip()}",
        actor=by,
        audit=AuditEvent.Action.REFERRAL_WORDING_APPROVED,
        object_type="referral",
        object_id=referral.pk,
    )
    return referral


@transaction.atomic
def referral_mark_received(*, referral: Referral, partner_email: str) -> Referral:
    """The partner opened the packet for the first time."""
    referral = _locked(referral)
    if referral.status == S.REQUESTED:
        _move(referral, S.RECEIVED, partner_email=partner_email)
    return referral


@transaction.atomic
def referral_cancel(*, referral: Referral, by, reason: str) -> Referral:
    referral = _locked(referral)
    if not reason.strip():
        raise ReferralRefusedError("Say why the referral is withdrawn.")
    _move(referral, S.CANCELLED, by=by, reason=reason.strip())
    portal.close_links(referral, reason="referral withdrawn")
    return referral


@transaction.atomic
def referral_resume(
    *, referral: Referral, by, note: str = "", reports: list[Document] = ()
) -> Referral:
    """The coordinator sent what the partner asked for: the review goes on.

    The reports ticked (the records the family sent since) join the referral's packet, on
    the same private link, and the partner is e-mailed that they are there (after commit):
    what was sent stays inside Navigator and its audit trail, not in a hand-sent e-mail."""
    referral = _locked(referral)
    if referral.status != S.ON_HOLD:
        raise ReferralRefusedError("Only a referral waiting for more information can resume.")
    added = [d for d in reports if not referral.reports.filter(pk=d.pk).exists()]
    if added:
        _check_more_records(referral, added)
        referral.reports.add(*added)
        names = ", ".join(d.original_name for d in added)
        case_event(
            referral.case,
            TimelineEvent.Kind.REFERRAL,
            f"Added for {referral.organisation} to review: {names}.",
            actor=by,
            audit=AuditEvent.Action.REFERRAL_CHANGED,
            object_type="referral",
            object_id=referral.pk,
            detail=f"reports added: {', '.join(str(d.pk) for d in added)}",
        )
    reason = note.strip() or ("records added" if added else "information sent")
    _move(referral, S.IN_PROGRESS, by=by, reason=reason)
    if added:
        portal.notify_more_records(referral, note=note.strip())
    return referral


def _check_more_records(referral: Referral, reports: list[Document]) -> None:
    if any(d.case_id != referral.case_id for d in reports):
        raise ReferralRefusedError("A report chosen does not belong to this case.")
    if any(not d.downloadable for d in reports):
        raise ReferralRefusedError(
            "A report chosen is still awaiting its virus scan, or was refused by it."
        )
    if consent.standing_consent(case=referral.case, organisation=referral.organisation) is None:
        raise ReferralRefusedError(
            f"The family no longer agrees to share their records with {referral.organisation}, "
            "so nothing more can be sent there."
        )
    if not organisation_agreement_in_force(referral.organisation, timezone.localdate()):
        raise ReferralRefusedError(
            f"{referral.organisation} has no data-sharing agreement in force, so nothing more "
            "can be sent there."
        )


@transaction.atomic
def response_record(
    *,
    referral: Referral,
    kind: str,
    responder_name: str,
    responder_email: str,
    idempotency_key: str,
    message: str = "",
    requested_records: str = "",
    reason: str = "",
    offered_on: date | None = None,
    letter=None,
) -> ReferralResponse:
    """Store the partner's answer verbatim and move the referral. The same form sent twice
    (same key) is one answer."""
    referral = _locked(referral)
    existing = ReferralResponse.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.referral_id != referral.pk:
            raise ReferralRefusedError("This answer form belongs to another referral.")
        return existing
    if kind not in ReferralResponse.Kind.values:
        raise ReferralRefusedError("Choose one of the answers offered.")
    if referral.status not in states.ANSWERABLE:
        raise ReferralRefusedError(
            "This referral is closed, so it cannot take an answer. Please contact the coordinator."
        )
    if kind == ReferralResponse.Kind.MORE_INFORMATION and not requested_records.strip():
        raise ReferralRefusedError("Say which records or tests you need.")
    response = ReferralResponse(
        referral=referral,
        kind=kind,
        message=message,
        requested_records=requested_records,
        reason=reason,
        offered_on=offered_on,
        responder_name=responder_name,
        responder_email=responder_email,
        idempotency_key=idempotency_key,
    )
    if letter is not None:  # a core.uploads.CheckedUpload: it passed the upload checks
        response.letter_name = letter.original_name[:200]
        response.letter_sha256 = letter.sha256
        response.letter.save(letter.original_name, letter.file, save=False)
    response.save()
    if referral.first_answered_at is None:
        referral.first_answered_at = response.submitted_at
    to = states.status_after_answer(referral.status, kind)
    if to != referral.status:
        _move(
            referral,
            to,
            partner_email=responder_email,
            reason=f"answer: {ReferralResponse.Kind(kind).label}",
        )
    else:
        referral.save(update_fields=["first_answered_at", "updated_at"])
    record_answer = ReferralResponse.Kind(kind).label
    case_event(
        referral.case,
        TimelineEvent.Kind.REFERRAL,
        f"{referral.organisation} answered: {record_answer} ({responder_name}).",
        audit=AuditEvent.Action.REFERRAL_ANSWERED,
        object_type="referral",
        object_id=referral.pk,
        detail=kind,
    )
    coordinator_alert(case=referral.case, kind=CoordinatorAlert.Kind.REFERRAL_ANSWER)
    return response


def referrals_expire(*, today: date | None = None) -> int:
    """Mark expired every referral still waiting for a first answer after its deadline
    (run by the beat schedule). Returns how many expired."""
    today = today or timezone.localdate()
    expired = 0
    for pk in Referral.objects.filter(
        status__in=states.AWAITING_ANSWER, response_due_on__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            referral = _locked(Referral(pk=pk))
            if referral.status in states.AWAITING_ANSWER and referral.response_due_on < today:
                _move(referral, S.EXPIRED, reason="no answer by the deadline")
                expired += 1
    return expired
