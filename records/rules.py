"""Pure rules of a records request: which report category an item's file is filed under,
whether a file's type suits an item, and when a request is done."""

from cases.models import ReportCategory

from .family.choices import ACCEPTED_FOR_KIND, ItemStatus, RecordKind

CATEGORY_FOR_KIND = {
    RecordKind.PATHOLOGY: ReportCategory.PATHOLOGY,
    RecordKind.IMAGING: ReportCategory.IMAGING,
    RecordKind.BONE_MARROW: ReportCategory.PATHOLOGY,
    RecordKind.BIOMARKER: ReportCategory.LABORATORY,
    RecordKind.HLA: ReportCategory.LABORATORY,
    RecordKind.DISCHARGE: ReportCategory.DISCHARGE,
    RecordKind.TREATMENT: ReportCategory.TREATMENT,
    RecordKind.PASSPORT: ReportCategory.OTHER,
    RecordKind.OTHER: ReportCategory.OTHER,
}


def type_suits(kind: str, content_type: str) -> bool:
    """Whether a file whose content was detected as `content_type` may answer `kind`."""
    return content_type in ACCEPTED_FOR_KIND[kind]


def all_resolved(statuses) -> bool:
    """A request is done when no item is still missing."""
    return all(status != ItemStatus.MISSING for status in statuses)
