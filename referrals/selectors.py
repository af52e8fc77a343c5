"""Reads of referrals: the case workspace's referral section, the coordinator's choices
when preparing one, and what the family's status page shows about sharing."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min, Prefetch
from django.utils import timezone

from accounts.roles import is_supervisor
from cases.highlight import split_flagged
from cases.models import Case
from documents.models import DocumentJob
from partners.models import Organisation
from partners.selectors import contacts_for_referral

from . import consent, deadlines, states
from .models import Referral, ReferralResponse, SharingConsent
from .services import holidays

S = Referral.Status


def referrals_of_case(case: Case):
    return (
        case.referrals.select_related(
            "organisation",
            "organisation__parent",
            "contact",
            "created_by",
            "wording_approved_by",
            "packet",
            "follows__organisation",
        )
        .prefetch_related(
            Prefetch("responses", queryset=ReferralResponse.objects.order_by("submitted_at", "id")),
            "reports",
            "followed_by",
        )
        .order_by("created_at", "id")
    )


def is_overdue(referral: Referral, today=None) -> bool:
    """Overdue for a response, as the queue counts it (cases.models.case.overdue_referrals):
    the first answer still awaited after the deadline, or expired with no follow-up."""
    today = today or timezone.localdate()
    if referral.status in states.AWAITING_ANSWER:
        return referral.response_due_on is not None and referral.response_due_on < today
    return referral.status == S.EXPIRED and not referral.followed_by.all()


def working_days_late(referral: Referral, today=None) -> int:
    """Working days since the answer deadline passed (0 on a weekend right after it)."""
    if referral.response_due_on is None:
        return 0
    today = today or timezone.localdate()
    return deadlines.working_days_between(referral.response_due_on, today, holidays=holidays())


@dataclass
class ReferralCard:
    """One referral as the workspace shows it, with what the viewer may do to it."""

    referral: Referral
    consent_on_record: bool
    overdue: bool
    overdue_days: int
    packet_state: str  # "none", "busy", "ready", "failed"
    # When the family withdrew their agreement, if they did and have not agreed again.
    consent_withdrawn_at: datetime | None = None
    # On hold: the case's reports not yet in this referral, to send with "review continues".
    addable_reports: list = field(default_factory=list)
    wording: list[tuple[str, list]] = field(default_factory=list)  # (label, highlighted parts)
    can_approve: bool = False

    @property
    def is_draft(self) -> bool:
        return self.referral.status == S.DRAFT

    @property
    def held(self) -> bool:
        return bool(self.referral.flags) and self.referral.wording_approved_at is None

    @property
    def can_cancel(self) -> bool:
        return states.can_move(self.referral.status, S.CANCELLED)

    @property
    def can_resume(self) -> bool:
        return self.referral.status == S.ON_HOLD

    @property
    def can_follow_up(self) -> bool:
        return self.referral.status not in (S.DRAFT,)


def _packet_state(referral: Referral) -> str:
    job = referral.packet
    if job is None:
        return "none"
    if job.status == DocumentJob.Status.READY:
        return "ready"
    if job.status == DocumentJob.Status.FAILED:
        return "failed"
    return "busy"


def _wording(referral: Referral) -> list[tuple[str, list]]:
    sentences = [f.get("sentence", "") for f in referral.flags or []]
    return [
        (label, split_flagged(text, sentences))
        for label, text in (
            ("Referral question", referral.question),
            ("Key findings", referral.key_findings),
            ("Cover note", referral.cover_note),
        )
        if text
    ]


def referral_cards(*, case: Case, user) -> list[ReferralCard]:
    today = timezone.localdate()
    supervisor = is_supervisor(user)
    sendable = reports_for_referral(case=case)
    cards = []
    for referral in referrals_of_case(case):
        in_packet = {d.pk for d in referral.reports.all()}
        on_record = (
            consent.standing_consent(case=case, organisation=referral.organisation) is not None
        )
        cards.append(
            ReferralCard(
                referral=referral,
                consent_on_record=on_record,
                consent_withdrawn_at=None
                if on_record
                else consent.last_withdrawal(case=case, organisation=referral.organisation),
                addable_reports=[d for d in sendable if d.pk not in in_packet]
                if referral.status == S.ON_HOLD
                else [],
                overdue=(overdue := is_overdue(referral, today)),
                overdue_days=working_days_late(referral, today) if overdue else 0,
                packet_state=_packet_state(referral),
                wording=_wording(referral),
                can_approve=supervisor
                and referral.status == S.DRAFT
                and bool(referral.flags)
                and referral.wording_approved_at is None
                and referral.created_by_id != user.pk,
            )
        )
    return cards


def workspace_panel(case, user) -> dict:
    """The workspace's "Referrals" section (registered in apps.py)."""
    cards = referral_cards(case=case, user=user)
    return {
        "referral_cards": cards,
        "referrals_open": sum(1 for c in cards if c.referral.status in states.OPEN),
        "referrals_overdue": sum(1 for c in cards if c.overdue),
        "case_open": case.is_open,
    }


def referral_choices(*, case: Case) -> list:
    """Contacts for the picker, the organisations suited to this case first."""
    return contacts_for_referral(suggest_area=case.condition_area, suggest_language=case.language)


def reports_for_referral(*, case: Case):
    """The case's reports a coordinator may tick (those safe to send)."""
    return [d for d in case.documents.order_by("uploaded_at", "id") if d.downloadable]


# --- The family's status page ------------------------------------------------------------


@dataclass
class ConsentRequest:
    """An organisation the coordinator proposes to share with, and what would go."""

    organisation: Organisation
    reports: list = field(default_factory=list)  # file names the coordinator ticked


def consent_requests(*, case: Case) -> list[ConsentRequest]:
    """Organisations of the case's draft or open referrals without the family's standing
    agreement (for them or the hospital they belong to), each once."""
    proposed: dict[int, ConsentRequest] = {}
    for referral in (
        case.referrals.filter(status__in=states.OPEN)
        .select_related("organisation", "organisation__parent")
        .prefetch_related("reports")
        .order_by("created_at", "id")
    ):
        organisation = referral.organisation
        if consent.standing_consent(case=case, organisation=organisation) is not None:
            continue
        withdrawn_at = consent.last_withdrawal(case=case, organisation=organisation)
        if withdrawn_at is not None and withdrawn_at > referral.created_at:
            # The family withdrew after this referral was proposed: not asked again for
            # it (the coordinator prepares a new referral to propose it once more).
            continue
        request = proposed.setdefault(organisation.pk, ConsentRequest(organisation))
        for document in referral.reports.all():
            if document.original_name not in request.reports:
                request.reports.append(document.original_name)
    return list(proposed.values())


def standing_consents(*, case: Case):
    return (
        SharingConsent.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("organisation", "organisation__parent")
        .order_by("given_at", "id")
    )


def records_shared_with(*, case: Case) -> list[dict]:
    """Each organisation that received the family's records, with the first date sent."""
    rows = (
        case.referrals.filter(sent_at__isnull=False)
        .values("organisation")
        .annotate(since=Min("sent_at"))
        .order_by("since")
    )
    organisations = Organisation.objects.select_related("parent").in_bulk(
        [row["organisation"] for row in rows]
    )
    return [{"organisation": organisations[r["organisation"]], "since": r["since"]} for r in rows]


def consent_to_withdraw(*, case: Case, organisation_id: int) -> SharingConsent | None:
    return standing_consents(case=case).filter(organisation_id=organisation_id).first()


def proposed_organisation(*, case: Case, organisation_id: int) -> Organisation | None:
    """The organisation, if the coordinator proposes it to this family now."""
    for request in consent_requests(case=case):
        if request.organisation.pk == organisation_id:
            return request.organisation
    return None
