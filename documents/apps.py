from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Generated documents")

    def ready(self):
        from cases.panels import WorkspacePanel, register

        from .selectors import workspace_panel

        register(
            WorkspacePanel(
                name="documents",
                template="staff/_documents_panel.html",
                context=workspace_panel,
                order=10,
            )
        )
