from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "logistics"
    verbose_name = _("Practical tasks")

    def ready(self):
        from cases.panels import WorkspacePanel, register

        from .panel import workspace_panel

        register(
            WorkspacePanel(
                name="tasks",
                template="logistics/staff/_panel.html",
                context=workspace_panel,
                order=30,
            )
        )
