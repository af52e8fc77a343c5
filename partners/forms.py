"""The directory's forms: the admin's choice lists for the JSON list fields, and the
coordinators' filters."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.conditions import CONDITION_CHOICES, ConditionArea

from .models import Contact, Organisation, Therapy, Trial
from .selectors import DirectoryFilters

LANGUAGE_CHOICES = list(settings.LANGUAGES)


class OrganisationAdminForm(forms.ModelForm):
    """Multiple-choice widgets for the JSON list fields instead of raw JSON."""

    languages = forms.MultipleChoiceField(
        label=_("languages read"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    condition_areas = forms.MultipleChoiceField(
        label=_("condition areas"),
        choices=ConditionArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conditions = forms.MultipleChoiceField(
        label=_("conditions"),
        choices=CONDITION_CHOICES,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        required=False,
        help_text=_("Leave empty to take every condition of the areas ticked."),
    )
    therapies = forms.MultipleChoiceField(
        label=_("therapies considered"),
        choices=Therapy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "parent",
            "country",
            "city",
            "active",
            "languages",
            "condition_areas",
            "conditions",
            "therapies",
            "takes_relapsed",
            "agreement_signed_on",
            "agreement_expires_on",
            "agreement_reference",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        signed, ends = cleaned.get("agreement_signed_on"), cleaned.get("agreement_expires_on")
        if ends and not signed:
            self.add_error("agreement_signed_on", _("An agreement that ends must have started."))
        if signed and ends and ends < signed:
            self.add_error("agreement_expires_on", _("The agreement cannot end before it starts."))
        parent = cleaned.get("parent")
        if parent is not None and self.instance.pk:
            ancestor = parent
            while ancestor is not None:
                if ancestor.pk == self.instance.pk:
                    self.add_error("parent", _("An organisation cannot be part of itself."))
                    break
                ancestor = ancestor.parent
        return cleaned


class ContactAdminForm(forms.ModelForm):
    retire = forms.BooleanField(
        label=_("retire"),
        required=False,
        help_text=_("Retired contacts get no new referral; their history stays."),
    )

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "language"]


class TrialAdminForm(forms.ModelForm):
    therapies = forms.MultipleChoiceField(
        label=_("therapies"),
        choices=Therapy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conditions = forms.MultipleChoiceField(
        label=_("conditions"),
        choices=CONDITION_CHOICES,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        required=False,
    )

    class Meta:
        model = Trial
        fields = ["title", "registry_id", "therapies", "conditions", "recruiting"]


def _condition_choices():
    return [("", "Any condition"), *CONDITION_CHOICES]


class DirectoryFilterForm(forms.Form):
    """The coordinators' directory filters (staff page, English)."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    condition = forms.ChoiceField(label="Condition", required=False, choices=_condition_choices)
    relapsed = forms.BooleanField(label="Considers relapsed or refractory", required=False)
    language = forms.ChoiceField(
        label="Reads", required=False, choices=[("", "Any language"), *LANGUAGE_CHOICES]
    )
    country = forms.ChoiceField(
        label="Country", required=False, choices=[("", "Any country"), *countries]
    )
    city = forms.CharField(label="City", required=False, max_length=100)
    therapy = forms.ChoiceField(
        label="Therapy", required=False, choices=[("", "Any therapy"), *Therapy.choices]
    )

    def filters(self) -> DirectoryFilters:
        """The valid filters; a value the form refused is left out (and shown as an error)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        return DirectoryFilters(
            condition=data.get("condition") or "",
            relapsed=bool(data.get("relapsed")),
            language=data.get("language") or "",
            country=data.get("country") or "",
            city=data.get("city") or "",
            therapy=data.get("therapy") or "",
            q=data.get("q") or "",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"
