"""The directory of partner organisations: hospitals, trial teams and their departments,
the people there a case can be sent to, and the trials they run.

An organisation can receive a referral only while a data-sharing agreement is on file
(its own, or its parent's for a department): partners.rules.agreement_in_force says so.
Contacts are retired, never deleted, so a referral's history always names its recipient.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.conditions import CONDITION_LABELS, ConditionArea


class Therapy(models.TextChoices):
    ALLO_CAR_T = "allo_car_t", _("Allogeneic CAR-T")
    AUTO_CAR_T = "auto_car_t", _("Autologous CAR-T")
    DLI = "dli", _("Donor lymphocyte infusion")
    ALLO_SCT = "allo_sct", _("Allogeneic stem cell transplant")
    OTHER = "other", _("Other cell or gene therapy")


CONDITION_CHOICES = sorted(CONDITION_LABELS.items())


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        DEPARTMENT = "department", _("Department")
        TRIAL_TEAM = "trial_team", _("Trial team")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    # Language codes from settings.LANGUAGES the organisation reads, e.g. ["en", "zh-hans"].
    languages = models.JSONField(_("languages"), default=list)
    condition_areas = models.JSONField(_("condition areas"), default=list, blank=True)
    # Condition codes (core.conditions), e.g. ["all", "dlbcl"]; empty means the whole area.
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    therapies = models.JSONField(_("therapies considered"), default=list, blank=True)
    # Relapsed or refractory disease considered (most cell-therapy programmes ask for it).
    takes_relapsed = models.BooleanField(
        _("considers relapsed or refractory disease"), default=True
    )
    agreement_signed_on = models.DateField(
        _("data-sharing agreement signed on"), null=True, blank=True
    )
    agreement_expires_on = models.DateField(
        _("data-sharing agreement ends on"), null=True, blank=True
    )
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes for coordinators"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name}: {self.name}"
        return self.name

    @property
    def condition_area_labels(self) -> list[str]:
        return [
            str(ConditionArea(a).label) for a in self.condition_areas if a in ConditionArea.values
        ]

    @property
    def therapy_labels(self) -> list[str]:
        return [str(Therapy(t).label) for t in self.therapies if t in Therapy.values]


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # Retired rather than deleted: open and past referrals keep naming who they went to.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class Trial(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="trials")
    title = models.CharField(_("title"), max_length=300)
    # e.g. NCT01234567 or ChiCTR2300000000
    registry_id = models.CharField(_("registry identifier"), max_length=40, blank=True)
    therapies = models.JSONField(_("therapies"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    recruiting = models.BooleanField(_("recruiting, as the partner last told us"), default=True)

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.registry_id})" if self.registry_id else self.title
