"""Models of the cases app, split by what they describe."""

from .audit import AuditEvent
from .case import (
    PRIORITY_BY_URGENCY,
    Case,
    ConsentRecord,
    Diagnosis,
    Document,
    DraftUpload,
    HelpTopic,
    InquiryDraft,
    Patient,
    ReferenceCounter,
    ReportCategory,
    StoredUpload,
    Submitter,
    TimelineEvent,
    TreatmentLine,
    Urgency,
    report_upload_path,
)
from .jobs import DocumentJob
from .staff import CoordinatorProfile, Holiday, RoutingRule, SavedView
from .work import CaseNote, ContactLog

__all__ = [
    "AuditEvent",
    "Case",
    "CaseNote",
    "ConsentRecord",
    "ContactLog",
    "CoordinatorProfile",
    "Diagnosis",
    "Document",
    "DocumentJob",
    "DraftUpload",
    "HelpTopic",
    "Holiday",
    "InquiryDraft",
    "PRIORITY_BY_URGENCY",
    "Patient",
    "ReferenceCounter",
    "ReportCategory",
    "RoutingRule",
    "SavedView",
    "StoredUpload",
    "Submitter",
    "TimelineEvent",
    "TreatmentLine",
    "Urgency",
    "report_upload_path",
]
