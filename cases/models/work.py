"""What coordinators record while working a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import Case


class CaseNote(models.Model):
    """An internal note. Staff only, unless a coordinator marks it shareable (then the
    claims guard checks it before it can reach a family or a hospital summary)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("note"), max_length=20000)
    shareable = models.BooleanField(_("may be shared outside the team"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.case_id}"


class ContactLog(models.Model):
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
    shareable = models.BooleanField(_("may be shared outside the team"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.happened_at:%Y-%m-%d}"
