"""Files on a case: reports the family sent, or staff added."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.uploads import report_upload_path

from ..family.choices import DocumentSource, ReportCategory, ScanStatus
from .case import Case


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


class DocumentRoute(models.TextChoices):
    """How a file staff added reached us (staff vocabulary: the family never reads it)."""

    EMAIL = "email", _("E-mail")
    MESSAGING = "messaging", _("Messaging app")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")
    PARTNER = "partner", _("From a partner organisation")
    OTHER = "other", _("Another route")


class Document(StoredUpload):
    Source = DocumentSource
    ScanStatus = ScanStatus
    Route = DocumentRoute

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    source = models.CharField(max_length=16, choices=Source.choices)
    scan_status = models.CharField(
        max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scan_detail = models.CharField(max_length=300, blank=True)
    # A file a member of staff added (source "staff"): who, and how it reached us.
    route = models.CharField(max_length=16, choices=DocumentRoute.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "uploaded_at", "id"]
        constraints = [
            # A file staff added says who added it (and, when it arrived from outside, the
            # route: records' "another route" upload always sets it).
            models.CheckConstraint(
                condition=~models.Q(source="staff") | models.Q(added_by__isnull=False),
                name="staff_document_names_who_added_it",
            )
        ]

    @property
    def downloadable(self) -> bool:
        return self.scan_status in (self.ScanStatus.NOT_SCANNED, self.ScanStatus.CLEAN)

    @property
    def refused(self) -> bool:
        return self.scan_status in (self.ScanStatus.INFECTED, self.ScanStatus.UNSCANNABLE)
