"""What Navigator keeps about a case: the inquiry as the family sent it, and its timeline.

Workflow lives in services.py; these classes hold fields, constraints and labels only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..conditions import CONDITION_LABELS, ConditionArea


def report_upload_path(instance, filename: str) -> str:
    """A random name under the private upload root: the family's file name is never
    used on disk (it is kept, escaped, in `original_name`)."""
    name = uuid.uuid4().hex
    return f"reports/{name[:2]}/{name}"


class ReferenceCounter(models.Model):
    """One row a year; incremented under a row lock so references never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("We are gathering information; there is no rush")
    SOON = "soon", _("We hope to hear within the next few weeks")
    URGENT = "urgent", _("The situation is changing quickly")


class HelpTopic(models.TextChoices):
    TREATMENT_INFORMATION = "treatment_information", _("Information on treatment options")
    SECOND_OPINION = "second_opinion", _("Coordinating a second opinion")
    CLINICAL_TRIALS = "clinical_trials", _("Information about clinical trials")
    TRAVEL = "travel", _("Travel and logistics")
    TRANSLATION = "translation", _("Translation of records")
    OTHER = "other", _("Something else")


class Case(models.Model):
    class Status(models.TextChoices):
        # Statuses name the navigation work being done, never a verdict on the patient.
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        RECORDS_REQUESTED = "records_requested", _("Records requested")
        RECORDS_COMPLETE = "records_complete", _("Records complete")
        SHARED_WITH_HOSPITALS = "shared_with_hospitals", _("Shared with hospitals for review")
        AWAITING_HOSPITAL = "awaiting_hospital", _("Awaiting hospital response")
        INFORMATION_SHARED = "information_shared", _("Information shared with family")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        INFORMATION_PROVIDED = (
            "information_provided",
            _("Navigation complete; information provided"),
        )
        FAMILY_WITHDREW = "family_withdrew", _("The family no longer needs help")
        NO_RESPONSE = "no_response", _("No response from the family")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to another service")
        DUPLICATE = "duplicate", _("Duplicate of another case")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.NEW
    )
    status_before_hold = models.CharField(max_length=32, choices=Status.choices, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=32, choices=CloseReason.choices, blank=True
    )
    condition_area = models.CharField(
        _("condition area"), max_length=16, choices=ConditionArea.choices
    )
    # Copied from the inquiry at submission: what routing and the queue filter on.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    country = CountryField(_("country"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(default=2)  # 0 urgent, 1 soon, 2 routine
    help_topics = models.JSONField(_("help requested"), default=list)
    help_details = models.TextField(_("help requested, in the family's words"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    first_contact_due_at = models.DateTimeField(_("first contact due"), null=True, blank=True)
    first_contacted_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change a coordinator makes, so a form loaded before another
    # change can be recognised as stale.
    version = models.PositiveIntegerField(default=1)

    # Only a hash of the family's private status-page token is kept.
    status_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status_token_expires_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", "submitted_at"]
        indexes = [
            # The queue's default sort over open cases, for everyone and per coordinator
            # (partial: closed cases, most of the table, are not in them).
            models.Index(
                fields=["priority", "submitted_at", "id"],
                condition=~models.Q(status="closed"),
                name="case_open_queue_idx",
            ),
            models.Index(
                fields=["coordinator", "priority", "submitted_at", "id"],
                condition=~models.Q(status="closed"),
                name="case_open_coord_queue_idx",
            ),
            models.Index(
                fields=["status", "priority", "submitted_at"], name="case_status_queue_idx"
            ),
            models.Index(fields=["first_contact_due_at"], name="case_due_idx"),
            models.Index(fields=["language"], name="case_language_idx"),
            models.Index(fields=["country"], name="case_country_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:workspace", kwargs={"reference": self.reference})

    @property
    def help_topic_labels(self) -> list[str]:
        return [str(HelpTopic(t).label) for t in self.help_topics if t in HelpTopic.values]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


PRIORITY_BY_URGENCY = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}


class Submitter(models.Model):
    class Role(models.TextChoices):
        PATIENT = "patient", _("I am the patient")
        FAMILY = "family", _("A family member")
        CAREGIVER = "caregiver", _("A caregiver or friend")
        CLINICIAN = "clinician", _("A referring clinician")
        OTHER = "other", _("Other")

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone call")
        MESSAGING = "messaging", _("Messaging app (WhatsApp, WeChat, ...)")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="submitter")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32)
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


class Patient(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another description")
        UNSAID = "unsaid", _("Prefer not to say")

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
        return "".join(part[0].upper() for part in self.full_name.split() if part)[:4]


class Diagnosis(models.Model):
    class YesNoUnknown(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Not known")

    class Ecog(models.TextChoices):
        # ECOG performance status, described in everyday words for families.
        E0 = "0", _("0: fully active, no restrictions")
        E1 = "1", _("1: light activity only; strenuous activity is hard")
        E2 = "2", _("2: up and about more than half the day; cannot work")
        E3 = "3", _("3: in bed or a chair more than half the day")
        E4 = "4", _("4: in bed or a chair all day; needs full care")
        UNKNOWN = "unknown", _("Not sure")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="diagnosis")
    condition = models.CharField(_("condition"), max_length=32)
    condition_other = models.CharField(_("condition, in your words"), max_length=200, blank=True)
    diagnosed_on = models.DateField(_("date of diagnosis"), null=True, blank=True)
    stage_or_status = models.CharField(_("stage or current status"), max_length=300, blank=True)
    relapsed_or_refractory = models.CharField(
        _("relapsed or refractory"), max_length=8, choices=YesNoUnknown.choices
    )
    biomarkers = models.TextField(_("biomarker or genetic findings"), blank=True)
    ecog = models.CharField(_("current general condition"), max_length=8, choices=Ecog.choices)

    def __str__(self) -> str:
        return self.condition_label

    @property
    def condition_label(self) -> str:
        if self.condition_other:
            return f"{CONDITION_LABELS.get(self.condition, self.condition)}: {self.condition_other}"
        return str(CONDITION_LABELS.get(self.condition, self.condition))


class TreatmentLine(models.Model):
    class Kind(models.TextChoices):
        CHEMOTHERAPY = "chemotherapy", _("Chemotherapy")
        RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
        SURGERY = "surgery", _("Surgery")
        AUTO_SCT = "auto_sct", _("Autologous stem cell transplant")
        ALLO_SCT = "allo_sct", _("Allogeneic stem cell transplant")
        CAR_T = "car_t", _("CAR-T cell therapy")
        IMMUNOTHERAPY = "immunotherapy", _("Other immunotherapy")
        TARGETED = "targeted", _("Targeted therapy")
        TRIAL = "trial", _("Clinical trial")
        OTHER = "other", _("Other")

    class Response(models.TextChoices):
        COMPLETE = "complete", _("Complete response")
        PARTIAL = "partial", _("Partial response")
        STABLE = "stable", _("Stable disease")
        PROGRESSION = "progression", _("Progression")
        UNKNOWN = "unknown", _("Not known")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatments")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    regimen = models.CharField(_("regimen or name"), max_length=200, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    best_response = models.CharField(_("best response"), max_length=16, choices=Response.choices)
    notes = models.TextField(_("notes"), blank=True)

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


class ReportCategory(models.TextChoices):
    PATHOLOGY = "pathology", _("Pathology report")
    IMAGING = "imaging", _("Imaging or scan report")
    LABORATORY = "laboratory", _("Laboratory or biomarker result")
    DISCHARGE = "discharge", _("Discharge summary")
    TREATMENT = "treatment", _("Treatment record")
    OTHER = "other", _("Other")


class StoredUpload(models.Model):
    """Fields shared by a file waiting in a draft and a file attached to a case."""

    file = models.FileField(upload_to=report_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    category = models.CharField(_("category"), max_length=16, choices=ReportCategory.choices)
    content_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Document(StoredUpload):
    class Source(models.TextChoices):
        INTAKE = "intake", _("Sent with the inquiry")
        FAMILY = "family", _("Added by the family later")
        STAFF = "staff", _("Added by staff")

    class ScanStatus(models.TextChoices):
        NOT_SCANNED = "not_scanned", _("Received")  # no scanner configured
        PENDING = "pending", _("Awaiting a safety check")
        CLEAN = "clean", _("Received and checked")
        INFECTED = "infected", _("Not accepted: please send another copy")
        UNSCANNABLE = "unscannable", _("Could not be checked: please send another copy")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    source = models.CharField(max_length=16, choices=Source.choices)
    scan_status = models.CharField(
        max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scan_detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "uploaded_at", "id"]

    @property
    def downloadable(self) -> bool:
        return self.scan_status in (self.ScanStatus.NOT_SCANNED, self.ScanStatus.CLEAN)

    @property
    def refused(self) -> bool:
        return self.scan_status in (self.ScanStatus.INFECTED, self.ScanStatus.UNSCANNABLE)


class ConsentRecord(models.Model):
    class Kind(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("Processing of health data for navigation")
        NO_GUARANTEE = "no_guarantee", _("Acknowledged that the service decides nothing")

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


class TimelineEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Inquiry submitted")
        FAMILY_UPLOAD = "family_upload", _("Family added reports")
        STATUS_LINK = "status_link", _("Status link sent")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Unassigned")
        ROUTING = "routing", _("Routing")
        NOTE = "note", _("Internal note")
        CONTACT = "contact", _("Contact with the family")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    message = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class InquiryDraft(models.Model):
    """An inquiry the family has not submitted yet: the wizard's steps, kept server-side
    so a reload, the Back button or a resume link on another device loses nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)
    resume_email = models.EmailField(blank=True)
    resume_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.id)


class DraftUpload(StoredUpload):
    draft = models.ForeignKey(InquiryDraft, on_delete=models.CASCADE, related_name="uploads")

    class Meta:
        ordering = ["draft", "uploaded_at", "id"]
