from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The supervisors' dashboard: navigation measures over every app, read only."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = "Dashboard"
