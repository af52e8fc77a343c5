from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The coordinator's desk: their alerts, their own settings and "My day"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"
    verbose_name = "Coordinator desk"
