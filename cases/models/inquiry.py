"""What the family told us in the inquiry, kept as they sent it."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.conditions import CONDITION_LABELS

from ..family.choices import (
    ConsentKind,
    ContactMethod,
    Ecog,
    Sex,
    SubmitterRole,
    TreatmentKind,
    TreatmentResponse,
    YesNoUnknown,
)
from .case import Case

# The most a family may type in a free-text answer that has no column width to bound it.
# The inquiry's forms read every limit from these fields (intake/forms.py), so each is
# stated once; the case summary prints no more than it (documents/builders.py).
BIOMARKERS_MAX_CHARS = 2000
TREATMENT_NOTES_MAX_CHARS = 2000


def initials_of(full_name: str) -> str:
    """Up to four initials, for lists and exports that must not carry a full name."""
    return "".join(part[0].upper() for part in full_name.split() if part)[:4]


class Submitter(models.Model):
    Role = SubmitterRole
    ContactMethod = ContactMethod

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="submitter")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    # Only families who asked to be called or messaged must give one (the inquiry checks).
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    country = CountryField(_("country"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES
    )
    contact_method = models.CharField(
        _("preferred contact method"), max_length=16, choices=ContactMethod.choices
    )
    time_zone = models.CharField(_("time zone"), max_length=64)

    def __str__(self) -> str:
        return self.full_name

    @property
    def initials(self) -> str:
        return initials_of(self.full_name)


class Patient(models.Model):
    Sex = Sex

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="patient")
    full_name = models.CharField(_("patient's full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    country_of_residence = CountryField(_("country of residence"))
    current_location = models.CharField(_("where the patient is now"), max_length=200)

    def __str__(self) -> str:
        return self.full_name

    @property
    def initials(self) -> str:
        return initials_of(self.full_name)


class Diagnosis(models.Model):
    YesNoUnknown = YesNoUnknown
    Ecog = Ecog

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="diagnosis")
    condition = models.CharField(_("condition"), max_length=32)
    condition_other = models.CharField(_("condition, in your words"), max_length=200, blank=True)
    diagnosed_on = models.DateField(_("date of diagnosis"), null=True, blank=True)
    stage_or_status = models.CharField(_("stage or current status"), max_length=300, blank=True)
    relapsed_or_refractory = models.CharField(
        _("relapsed or refractory"), max_length=8, choices=YesNoUnknown.choices
    )
    biomarkers = models.TextField(
        _("biomarker or genetic findings"),
        blank=True,
        validators=[MaxLengthValidator(BIOMARKERS_MAX_CHARS)],
    )
    ecog = models.CharField(_("current general condition"), max_length=8, choices=Ecog.choices)

    def __str__(self) -> str:
        return self.condition_label

    @property
    def condition_label(self) -> str:
        if self.condition_other:
            return f"{CONDITION_LABELS.get(self.condition, self.condition)}: {self.condition_other}"
        return str(CONDITION_LABELS.get(self.condition, self.condition))


class TreatmentLine(models.Model):
    Kind = TreatmentKind
    Response = TreatmentResponse

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatments")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    regimen = models.CharField(_("regimen or name"), max_length=200, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    best_response = models.CharField(_("best response"), max_length=16, choices=Response.choices)
    notes = models.TextField(
        _("notes"), blank=True, validators=[MaxLengthValidator(TREATMENT_NOTES_MAX_CHARS)]
    )

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="treatment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.regimen}".strip()


class ConsentRecord(models.Model):
    Kind = ConsentKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    text_version = models.CharField(max_length=32)
    given_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_consent_of_a_kind_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.text_version}"
