"""Practical tasks on a case: appointments, travel, translation and the rest of what a
coordinator arranges for a family, each with a due time, an assignee and a status.

Fields, constraints and labels only; workflow lives in logistics.services.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A language pair names one of the site's languages, or "other" (then written out).
LANGUAGE_CHOICES = [*settings.LANGUAGES, ("other", _("Other"))]


class CaseTask(models.Model):
    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", _("Appointment")
        TRAVEL = "travel", _("Travel and visa letter")
        ACCOMMODATION = "accommodation", _("Accommodation")
        TRANSLATION = "translation", _("Translation of records")
        INTERPRETER = "interpreter", _("Interpreter")
        ADMISSION = "admission", _("Hospital admission")
        FOLLOW_UP = "follow_up", _("Follow-up call")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # Only these kinds have a time and place a family keeps in their calendar.
    SHAREABLE = (Kind.APPOINTMENT, Kind.TRAVEL)

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_at = models.DateTimeField(_("due"))
    # The zone the due time was entered in (the assignee's), shown next to it.
    time_zone = models.CharField(_("time zone"), max_length=64)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("notes (staff only)"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # A follow-up whose due time came: the family was told and the assignee alerted.
    followed_up_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change: the calendar file's SEQUENCE, so a family's calendar updates.
    version = models.PositiveIntegerField(default=1)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # Appointments and travel: where, and what the family reads when it is shared.
    place = models.CharField(_("place"), max_length=300, blank=True)
    shared_with_family = models.BooleanField(_("shared with the family"), default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    family_title = models.CharField(_("title the family reads"), max_length=200, blank=True)
    family_place = models.CharField(_("place the family reads"), max_length=300, blank=True)
    family_time_zone = models.CharField(_("family's time zone"), max_length=64, blank=True)

    # Translation of records: which file, which languages, who, and the translation back.
    document = models.ForeignKey(
        "cases.Document",
        verbose_name=_("document to translate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_tasks",
    )
    language_from = models.CharField(_("from"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    language_to = models.CharField(_("to"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    language_other = models.CharField(_("other language"), max_length=60, blank=True)
    translator = models.CharField(_("who translates"), max_length=200, blank=True)
    translated_document = models.OneToOneField(
        "cases.Document",
        verbose_name=_("translated file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_of",
    )

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shared_with_family=False)
                | models.Q(kind__in=["appointment", "travel"]),
                name="task_shared_only_appointment_or_travel",
            ),
            # What the family reads is written for them: never shared without a title.
            models.CheckConstraint(
                condition=models.Q(shared_with_family=False) | ~models.Q(family_title=""),
                name="task_shared_has_family_title",
            ),
            models.CheckConstraint(
                condition=models.Q(document__isnull=True, translated_document__isnull=True)
                | models.Q(kind="translation"),
                name="task_documents_only_on_translation",
            ),
        ]
        indexes = [
            # "My tasks": one assignee's open tasks by due time.
            models.Index(
                fields=["assignee", "due_at"],
                condition=models.Q(status="open"),
                name="task_open_assignee_due_idx",
            ),
            # The reminder beat: open tasks not reminded yet, by due time.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status="open", reminded_at__isnull=True),
                name="task_unreminded_due_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(status="open", kind="follow_up", followed_up_at__isnull=True),
                name="task_follow_up_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.title}"

    @property
    def is_shareable(self) -> bool:
        return self.kind in self.SHAREABLE

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
