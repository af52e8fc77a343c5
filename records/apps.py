from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = _("Records requests")

    def ready(self):
        from cases import retention
        from cases.panels import WorkspacePanel, register

        from .selectors import records_export, workspace_panel
        from .services import records_forget

        register(
            WorkspacePanel(
                name="records",
                template="records/staff/_panel.html",
                context=workspace_panel,
                order=15,
            )
        )
        # The coordinator's notes and "other" items are the family's data too.
        retention.register(
            retention.HeldElsewhere(
                name="records_requests", export=records_export, forget=records_forget
            )
        )
