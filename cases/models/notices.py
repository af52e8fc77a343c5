"""What the family and the coordinators are told happened on a case.

Both are short workflow facts, never health data and never the words of a message:
a family notice is an e-mail that says "something changed, open your private page";
a coordinator alert is a line in the app (and, if the coordinator chose, an e-mail).
"""

from django.conf import settings
from django.db import models

from ..family.choices import NoticeEvent
from .case import Case


class FamilyNotice(models.Model):
    """One change the family should hear about. Pending notices of a case go out together
    in one e-mail (cases.family_notices), so a burst of changes makes one message."""

    Event = NoticeEvent

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_notices")
    event = models.CharField(max_length=32, choices=Event.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Why it was not sent (the family chose no e-mail, the claims gate held it...).
    skipped_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, skipped_reason=""),
                name="family_notice_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.event}"


class CoordinatorAlert(models.Model):
    """Something that needs a coordinator: shown in the app until read, and e-mailed when
    their profile asks for e-mail alerts."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "A case was assigned to you"
        FAMILY_MESSAGE = "family_message", "The family wrote a message"
        FAMILY_UPLOAD = "family_upload", "The family added a file"
        REFERRAL_ANSWER = "referral_answer", "A partner answered a referral"
        RECORDS_ARRIVED = "records_arrived", "A requested record arrived"
        TASK_DUE = "task_due", "A task is due soon"
        URGENT_ON_CALL = "urgent_on_call", "An urgent case arrived while you are on call"
        REASSIGNED = "reassigned", "A case of yours was reassigned to someone else"
        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            "The family withdrew an agreement to share their records",
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_alerts"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="alert_unread_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} on {self.case_id}"
