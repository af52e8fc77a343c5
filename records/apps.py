from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = _("Records requests")

    def ready(self):
        from cases.panels import WorkspacePanel, register

        from .selectors import workspace_panel

        register(
            WorkspacePanel(
                name="records",
                template="records/staff/_panel.html",
                context=workspace_panel,
                order=15,
            )
        )
