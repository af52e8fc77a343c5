from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from cases.panels import WorkspacePanel, register

        from .selectors import workspace_panel

        register(
            WorkspacePanel(
                name="referrals",
                template="referrals/staff/_panel.html",
                context=workspace_panel,
                order=20,
            )
        )

        from documents.builders import BUILDERS
        from documents.models import DocumentJob

        from .packet_pdf import build

        # documents renders and checks the packet like any PDF; what goes in it is ours.
        BUILDERS[DocumentJob.Kind.REFERRAL_PACKET] = build
