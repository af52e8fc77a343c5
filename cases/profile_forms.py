"""The coordinator profile as supervisors edit it: checkboxes and pickers over the same
JSON lists the model stores, so routing reads exactly what it read before."""

import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.conditions import ConditionArea

from .models import CoordinatorProfile

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

# The zones the service works in most, listed first; every other IANA zone follows.
COMMON_ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
]


@cache
def time_zone_choices() -> list:
    known = sorted(zoneinfo.available_timezones())
    common = [zone for zone in COMMON_ZONES if zone in known or zone == "UTC"]
    others = [zone for zone in known if zone not in common]
    return [
        (_("Common"), [(zone, zone) for zone in common]),
        (_("All time zones"), [(zone, zone) for zone in others]),
    ]


def _country_choices():
    return list(countries)  # localized names, sorted in the active language


class CoordinatorProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this coordinator works cases in."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Countries or regions"),
        choices=_country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Countries this coordinator knows well (hold Ctrl or ⌘ to pick several)."),
    )
    condition_areas = forms.MultipleChoiceField(
        label=_("Condition areas"),
        choices=ConditionArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    capacity = forms.IntegerField(label=_("Capacity (open cases)"), min_value=1, max_value=500)

    class Meta:
        model = CoordinatorProfile
        fields = [
            "user",
            "languages",
            "regions",
            "condition_areas",
            "capacity",
            "working_days",
            "time_zone",
            "away_from",
            "away_until",
            "email_alerts",
        ]
        widgets = {
            "away_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "away_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, with_user: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_user:
            del self.fields["user"]

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise forms.ValidationError(_("Unknown time zone.")) from error
        return zone

    def clean_working_days(self):
        return sorted(set(self.cleaned_data["working_days"]))

    def clean(self):
        data = super().clean()
        start, end = data.get("away_from"), data.get("away_until")
        if start and end and end < start:
            self.add_error("away_until", _("The end of the absence is before its start."))
        return data
