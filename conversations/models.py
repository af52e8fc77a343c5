"""The conversation between a family and their coordinator, and the reviewed templates a
coordinator may start a reply from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Document

MAX_BODY = 5000


class Message(models.Model):
    """One message on a case. `author` is the member of staff who wrote it; None means the
    family wrote it (from their private status page). Each side's read time is kept: a
    message is read by its own side when written."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversation_messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=MAX_BODY)
    # From a hidden field of the form: a form sent twice carries the same key.
    idempotency_key = models.UUIDField()
    created_at = models.DateTimeField(default=timezone.now)
    read_by_family_at = models.DateTimeField(null=True, blank=True)
    read_by_staff_at = models.DateTimeField(null=True, blank=True)
    attachments = models.ManyToManyField(Document, blank=True, related_name="+")
    template = models.ForeignKey(
        "MessageTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "idempotency_key"], name="message_once_per_key"
            ),
            models.CheckConstraint(condition=models.Q(body__regex=r"\S"), name="message_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MAX_BODY), name="message_body_max"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "created_at", "id"], name="message_thread_idx"),
            # The queue's unread count: the family's messages staff have not read yet.
            models.Index(
                fields=["case"],
                condition=models.Q(author__isnull=True, read_by_staff_at__isnull=True),
                name="message_unread_by_staff_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} message {self.pk}"

    @property
    def from_family(self) -> bool:
        return self.author_id is None


class MessageTemplate(models.Model):
    """A reply a coordinator may start from, in one language, kept in the admin. Only a
    reviewed template is offered; changing a reviewed one's words takes the review away."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text"),
        max_length=MAX_BODY,
        help_text=_(
            "Placeholders: {family_name}, {coordinator_name}, {case_reference}. "
            "Write {{ or }} for a brace the family should see."
        ),
    )
    reviewed = models.BooleanField(_("reviewed"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["language", "name"], name="template_name_per_language"),
            models.CheckConstraint(
                condition=models.Q(reviewed=False) | models.Q(reviewed_by__isnull=False),
                name="template_reviewed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def clean(self):
        from .placeholders import PlaceholderError, placeholders_in

        try:
            placeholders_in(self.body)
        except PlaceholderError as error:
            raise ValidationError({"body": str(error)}) from error
