"""The packet a partner reviews: a summary made for a hospital's review of this referral,
plus the reports the coordinator ticked.

The portal and the staff pages reach the packet's files only through `files_for()` and
`download()`, so how a file is prepared for its recipient (a footer naming who it was
shared with and when) is decided here alone.
"""

from dataclasses import dataclass

from django.db import transaction

from core.downloads import private_file_response
from documents.models import DocumentJob
from documents.services import job_request_case_document

from .errors import ReferralRefusedError
from .models import Referral


@dataclass(frozen=True)
class PacketFile:
    key: str  # "summary" or "report-<document id>": what a download URL names
    title: str
    dated: object  # a date or datetime shown beside the title
    filename: str
    content_type: str
    field: object  # the FieldFile in private storage


@transaction.atomic
def request_packet(*, referral: Referral, by) -> DocumentJob:
    """Render (again) the summary for this referral; the worker builds it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.DRAFT:
        raise ReferralRefusedError("The packet of a referral already sent cannot change.")
    job = job_request_case_document(
        case=referral.case, by=by, kind=DocumentJob.Kind.REFERRAL_PACKET
    )
    referral.packet = job
    referral.save(update_fields=["packet", "updated_at"])
    return job


def check_ready(referral: Referral) -> None:
    """Refuse to send until the packet for this referral has been rendered."""
    job = referral.packet
    if job is None or job.status != DocumentJob.Status.READY:
        raise ReferralRefusedError(
            "The packet for the partner is not ready yet. Prepare it, wait until it is "
            "rendered, then send."
        )


def files_for(referral: Referral) -> list[PacketFile]:
    """What the partner may download, in the order the portal lists it."""
    files = []
    job = referral.packet
    if job is not None and job.status == DocumentJob.Status.READY and job.file:
        files.append(
            PacketFile(
                key="summary",
                title=f"Case summary for review ({referral.case.reference})",
                dated=job.finished_at,
                filename=f"{referral.case.reference}-summary.pdf",
                content_type="application/pdf",
                field=job.file,
            )
        )
    for document in referral.reports.order_by("uploaded_at", "id"):
        files.append(
            PacketFile(
                key=f"report-{document.pk}",
                title=f"{document.get_category_display()}: {document.original_name}",
                dated=document.uploaded_at,
                filename=document.original_name,
                content_type=document.content_type,
                field=document.file,
            )
        )
    return files


def download(referral: Referral, key: str, *, recipient: str):
    """The response for one packet file, or None when `key` names nothing sent.
    `recipient` names who it is shared with (for the footer)."""
    for item in files_for(referral):
        if item.key == key:
            return private_file_response(
                item.field.open("rb"), filename=item.filename, content_type=item.content_type
            )
    return None
