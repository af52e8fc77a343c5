"""Referrals: a case carried to one partner contact and back.

- SharingConsent: the family's agreement to share their records with one named
  organisation, given and withdrawn from their status page.
- Referral: what was sent, to whom, why, by when; its status follows referrals.states
  (the FHIR Task workflow for referrals). Each change is a ReferralTransition.
- ReferralResponse: the partner's answer, stored verbatim and attributed.
- PortalLink and PortalDevice: the partner's private link to the packet, and the devices
  that proved, with an e-mailed code, that they are that contact's.

Names, addresses and languages of the recipient are copied onto the referral when it is
sent, so retiring a contact never rewrites what happened.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Document
from documents.models import DocumentJob
from partners.models import Contact, Organisation


class SharingConsent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sharing_consents")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Which wording the family agreed to (referrals.consent.TEXT_VERSION), and in which
    # language they read it.
    text_version = models.CharField(max_length=32)
    language = models.CharField(max_length=8)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_consent_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.organisation_id} ({self.text_version})"


class Referral(models.Model):
    class Status(models.TextChoices):
        # The FHIR Task statuses a referral uses (HL7 SDOH Clinical Care referral Task),
        # plus "expired" for a deadline that passed with no answer. Labels describe the
        # navigation work, never a verdict on the patient.
        DRAFT = "draft", _("Draft, not sent")
        REQUESTED = "requested", _("Sent to the partner")
        RECEIVED = "received", _("Opened by the partner")
        ACCEPTED = "accepted", _("The partner agreed to review the records")
        REJECTED = "rejected", _("The partner was unable to review the records")
        ON_HOLD = "on_hold", _("The partner asked for more information")
        IN_PROGRESS = "in_progress", _("Under review by the partner")
        COMPLETED = "completed", _("The partner answered")
        CANCELLED = "cancelled", _("Withdrawn by the coordinator")
        EXPIRED = "expired", _("No answer by the deadline")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The coordinator's own words: what the family hopes the partner will look at.
    question = models.TextField(_("referral question"), max_length=4000)
    # The findings the coordinator highlights for the partner's reader.
    key_findings = models.TextField(_("key findings"), blank=True, max_length=4000)
    cover_note = models.TextField(_("cover note"), blank=True, max_length=4000)
    # Sentences the claims gate flagged in the question, findings or cover note.
    flags = models.JSONField(default=list, blank=True)
    # A supervisor's approval of flagged wording as it stands; editing the draft clears it.
    wording_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wording_approved_at = models.DateTimeField(null=True, blank=True)
    wording_approval_reason = models.CharField(max_length=300, blank=True)
    reports = models.ManyToManyField(Document, blank=True, related_name="referrals")
    packet = models.ForeignKey(
        DocumentJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    response_days = models.PositiveSmallIntegerField(_("working days to answer"), default=10)
    response_due_on = models.DateField(_("answer due by"), null=True, blank=True)
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Waiting for an answer, by deadline: the overdue filter and the reminder sweep.
            models.Index(
                fields=["response_due_on", "id"],
                condition=models.Q(status__in=["requested", "received"]),
                name="referral_awaiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} of {self.case_id} to {self.organisation_id}"


class ReferralTransition(models.Model):
    """One status change, by a member of staff, the partner, or the system (neither)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_email = models.EmailField(blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"


def response_letter_path(instance, filename: str) -> str:
    return f"referrals/{instance.referral_id}/letters/{instance.idempotency_key}.pdf"


class ReferralResponse(models.Model):
    class Kind(models.TextChoices):
        MORE_INFORMATION = "more_information", _("More information needed")
        WILL_REVIEW = "will_review", _("We will review the case")
        SCREENING_OFFERED = "screening_offered", _("Screening consultation offered")
        NOT_SUITABLE = "not_suitable", _("Not suitable at this time")
        UNABLE_TO_REVIEW = "unable_to_review", _("Unable to review")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # Everything below is the partner's own words, kept exactly as written.
    message = models.TextField(blank=True, max_length=10000)
    requested_records = models.TextField(blank=True, max_length=4000)
    reason = models.TextField(blank=True, max_length=4000)
    offered_on = models.DateField(null=True, blank=True)
    letter = models.FileField(upload_to=response_letter_path, max_length=200, blank=True)
    letter_name = models.CharField(max_length=200, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    responder_name = models.CharField(max_length=200)
    responder_email = models.EmailField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    # From the form the partner loaded: submitting the same form twice makes one answer.
    idempotency_key = models.CharField(max_length=64, unique=True)
    # When the coordinator shared it with the family, and the framing they added.
    relayed_at = models.DateTimeField(null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    relay_note = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.responder_email}"


class PortalLink(models.Model):
    """A partner contact's private link to one referral. Only the token's hash is kept."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="portal_links")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    # The one-time code for a new device: its hash, when it ends, and wrong tries so far.
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"portal link {self.pk} for referral {self.referral_id}"


class PortalDevice(models.Model):
    """A browser that entered the right code for a link (a random cookie, hash kept)."""

    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="devices")
    device_hash = models.CharField(max_length=64, unique=True)
    verified_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"device {self.pk} of link {self.link_id}"
