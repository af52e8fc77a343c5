from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from cases.panels import WorkspacePanel, register
        from cases.selectors import QUEUE_ROW_ANNOTATIONS

        from .selectors import unread_by_staff, workspace_panel

        register(
            WorkspacePanel(
                name="conversation",
                template="conversations/staff/_panel.html",
                context=workspace_panel,
                order=5,
            )
        )
        # The queue shows each row's unread family messages (cases cannot import us).
        QUEUE_ROW_ANNOTATIONS["unread_family_messages"] = unread_by_staff
