"""Writes to unfinished inquiries: saving steps, staging uploads, resume links, expiry.

A draft holds health data before the family has submitted it, so it lives only as long
as NAVIGATOR_DRAFT_TTL and is deleted, files included, when that passes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import uploads
from core.enqueue import enqueue
from core.mail import EmailHeldError, send_family_email
from core.tokens import hash_token, new_token

from .models import DraftUpload, InquiryDraft
from .tasks import send_draft_resume_link as send_draft_resume_link_task


def draft_active(draft_id) -> InquiryDraft | None:
    """The draft with this id if it can still be worked on (not expired, not submitted)."""
    if not draft_id:
        return None
    try:
        return InquiryDraft.objects.get(
            pk=draft_id, submitted_case__isnull=True, expires_at__gt=timezone.now()
        )
    except (InquiryDraft.DoesNotExist, ValidationError, ValueError):
        return None


def draft_create(*, data: dict, language: str = "") -> InquiryDraft:
    return InquiryDraft.objects.create(
        data=data, language=language, expires_at=timezone.now() + settings.NAVIGATOR_DRAFT_TTL
    )


def draft_save_data(*, draft: InquiryDraft, data: dict, language: str = "") -> None:
    draft.data = data
    fields = ["data", "updated_at"]
    if language and language != draft.language:
        draft.language = language
        fields.append("language")
    draft.save(update_fields=fields)


def draft_upload_totals(*, draft: InquiryDraft | None) -> tuple[int, int]:
    """How many files a draft holds, and their total size in bytes."""
    if draft is None:
        return 0, 0
    sizes = list(draft.uploads.values_list("size", flat=True))
    return len(sizes), sum(sizes)


@transaction.atomic
def draft_attach_uploads(
    *, draft: InquiryDraft, checked: list[uploads.CheckedUpload], category: str
) -> list[DraftUpload]:
    """Stage checked files on a draft. The per-case limits are checked with the draft row
    locked, so two uploads at once (two tabs, a double click) cannot together pass them;
    a refused batch raises the limit's ValidationError before anything is stored."""
    draft = InquiryDraft.objects.select_for_update().get(pk=draft.pk)
    count, size = draft_upload_totals(draft=draft)
    uploads.check_limits(
        new=[item.file for item in checked], existing_count=count, existing_bytes=size
    )
    names = uploads.store_files(checked)
    try:
        return DraftUpload.objects.bulk_create(
            DraftUpload(draft=draft, **uploads.stored_fields(name, item, category))
            for name, item in zip(names, checked, strict=True)
        )
    except Exception:
        uploads.delete_files(names)
        raise


@transaction.atomic
def draft_update_uploads(
    *, draft: InquiryDraft, categories: dict[int, str], remove: set[int]
) -> None:
    """Change the category of staged files and remove the ones the family took out.

    Ids that do not belong to this draft are ignored: a forged id touches nothing.
    """
    mine = {upload.pk: upload for upload in draft.uploads.all()}
    for upload_id, category in categories.items():
        upload = mine.get(upload_id)
        if upload is not None and upload.category != category:
            upload.category = category
            upload.save(update_fields=["category"])
    doomed = [mine[upload_id] for upload_id in remove if upload_id in mine]
    if doomed:
        names = [upload.file.name for upload in doomed]
        DraftUpload.objects.filter(pk__in=[upload.pk for upload in doomed]).delete()
        transaction.on_commit(lambda: uploads.delete_files(names))


def draft_request_resume_link(*, draft: InquiryDraft, email: str) -> None:
    """Remember where to send the resume link; the worker makes and sends it."""
    draft.resume_email = email
    draft.save(update_fields=["resume_email", "updated_at"])
    transaction.on_commit(lambda: enqueue(send_draft_resume_link_task, str(draft.pk)))


@transaction.atomic
def draft_send_resume_link(*, draft: InquiryDraft) -> bool:
    """Make a resume token (only its hash is kept) and e-mail the link."""
    from django.urls import reverse

    draft = InquiryDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_case_id or not draft.resume_email or draft.expires_at <= timezone.now():
        return False
    raw, hashed = new_token()
    draft.resume_token_hash = hashed
    draft.save(update_fields=["resume_token_hash", "updated_at"])
    link = settings.NAVIGATOR_PUBLIC_URL.rstrip("/") + reverse(
        "intake:inquiry_resume", kwargs={"token": raw}
    )
    language = (
        draft.data.get("step_data", {}).get("about", {}).get("about-preferred_language")
        or [draft.language or settings.LANGUAGE_CODE]
    )[0]
    try:
        send_family_email(
            to=draft.resume_email,
            language=language,
            template="draft_resume",
            context={"resume_url": link, "expires_at": draft.expires_at},
        )
    except EmailHeldError:
        # No case yet to note it on; the log line names the template, never the family.
        transaction.set_rollback(True)
        return False
    return True


def draft_resume(*, raw_token: str) -> InquiryDraft | None:
    """The draft a resume link points at, if it is still open."""
    if not raw_token:
        return None
    return InquiryDraft.objects.filter(
        resume_token_hash=hash_token(raw_token),
        submitted_case__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def drafts_delete_expired(*, now=None) -> int:
    """Delete drafts past their expiry, with their staged files. Returns how many."""
    now = now or timezone.now()
    expired = list(InquiryDraft.objects.filter(expires_at__lte=now).values_list("pk", flat=True))
    for draft_id in expired:
        with transaction.atomic():
            names = list(
                DraftUpload.objects.filter(draft_id=draft_id).values_list("file", flat=True)
            )
            InquiryDraft.objects.filter(pk=draft_id).delete()
            transaction.on_commit(lambda names=names: uploads.delete_files(names))
    return len(expired)
