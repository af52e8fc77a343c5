from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """The claims guard: which sentences read as an eligibility or outcome claim. Pure
    rules and their labelled corpus; no models. Every app that speaks to families or
    hospitals calls it."""

    name = "claims"
    verbose_name = "Claims guard"
