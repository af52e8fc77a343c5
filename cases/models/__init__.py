"""Models of the cases app, split by the case's lifecycle: the case and its timeline,
what the family sent, its files, the coordinators' work, and the team."""

from ..family.choices import HelpTopic, ReportCategory, Urgency
from .case import PRIORITY_BY_URGENCY, Case, ReferenceCounter, TimelineEvent
from .files import Document, StoredUpload
from .inquiry import ConsentRecord, Diagnosis, Patient, Submitter, TreatmentLine
from .notices import CoordinatorAlert, FamilyNotice
from .team import CoordinatorProfile, Holiday, OnCallShift, RoutingRule, SavedView
from .work import CaseNote, ContactLog, ShareState

__all__ = [
    "Case",
    "CaseNote",
    "ConsentRecord",
    "ContactLog",
    "CoordinatorAlert",
    "CoordinatorProfile",
    "Diagnosis",
    "Document",
    "FamilyNotice",
    "HelpTopic",
    "Holiday",
    "OnCallShift",
    "PRIORITY_BY_URGENCY",
    "Patient",
    "ReferenceCounter",
    "ReportCategory",
    "RoutingRule",
    "SavedView",
    "ShareState",
    "StoredUpload",
    "Submitter",
    "TimelineEvent",
    "TreatmentLine",
    "Urgency",
]
