from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares; no models. Sits under every other app."""

    name = "core"
    verbose_name = "Core"
