"""What coordinators record while working a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import Case


class ShareState(models.TextChoices):
    """Where a note or contact summary stands with the family. `shareable` says what the
    coordinator asked for; this says what the claims gate and a supervisor made of it."""

    INTERNAL = "internal", _("Internal")
    HELD = "held", _("Held for review")
    SHARED = "shared", _("Shared with the family")
    REJECTED = "rejected", _("Not shared")


class SharedText(models.Model):
    """What a note and a contact summary have in common once a coordinator asks to share
    them: the claims gate's verdict and, when it was unsure, a supervisor's review
    (cases.review). Only share state "shared" reaches the family or a hospital summary."""

    TEXT_FIELD = ""  # the field holding the words the family would read

    shareable = models.BooleanField(_("may be shared outside the team"), default=False)
    share_state = models.CharField(
        _("shared with the family"),
        max_length=16,
        choices=ShareState.choices,
        default=ShareState.INTERNAL,
    )
    # Each sentence the claims gate flagged: {"sentence", "reason", "outcome"}.
    flags = models.JSONField(_("flagged sentences"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reason for the review decision"), blank=True)
    # The coordinator's words, kept when a supervisor shared an edited version instead.
    original_text = models.TextField(_("text before the supervisor's edit"), blank=True)

    class Meta:
        abstract = True

    @property
    def text(self) -> str:
        return getattr(self, self.TEXT_FIELD)


class CaseNote(SharedText):
    """An internal note. Staff only, unless a coordinator marks it shareable (then the
    claims gate checks it before it can reach a family or a hospital summary)."""

    TEXT_FIELD = "body"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("note"), max_length=20000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The supervisors' review list and its count in the staff navigation.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(share_state="held"),
                name="note_held_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.case_id}"


class ContactLog(SharedText):
    TEXT_FIELD = "summary"

    class Channel(models.TextChoices):
        CALL = "call", _("Phone call")
        EMAIL = "email", _("E-mail")
        MESSAGE = "message", _("Message")
        MEETING = "meeting", _("Video or in-person meeting")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    channel = models.CharField(_("how"), max_length=16, choices=Channel.choices)
    happened_at = models.DateTimeField(_("when"))
    summary = models.TextField(_("summary"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(share_state="held"),
                name="contact_held_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.happened_at:%Y-%m-%d}"
