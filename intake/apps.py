from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Everything family-facing: the inquiry, drafts, the status page and its link, and
    the family's e-mails. Every word here is translated; nothing imports this app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("Inquiries")
