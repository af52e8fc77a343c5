"""Durable PDF jobs: a row per requested document, written in the same transaction as the
request, so that a job is never lost even when the broker is down.

The table kept its name from when this model lived in `cases`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case


def generated_pdf_path(instance, filename: str) -> str:
    # One fixed name per job: rendering the same job twice overwrites, never duplicates.
    return f"generated/{instance.kind}/{instance.pk}.pdf"


class DocumentJob(models.Model):
    class Kind(models.TextChoices):
        CASE_SUMMARY = "case_summary", _("Case summary")
        HANDOUT_PACK = "handout_pack", _("Handout pack")
        ARTICLE_HANDOUT = "article_handout", _("Article handout")
        REFERRAL_PACKET = "referral_packet", _("Referral packet")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Removed after the retention period")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="document_jobs"
    )
    article_revision = models.ForeignKey(
        "content.ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="handout_jobs",
    )
    # For a handout pack: the article ids the coordinator picked, in order.
    article_ids = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, default="en")
    version = models.PositiveIntegerField(default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    file = models.FileField(upload_to=generated_pdf_path, max_length=200, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    shared_with_family = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    # What the document was built from, as a short digest per part (for a referral packet:
    # the patient, the wording, the reports...), written when it is requested and again by
    # the render: a part that differs now means the document is out of date.
    inputs = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "cases_documentjob"
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="job_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(article_revision__isnull=False),
                name="job_has_a_subject",
            ),
            # One handout per published revision: it is made once, then served.
            models.UniqueConstraint(
                fields=["article_revision"],
                condition=models.Q(kind="article_handout"),
                name="one_handout_per_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def download_name(self) -> str:
        if self.case_id:
            return f"{self.case.reference}-{self.kind.replace('_', '-')}-v{self.version}.pdf"
        return f"navigator-{self.article_revision.article.slug}.pdf"
