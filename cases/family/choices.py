"""The words a family reads about their case: the choices the inquiry offers and the
labels their status page shows. Every label here is translated into each language the
inquiry offers (this folder is family-facing; see core/management/commands/makemessages.py).
Staff-only vocabulary stays beside the models that use it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmitterRole(models.TextChoices):
    PATIENT = "patient", _("I am the patient")
    FAMILY = "family", _("A family member")
    CAREGIVER = "caregiver", _("A caregiver or friend")
    CLINICIAN = "clinician", _("A referring clinician")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")
    MESSAGING = "messaging", _("Messaging app (WhatsApp, WeChat, ...)")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another description")
    UNSAID = "unsaid", _("Prefer not to say")


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


class TreatmentKind(models.TextChoices):
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


class TreatmentResponse(models.TextChoices):
    COMPLETE = "complete", _("Complete response")
    PARTIAL = "partial", _("Partial response")
    STABLE = "stable", _("Stable disease")
    PROGRESSION = "progression", _("Progression")
    UNKNOWN = "unknown", _("Not known")


class DocumentSource(models.TextChoices):
    INTAKE = "intake", _("Sent with the inquiry")
    FAMILY = "family", _("Added by the family later")
    STAFF = "staff", _("Added by staff")


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("Received")  # no scanner configured
    PENDING = "pending", _("Awaiting a safety check")
    CLEAN = "clean", _("Received and checked")
    INFECTED = "infected", _("Not accepted: please send another copy")
    UNSCANNABLE = "unscannable", _("Could not be checked: please send another copy")


class ConsentKind(models.TextChoices):
    DATA_PROCESSING = "data_processing", _("Processing of health data for navigation")
    NO_GUARANTEE = "no_guarantee", _("Acknowledged that the service decides nothing")


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


class ReportCategory(models.TextChoices):
    PATHOLOGY = "pathology", _("Pathology report")
    IMAGING = "imaging", _("Imaging or scan report")
    LABORATORY = "laboratory", _("Laboratory or biomarker result")
    DISCHARGE = "discharge", _("Discharge summary")
    TREATMENT = "treatment", _("Treatment record")
    OTHER = "other", _("Other")


class NoticeEvent(models.TextChoices):
    """What a notice e-mail may tell the family changed: workflow only, never health data."""

    MESSAGE = "message", _("There is a new message from your coordinator.")
    STATUS = "status", _("The status of your case has changed.")
    NOTE_SHARED = "note_shared", _("Your coordinator has shared a note with you.")
    PACK_SHARED = "pack_shared", _("Your coordinator has shared reading material with you.")
    RECORDS_REQUESTED = "records_requested", _("Your coordinator has asked for some records.")
    RECORDS_REMINDER = (
        "records_reminder",
        _("Some records your coordinator asked for are still missing."),
    )
    APPOINTMENT = "appointment", _("An appointment or travel plan has been added or changed.")
    HOSPITAL_ANSWER = "hospital_answer", _("Your coordinator has passed on a hospital's reply.")
    FOLLOW_UP = "follow_up", _("Your coordinator would like to hear how you are doing.")
