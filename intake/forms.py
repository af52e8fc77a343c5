"""The inquiry's steps and the family's status-page forms: field validation only."""

import unicodedata
from datetime import date

import phonenumbers
from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import (
    Case,
    Diagnosis,
    HelpTopic,
    Patient,
    ReportCategory,
    Submitter,
    TreatmentLine,
    Urgency,
)
from core import uploads
from core.conditions import CONDITION_CHOICES, CONDITIONS_NEEDING_DESCRIPTION

from .models import InquiryDraft
from .time_zones import ALL_ZONES, LISTED, time_zone_choices

MAX_AGE_YEARS = 120
# Bump when the consent wording below changes; each consent record keeps the version the
# family actually saw.
CONSENT_TEXT_VERSION = "2026-11-v1"


CHOOSE = _("Choose...")
# Contact channels that reach the family through their phone number.
PHONE_CHANNELS = {Submitter.ContactMethod.PHONE, Submitter.ContactMethod.MESSAGING}


def _blank(choices, label=CHOOSE):
    return [("", label), *choices]


def _sort_key(name: str) -> str:
    # Accents aside, so "Österreich" sits with the O's; Chinese names fall in the
    # radical-and-stroke order of their code points.
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()


def country_choices() -> list[tuple[str, str]]:
    """Countries named in the language being read, sorted by that name. A callable, so
    the names are looked up for each request, not frozen in English at import."""
    return _blank(sorted(((c.code, c.name) for c in countries), key=lambda c: _sort_key(c[1])))


def limit_of(model, name: str) -> int:
    """How many characters the model keeps for a field: its column width, or the limit a
    text field's validator sets. The forms read it here, so each limit is stated once."""
    field = model._meta.get_field(name)
    if field.max_length:
        return field.max_length
    return next(v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator))


class NamedLimit:
    """A text field that refuses an answer longer than `max_length` with a message naming
    the field by its label, in the family's language (Django's default names nothing)."""

    def validate(self, value):
        super().validate(value)
        if value and self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                _(
                    "“%(field)s” can be at most %(limit)d characters long; this "
                    "has %(count)d. Please shorten it."
                ),
                code="max_length",
                params={"field": self.label, "limit": self.max_length, "count": len(value)},
            )


class FamilyText(NamedLimit, forms.CharField):
    pass


class FamilyEmail(NamedLimit, forms.EmailField):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InquiryStepForm(forms.Form):
    """Shared layout: crispy renders the fields; the wizard template owns the <form>."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _not_in_future(value: date | None, message) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(message, code="future")


class AboutYouForm(InquiryStepForm):
    role = forms.ChoiceField(
        label=_("Who is filling in this form?"),
        choices=Submitter.Role.choices,
        widget=forms.RadioSelect,
    )
    full_name = FamilyText(label=_("Your full name"), max_length=limit_of(Submitter, "full_name"))
    email = FamilyEmail(
        label=_("Your e-mail address"),
        max_length=limit_of(Submitter, "email"),
        help_text=_("We send your case reference and private status link here."),
    )
    phone = FamilyText(
        label=_("Your phone number"),
        max_length=limit_of(Submitter, "phone"),
        help_text=_(
            "With the country code, for example +44 20 7946 0958. Needed if you would "
            "like us to call or message you."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        required=False,
    )
    country = forms.ChoiceField(label=_("Country you live in"), choices=country_choices)
    preferred_language = forms.ChoiceField(
        label=_("Language you would like us to use"), choices=settings.LANGUAGES
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Submitter.ContactMethod.choices,
        widget=forms.RadioSelect,
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=lambda: _blank(time_zone_choices()),
        help_text=_(
            "So that we call or write at a sensible time for you. If yours is not listed, "
            "choose the one with the same time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["time_zone"].widget.attrs["data-guess-timezone"] = "true"
        # A zone that is not listed (saved before, or the browser's own) is still valid.
        chosen = self.data.get(self.add_prefix("time_zone")) or self.initial.get("time_zone")
        if chosen in ALL_ZONES and chosen not in LISTED:
            self.fields["time_zone"].choices = _blank(time_zone_choices(also=chosen))

    def clean(self):
        cleaned = super().clean()
        raw = cleaned.get("phone")
        if not raw and cleaned.get("contact_method") in PHONE_CHANNELS:
            self.add_error(
                "phone",
                ValidationError(
                    _("Please give a phone number so that we can call or message you."),
                    code="required",
                ),
            )
        if raw:
            try:
                # A number without +country code is read as local to the chosen country.
                number = phonenumbers.parse(raw, cleaned.get("country") or None)
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                self.add_error(
                    "phone",
                    _("Enter a valid phone number, including the country code (e.g. +34 ...)."),
                )
            else:
                cleaned["phone"] = phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                )
        return cleaned


class PatientForm(InquiryStepForm):
    full_name = FamilyText(
        label=_("Patient's full name"), max_length=limit_of(Patient, "full_name")
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput)
    sex = forms.ChoiceField(label=_("Sex"), choices=Patient.Sex.choices, widget=forms.RadioSelect)
    country_of_residence = forms.ChoiceField(
        label=_("Country the patient lives in"), choices=country_choices
    )
    current_location = FamilyText(
        label=_("Where is the patient now?"),
        max_length=limit_of(Patient, "current_location"),
        help_text=_("For example: at home in Lyon, or in hospital in Madrid."),
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        _not_in_future(born, _("The date of birth cannot be in the future."))
        if born.year < timezone.localdate().year - MAX_AGE_YEARS:
            raise ValidationError(_("Please check the year of birth."), code="too_old")
        return born


class DiagnosisForm(InquiryStepForm):
    condition = forms.ChoiceField(
        label=_("Condition"), choices=_blank(CONDITION_CHOICES, _("Choose the condition..."))
    )
    condition_other = FamilyText(
        label=_("If other, the condition in your words"),
        max_length=limit_of(Diagnosis, "condition_other"),
        required=False,
    )
    diagnosed_on = forms.DateField(
        label=_("Date of diagnosis"),
        required=False,
        widget=DateInput,
        help_text=_("An approximate date is fine."),
    )
    stage_or_status = FamilyText(
        label=_("Stage or current status"),
        max_length=limit_of(Diagnosis, "stage_or_status"),
        required=False,
        help_text=_("As the doctors described it, if you know."),
    )
    relapsed_or_refractory = forms.ChoiceField(
        label=_(
            "Has the illness come back after treatment (relapsed) or not responded "
            "to it (refractory)?"
        ),
        choices=Diagnosis.YesNoUnknown.choices,
        widget=forms.RadioSelect,
    )
    biomarkers = FamilyText(
        label=_("Biomarker or genetic findings"),
        max_length=limit_of(Diagnosis, "biomarkers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example CD19 positive, FLT3 mutation. Leave empty if unsure."),
    )
    ecog = forms.ChoiceField(
        label=_("How is the patient managing day to day?"),
        choices=Diagnosis.Ecog.choices,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent does this feel to you?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, date_of_birth: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def clean_diagnosed_on(self):
        diagnosed = self.cleaned_data.get("diagnosed_on")
        _not_in_future(diagnosed, _("The date of diagnosis cannot be in the future."))
        if diagnosed and self.date_of_birth and diagnosed < self.date_of_birth:
            raise ValidationError(
                _("The date of diagnosis is before the patient's date of birth."),
                code="before_birth",
            )
        return diagnosed

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("condition") in CONDITIONS_NEEDING_DESCRIPTION
            and not cleaned.get("condition_other", "").strip()
        ):
            self.add_error("condition_other", _("Please describe the condition."))
        return cleaned


class TreatmentForm(InquiryStepForm):
    kind = forms.ChoiceField(
        label=_("Type of treatment"), choices=_blank(TreatmentLine.Kind.choices)
    )
    regimen = FamilyText(
        label=_("Regimen or name"),
        max_length=limit_of(TreatmentLine, "regimen"),
        required=False,
        help_text=_("For example R-CHOP, or the trial's name."),
    )
    started_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    ended_on = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    best_response = forms.ChoiceField(
        label=_("Best response"), choices=_blank(TreatmentLine.Response.choices)
    )
    notes = FamilyText(
        label=_("Notes"),
        max_length=limit_of(TreatmentLine, "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        for name, value in (("started_on", started), ("ended_on", ended)):
            if value and value > timezone.localdate():
                self.add_error(name, _("This date cannot be in the future."))
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date is before the start date."))
        return cleaned


class BaseTreatmentFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this treatment")
            # The row's crispy layout was built before the formset added DELETE; without
            # it the box (and the script's remove button made from it) never renders.
            form.helper.layout = form.helper.build_default_layout(form)

    def treatments(self) -> list[dict]:
        """The rows the family kept, in order, as plain dicts."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


TreatmentFormSet = forms.formset_factory(
    TreatmentForm,
    formset=BaseTreatmentFormSet,
    extra=0,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input. Each is checked by uploads.check_upload, and every
    refused file is named with its reason, not just the first."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(uploads.check_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.dcm,application/pdf,image/jpeg,image/png,image/tiff"


class ReportsUploadForm(InquiryStepForm):
    """New files to add, with one category for the batch; each file's category can be
    changed once it is listed."""

    files = MultipleFileField(
        label=_("Choose files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "PDF, JPEG, PNG, TIFF or DICOM; up to 25 MB each, 20 files and 200 MB in all. "
            "You can choose several files at once."
        ),
    )
    category = forms.ChoiceField(
        label=_("What are these files?"), choices=_blank(ReportCategory.choices), required=False
    )

    # The per-case limits (uploads.check_limits) are checked by the service that stores
    # the files, with the case or draft locked; a refusal comes back to the "files" field.

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("files") and not cleaned.get("category"):
            self.add_error("category", _("Choose what kind of report these files are."))
        return cleaned


class HelpForm(InquiryStepForm):
    help_topics = forms.MultipleChoiceField(
        label=_("What would you like help with?"),
        choices=HelpTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    help_details = FamilyText(
        label=_("Tell us more, in your own words"),
        required=False,
        max_length=limit_of(Case, "help_details"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent_data = forms.BooleanField(
        label=_(
            "I agree that the navigation service may store and use the health information "
            "in this form and in the reports I send, to help with this inquiry and to share "
            "it with hospitals only when I have agreed to that."
        ),
    )
    acknowledge_no_guarantee = forms.BooleanField(
        label=_(
            "I understand that the navigation service organises information and passes it "
            "on. It does not decide, and cannot promise, whether the patient can join a "
            "trial or receive a treatment, or what the outcome will be. Only the treating "
            "hospital decides."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            "other" in (cleaned.get("help_topics") or [])
            and not cleaned.get("help_details", "").strip()
        ):
            self.add_error("help_details", _("Please tell us what else you need help with."))
        return cleaned


class ReviewForm(InquiryStepForm):
    """The review page only confirms; everything shown was validated on its own step."""


class ResumeEmailForm(forms.Form):
    email = FamilyEmail(
        label=_("Your e-mail address"), max_length=limit_of(InquiryDraft, "resume_email")
    )


class StatusLinkRequestForm(forms.Form):
    reference = forms.RegexField(
        label=_("Case reference"),
        regex=r"^\s*[Nn][Aa][Vv]-\d{4}-\d{6}\s*$",
        error_messages={"invalid": _("A reference looks like NAV-2026-000123.")},
    )
    email = FamilyEmail(
        label=_("The e-mail address you used for the inquiry"),
        max_length=limit_of(Submitter, "email"),
    )


class FamilyUploadForm(ReportsUploadForm):
    """More reports from the status page: the same checks, but a file is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].required = True
        self.fields["category"].required = True
