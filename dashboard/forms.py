"""The dashboard's GET filters."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django_countries import countries

from accounts import roles
from core.conditions import ConditionArea

DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    coordinator_id: int | None = None
    condition_area: str = ""
    country: str = ""
    language: str = ""

    @property
    def small_groups_hidden(self) -> bool:
        """A country or language filter narrows the figures to groups small enough to
        point at a family: every count under 5 is then hidden."""
        return bool(self.country or self.language)


def with_default_dates(query):
    """The GET filters with the default period written in, so the form shows it."""
    data = query.copy()
    today = timezone.localdate()
    if not data.get("end"):
        data["end"] = today.isoformat()
    try:
        end = date.fromisoformat(data["end"])
    except ValueError:  # the form names the error next to the field
        end = today
    if not data.get("start"):
        data["start"] = (end - timedelta(weeks=DEFAULT_WEEKS)).isoformat()
    return data


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))
    coordinator = forms.ModelChoiceField(
        label="Coordinator", queryset=None, required=False, empty_label="Everyone"
    )
    condition_area = forms.ChoiceField(
        label="Condition area", required=False, choices=[("", "All")] + ConditionArea.choices
    )
    country = forms.ChoiceField(label="Country", required=False)
    language = forms.ChoiceField(
        label="Language", required=False, choices=[("", "All")] + list(settings.LANGUAGES)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = roles.coordinators().order_by("username")
        self.fields["country"].choices = [("", "All")] + list(countries)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date comes before the start date.")
        return cleaned

    def filters(self) -> Filters:
        """The filters to apply: the valid ones, defaults for the rest."""
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - timedelta(weeks=DEFAULT_WEEKS)
        coordinator = data.get("coordinator")
        return Filters(
            start=start,
            end=end,
            coordinator_id=coordinator.pk if coordinator else None,
            condition_area=data.get("condition_area") or "",
            country=data.get("country") or "",
            language=data.get("language") or "",
        )
