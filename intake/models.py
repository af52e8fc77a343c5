"""Inquiries the family has not sent yet. A draft holds health data before submission,
so it lives only as long as NAVIGATOR_DRAFT_TTL (intake.drafts deletes it, files included).

The tables kept their names from when these models lived in `cases`."""

import uuid

from django.db import models

from cases.models import Case, StoredUpload


class InquiryDraft(models.Model):
    """An inquiry the family has not submitted yet: the wizard's steps, kept server-side
    so a reload, the Back button or a resume link on another device loses nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)
    # The language the family was reading when they last saved: a resume link opened on
    # another device shows the draft in it.
    language = models.CharField(max_length=8, blank=True)
    resume_email = models.EmailField(blank=True)
    resume_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "cases_inquirydraft"

    def __str__(self) -> str:
        return str(self.id)


class DraftUpload(StoredUpload):
    draft = models.ForeignKey(InquiryDraft, on_delete=models.CASCADE, related_name="uploads")

    class Meta:
        ordering = ["draft", "uploaded_at", "id"]
        db_table = "cases_draftupload"
