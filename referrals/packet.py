"""The packet a partner reviews: a summary made for a hospital's review of this referral
(referrals.packet_pdf), plus the reports the coordinator ticked.

The portal and the staff pages reach the packet's files only through `files_for()`,
`download()` and `bundle_download()`, so how a file is prepared for its recipient (the
sharing line under every PDF page, referrals.stamp) is decided here alone. Callers audit
the download themselves: they know who is asking.

Images and DICOM files are handed out exactly as the family sent them: a reviewer needs
the original pixels (zoom, resolution, a viewer's own tools), re-encoding a medical image
may lose detail, and DICOM and TIFF cannot be drawn on a PDF page anyway. Who received
them and when is in the audit trail, and the packet summary and the bundle's contents
list name every file.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.downloads import private_bytes_response, private_file_response, private_stream_response
from core.uploads import clean_filename
from documents.models import DocumentJob
from documents.services import job_request_case_document

from . import stamp
from .errors import ReferralRefusedError
from .models import Referral
from .packet_pdf import PART_NAMES, changed_parts, packet_inputs

CHUNK = 256 * 1024


@dataclass(frozen=True)
class PacketFile:
    key: str  # "summary" or "report-<document id>": what a download URL names
    title: str
    dated: object  # a date or datetime shown beside the title
    filename: str
    content_type: str
    field: object  # the FieldFile in private storage
    kind: str = ""  # "Case summary for review", or the report's category


@transaction.atomic
def request_packet(*, referral: Referral, by) -> DocumentJob:
    """Render (again) the summary for this referral; the worker builds it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.DRAFT:
        raise ReferralRefusedError("The packet of a referral already sent cannot change.")
    job = job_request_case_document(
        case=referral.case,
        by=by,
        kind=DocumentJob.Kind.REFERRAL_PACKET,
        inputs=packet_inputs(referral),
    )
    referral.packet = job
    referral.save(update_fields=["packet", "updated_at"])
    return job


def stale_parts(referral: Referral) -> list[str]:
    """What changed since the packet was requested (or rendered), in plain words; empty
    when it is up to date or there is no packet."""
    job = referral.packet
    if job is None or job.status in (DocumentJob.Status.FAILED, DocumentJob.Status.EXPIRED):
        return []
    return [PART_NAMES[name] for name in changed_parts(referral, job)]


def is_stale(referral: Referral) -> bool:
    """The packet (queued, rendering or ready) was made from a case or referral that has
    changed since: the patient's details or age, the diagnosis, treatments, the family's
    words, the referral's wording or reports, the recipient. False without a packet."""
    return bool(stale_parts(referral))


def state(referral: Referral) -> str:
    """For the workspace: "missing", "rendering", "failed", "stale" or "ready"."""
    job = referral.packet
    if job is None or job.status == DocumentJob.Status.EXPIRED:
        return "missing"
    if job.status == DocumentJob.Status.FAILED:
        return "failed"
    if is_stale(referral):
        return "stale"
    return "ready" if job.status == DocumentJob.Status.READY else "rendering"


def check_ready(referral: Referral) -> None:
    """Refuse to send until the packet for this referral has been rendered from the case
    and the referral as they are now, and every report chosen may be handed out."""
    job = referral.packet
    if job is None or job.status != DocumentJob.Status.READY:
        raise ReferralRefusedError(
            "The packet for the partner is not ready yet. Prepare it, wait until it is "
            "rendered, then send."
        )
    changed = stale_parts(referral)
    if changed:
        raise ReferralRefusedError(
            "The packet is out of date: "
            + ", ".join(changed)
            + " changed after it was prepared. Prepare it again, wait until it is rendered, "
            "then send."
        )
    held = [d.original_name for d in referral.reports.all() if not d.downloadable]
    if held:
        raise ReferralRefusedError(
            "These reports cannot be sent until the virus scan passes them: "
            + ", ".join(held)
            + ". Wait for the scan, or untick them."
        )


def files_for(referral: Referral) -> list[PacketFile]:
    """What the partner may download, in the order the portal lists it."""
    files = []
    job = referral.packet
    reference = referral.case.reference
    if job is not None and job.status == DocumentJob.Status.READY and job.file:
        files.append(
            PacketFile(
                key="summary",
                title=f"Case summary for review ({reference})",
                dated=job.finished_at,
                filename=f"{reference}-summary.pdf",
                content_type="application/pdf",
                field=job.file,
                kind="Case summary for review",
            )
        )
    for document in referral.reports.order_by("uploaded_at", "id"):
        if not document.downloadable:  # awaiting a virus scan, or quarantined
            continue
        files.append(
            PacketFile(
                key=f"report-{document.pk}",
                title=f"{document.get_category_display()}: {document.original_name}",
                dated=document.uploaded_at,
                filename=clean_filename(document.original_name),
                content_type=document.content_type,
                field=document.file,
                kind=str(document.get_category_display()),
            )
        )
    return files


def sharing_line(referral: Referral, *, recipient: str) -> str:
    return stamp.sharing_line(
        recipient=recipient,
        organisation=str(referral.organisation),
        day=timezone.localdate(),
        reference=referral.case.reference,
    )


def _prepared(item: PacketFile, line: str) -> bytes | None:
    """The bytes handed out for a PDF (stamped), or None for a file served as it is."""
    if item.content_type != "application/pdf":
        return None
    with item.field.open("rb") as source:
        return stamp.stamp_pdf(source.read(), line)


def download(referral: Referral, key: str, *, recipient: str):
    """The response for one packet file, or None when `key` names nothing sent.
    `recipient` names who it is shared with, as the sharing line under each PDF page
    shows it (the portal passes the contact's name; staff pages the referral's contact).
    Raises stamp.StampError for a PDF that cannot carry the line (never handed out bare).
    """
    for item in files_for(referral):
        if item.key == key:
            stamped = _prepared(item, sharing_line(referral, recipient=recipient))
            if stamped is None:
                return private_file_response(
                    item.field, filename=item.filename, content_type=item.content_type
                )
            return private_bytes_response(
                stamped, filename=item.filename, content_type=item.content_type
            )
    return None


# --- The single download ------------------------------------------------------------------


def bundle_name(number: int, item: PacketFile) -> str:
    """ "02 Pathology report 2026-11-30 biopsy.pdf": numbered as in the contents list,
    named and dated."""
    day = timezone.localtime(item.dated).date() if item.dated else None
    dated = f" {day:%Y-%m-%d}" if day else ""
    if item.key == "summary":
        return f"{number:02d} Case summary for review{dated}.pdf"
    name = clean_filename(item.filename).replace("/", "_")
    return f"{number:02d} {item.kind}{dated} {name}"


# Navigator's own words in the contents list (tests run them through the claims gate).
CONTENTS_HEAD = "Referral packet for review, case {reference}"
CONTENTS_DECISION = (
    "The decision on any consultation, treatment or clinical trial is {organisation}'s alone."
)
CONTENTS_IMAGES = (
    "Images and scans are as the family sent them; every PDF carries the sharing line "
    "at the foot of each page."
)


def contents_text(referral: Referral, files: list[PacketFile], line: str) -> str:
    rows = [
        CONTENTS_HEAD.format(reference=referral.case.reference),
        line,
        "",
        "Contents:",
    ]
    for number, item in enumerate(files, start=1):
        day = timezone.localtime(item.dated).date() if item.dated else None
        rows.append(
            f"  {bundle_name(number, item)}\n      {item.title}"
            + (f", dated {day:%-d %B %Y}" if day else "")
        )
    rows += [
        "",
        CONTENTS_IMAGES,
        CONTENTS_DECISION.format(organisation=referral.organisation),
        "",
    ]
    return "\n".join(rows)


def _streamed(item: PacketFile, line: str):
    """A file's bytes as the zip is written: a PDF stamped when its turn comes (one
    file in memory at a time), anything else read in pieces."""
    stamped = _prepared(item, line)
    if stamped is not None:
        yield stamped
        return
    with default_storage.open(item.field.name, "rb") as source:
        yield from iter(lambda: source.read(CHUNK), b"")


def bundle_download(referral: Referral, *, recipient: str):
    """One zip with the packet summary and every selected report, each named and dated,
    and a contents list first: streamed as it is written. None when there is nothing to
    send. A zip rather than one merged PDF, because reports may be images or DICOM files
    that a PDF would have to re-encode or could not hold at all."""
    from zipstream import ZIP_DEFLATED, ZIP_STORED, ZipStream

    files = files_for(referral)
    if not files:
        return None
    line = sharing_line(referral, recipient=recipient)
    archive = ZipStream(compress_type=ZIP_STORED)  # PDFs and images are compressed already
    contents = contents_text(referral, files, line).encode("utf-8")
    archive.add(contents, "00 Contents.txt", compress_type=ZIP_DEFLATED)
    for number, item in enumerate(files, start=1):
        archive.add(_streamed(item, line), bundle_name(number, item))
    reference = referral.case.reference
    return private_stream_response(
        archive, filename=f"{reference}-referral-{referral.pk}.zip", content_type="application/zip"
    )
