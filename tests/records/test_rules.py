"""Which files suit which checklist item, and which report category each is filed under."""

import pytest

from cases.models import ReportCategory
from records import rules
from records.family.choices import RecordKind

PDF, JPEG, DICOM = "application/pdf", "image/jpeg", "application/dicom"


@pytest.mark.parametrize("kind", RecordKind.values)
def test_every_item_takes_a_pdf_or_a_photo_of_its_pages(kind):
    assert rules.type_suits(kind, PDF) and rules.type_suits(kind, JPEG)


@pytest.mark.parametrize(
    ("kind", "takes_dicom"),
    [
        (RecordKind.IMAGING, True),
        (RecordKind.OTHER, True),
        (RecordKind.PATHOLOGY, False),
        (RecordKind.HLA, False),
        (RecordKind.PASSPORT, False),
    ],
)
def test_only_scans_and_other_items_take_dicom_images(kind, takes_dicom):
    assert rules.type_suits(kind, DICOM) is takes_dicom


def test_every_item_is_filed_under_a_report_category():
    assert set(rules.CATEGORY_FOR_KIND) == set(RecordKind.values)
    assert set(rules.CATEGORY_FOR_KIND.values()) <= set(ReportCategory.values)


def test_a_request_is_done_when_nothing_is_missing():
    assert rules.all_resolved(["received", "not_needed", "received_other"])
    assert not rules.all_resolved(["received", "missing"])
