from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """A case and its work, staff-facing: routing, the queue, the workspace, files,
    service levels, retention. What families read about their case is in cases/family/."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Cases")
