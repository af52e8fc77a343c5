"""Who works cases, and the rules and calendars that shape their work."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.conditions import CONDITION_LABELS, ConditionArea

WEEKDAYS = [0, 1, 2, 3, 4]  # Monday to Friday


def default_working_days() -> list[int]:
    return list(WEEKDAYS)


class CoordinatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_profile"
    )
    languages = models.JSONField(
        _("languages"), default=list, help_text=_('Language codes, e.g. ["en", "zh-hans"].')
    )
    regions = models.JSONField(
        _("countries or regions"),
        default=list,
        blank=True,
        help_text=_('ISO country codes this coordinator knows well, e.g. ["ES", "MX"].'),
    )
    condition_areas = models.JSONField(
        _("condition areas"),
        default=list,
        blank=True,
        help_text=_("Any of: blood, solid, autoimmune, other."),
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (open cases)"), default=15)
    away_from = models.DateField(_("away from"), null=True, blank=True)
    away_until = models.DateField(_("away until"), null=True, blank=True)
    working_days = models.JSONField(
        _("working days"), default=default_working_days, help_text=_("0 is Monday, 6 Sunday.")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    email_alerts = models.BooleanField(
        _("e-mail me my alerts"), default=False, help_text=_("Alerts always show in the app.")
    )
    last_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("coordinator profile")

    def __str__(self) -> str:
        return self.user.get_username()

    def is_available(self, on: date) -> bool:
        if not self.user.is_active:
            return False
        if (
            self.away_from
            and on >= self.away_from
            and (not self.away_until or on <= self.away_until)
        ):
            return False
        return True


class RoutingRule(models.Model):
    """A supervisor's standing instruction, checked before automatic routing:
    a case matching every filled-in field goes to the named coordinator."""

    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveIntegerField(_("order"), default=100)
    enabled = models.BooleanField(_("on"), default=True)
    condition = models.CharField(
        _("condition"), max_length=32, blank=True, choices=sorted(CONDITION_LABELS.items())
    )
    condition_area = models.CharField(
        _("condition area"), max_length=16, blank=True, choices=ConditionArea.choices
    )
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_rules"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("routing rule")

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """A day without service-level clock: for everyone, or for one coordinator."""

    day = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for a holiday of the whole service."),
    )

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "coordinator"], name="one_holiday_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class OnCallShift(models.Model):
    """A supervisor's out-of-hours rota entry: who answers urgent cases between two moments.
    An urgent case arriving outside its coordinator's working time alerts whoever is on
    call then, and its first-contact target counts from their shift (cases.urgency)."""

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("on-call shift")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="on_call_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="on_call_span_idx")]

    def __str__(self) -> str:
        return (
            f"{self.coordinator} {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"
        )


class SavedView(models.Model):
    """A named queue filter; supervisors may share theirs with everyone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000)
    shared = models.BooleanField(_("shared with the team"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name
