"""The words a family reads about a records request: the checklist's items, their states,
and which files each item takes. Family-facing (core/management/commands/makemessages.py):
every label is translated into each language the inquiry offers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    PATHOLOGY = "pathology", _("Pathology report")
    IMAGING = "imaging", _("Recent PET-CT or CT scan (report or images)")
    BONE_MARROW = "bone_marrow", _("Bone marrow biopsy report")
    BIOMARKER = "biomarker", _("Biomarker or genetic test report")
    HLA = "hla", _("HLA typing report")
    DISCHARGE = "discharge", _("Discharge summary")
    TREATMENT = "treatment", _("Treatment records")
    PASSPORT = "passport", _("Passport copy (for travel)")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    MISSING = "missing", _("Still needed")
    RECEIVED = "received", _("Received")
    RECEIVED_OTHER_ROUTE = "received_other", _("Received (sent another way)")
    NOT_NEEDED = "not_needed", _("No longer needed")


# Which detected file types (core.uploads.ACCEPTED_TYPES) each item takes, and how the
# family is told. A report is a PDF or a photo or scan of its pages; only a scan's own
# images (DICOM) belong with the imaging item, and anything accepted may be "other".
REPORT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/tiff"})
ALL_TYPES = REPORT_TYPES | {"application/dicom"}
ACCEPTED_FOR_KIND = {kind: REPORT_TYPES for kind in RecordKind.values} | {
    RecordKind.IMAGING: ALL_TYPES,
    RecordKind.OTHER: ALL_TYPES,
}
REPORT_DESCRIPTION = _("a PDF, or a photo or scan of the pages (JPEG, PNG or TIFF)")
ALL_DESCRIPTION = _("a PDF, JPEG, PNG, TIFF or DICOM file")


def accepted_description(kind: str):
    return ALL_DESCRIPTION if ACCEPTED_FOR_KIND[kind] == ALL_TYPES else REPORT_DESCRIPTION
