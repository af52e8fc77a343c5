"""A coordinator's request for missing records, as a checklist the family answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Document
from referrals.models import ReferralResponse

from .family.choices import ItemStatus, RecordKind

NOTE_MAX_CHARS = 2000
OTHER_TEXT_MAX_CHARS = 200


class RecordsRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="records_requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The coordinator's words to the family (they read it: it passed the claims gate).
    note = models.TextField(_("note to the family"), blank=True, max_length=NOTE_MAX_CHARS)
    due_on = models.DateField(_("due by"))
    # The partner answer ("more information needed") this request passes on, if any.
    from_response = models.ForeignKey(
        ReferralResponse,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When every item was received or no longer needed.
    closed_at = models.DateTimeField(null=True, blank=True)
    # The one reminder after the due date, if items were still missing then.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Open requests past their due date not yet reminded: the reminder sweep.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(closed_at__isnull=True, reminded_at__isnull=True),
                name="records_reminder_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"records request {self.pk} on {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RequestedItem(models.Model):
    Kind = RecordKind
    Status = ItemStatus

    request = models.ForeignKey(RecordsRequest, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    other_text = models.CharField(blank=True, max_length=OTHER_TEXT_MAX_CHARS)
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.MISSING)
    # The file that answered it (uploaded by the family or added by staff).
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="requested_items"
    )
    # Who marked it received another way or no longer needed, and when it was resolved.
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=RecordKind.OTHER) | ~models.Q(other_text=""),
                name="records_other_item_says_what",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ItemStatus.MISSING, resolved_at__isnull=True)
                | (~models.Q(status=ItemStatus.MISSING) & models.Q(resolved_at__isnull=False)),
                name="records_item_resolved_when_not_missing",
            ),
            models.UniqueConstraint(
                fields=["request", "kind", "other_text"], name="records_item_once_per_request"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What the item is, in the active language (an "other" item in the coordinator's
        words)."""
        return self.other_text if self.kind == RecordKind.OTHER else str(self.get_kind_display())

    @property
    def is_missing(self) -> bool:
        return self.status == ItemStatus.MISSING
