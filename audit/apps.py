from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from accounts.throttle import register_failure_counter

        from . import receivers  # noqa: F401 - connects the sign-in receivers
        from .selectors import failed_sign_ins

        register_failure_counter(failed_sign_ins)
