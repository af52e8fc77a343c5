"""The audit trail: who saw or changed what, when, from where. Never the health data.

Rows are plain values, with no foreign keys, so an audit record outlives the user or
case it names and cannot be cascaded away. Writing goes through audit.services.record only.
The table kept its name from when this model lived in `cases`.
"""

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        TWO_FACTOR_FAILED = "2fa_failed", _("Second factor refused")
        PASSKEY_ADDED = "passkey_added", _("Passkey added")
        PASSKEY_REMOVED = "passkey_removed", _("Passkey removed")
        CASE_VIEWED = "case_viewed", _("Case viewed")
        DOCUMENT_DOWNLOADED = "document_downloaded", _("Document downloaded")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Case assigned")
        NOTE_ADDED = "note_added", _("Note added")
        CONTACT_LOGGED = "contact_logged", _("Contact logged")
        PDF_REQUESTED = "pdf_requested", _("PDF requested")
        PDF_DOWNLOADED = "pdf_downloaded", _("Generated PDF downloaded")
        EXPORTED = "exported", _("Case exported")
        ANONYMISED = "anonymised", _("Case anonymised")
        ACCESS_DENIED = "access_denied", _("Access refused")
        TEXT_HELD = "text_held", _("Shared text held for review")
        TEXT_APPROVED = "text_approved", _("Shared text approved")
        TEXT_EDITED = "text_edited", _("Shared text edited and shared")
        TEXT_REJECTED = "text_rejected", _("Shared text rejected")
        EMAIL_HELD = "email_held", _("E-mail held by the claims gate")
        CONSENT_GIVEN = "consent_given", _("Family agreed to share with an organisation")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Family withdrew consent to share")
        PARTNER_CHANGED = "partner_changed", _("Partner directory changed")
        REFERRAL_CREATED = "referral_created", _("Referral prepared")
        REFERRAL_CHANGED = "referral_changed", _("Referral status changed")
        REFERRAL_WORDING_APPROVED = "referral_wording_ok", _("Flagged referral wording approved")
        REFERRAL_ANSWERED = "referral_answered", _("Partner answered a referral")
        REFERRAL_RELAYED = "referral_relayed", _("Partner answer relayed to the family")
        PORTAL_LINK_SENT = "portal_link_sent", _("Partner portal link sent")
        PORTAL_LINK_REVOKED = "portal_link_revoked", _("Partner portal link revoked")
        PORTAL_OPENED = "portal_opened", _("Partner portal opened")
        PORTAL_CODE_FAILED = "portal_code_failed", _("Partner portal code refused")
        PORTAL_LOCKED = "portal_locked", _("Partner portal link locked")
        PORTAL_DOWNLOADED = "portal_downloaded", _("Partner downloaded a file")
        MESSAGE_SENT = "message_sent", _("Message sent to the family")
        TASK_CHANGED = "task_changed", _("Practical task changed")
        SETTINGS_CHANGED = "settings_changed", _("Own settings changed")
        RECORDS_REQUESTED = "records_requested", _("Records requested from the family")
        RECORDS_ITEM_MARKED = "records_item_marked", _("Requested record marked")
        DOCUMENT_ADDED = "document_added", _("Document added by staff")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    object_type = models.CharField(max_length=32, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "cases_auditevent"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["actor_id", "-created_at"], name="audit_actor_idx"),
            # One per filter of the audit page, newest first, so a page is an index range
            # however long the trail grows (audit.selectors pages by id, newest first).
            models.Index(Upper("actor_username"), models.F("id").desc(), name="audit_who_idx"),
            models.Index(Upper("case_reference"), models.F("id").desc(), name="audit_case_idx"),
            models.Index("action", models.F("id").desc(), name="audit_action_idx"),
            # Failed sign-ins from one address, recent first: staff sign-in's brake while
            # the cache is away (audit.selectors.failed_sign_ins).
            models.Index(
                fields=["ip_address", "-created_at"],
                condition=models.Q(action="sign_in_failed"),
                name="audit_failed_sign_in_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"
