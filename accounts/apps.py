from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in, two factors, session limits, groups and the staff gates. No models
    of its own: users and groups are Django's, devices are django-otp's."""

    name = "accounts"
    verbose_name = _("Staff accounts")
