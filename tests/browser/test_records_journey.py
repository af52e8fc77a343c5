"""Records requests in Debian's chromium: the coordinator asks for a pathology report and a
passport copy from the checklist; an Arabic-speaking family on a phone sees the checklist
right to left in Arabic, a DICOM file for the pathology report is refused next to that item,
the PDF is accepted and ticked off; the coordinator sees the ticked item and the case
waiting on the passport only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from intake.services import case_issue_status_link
from records.models import RecordsRequest, RequestedItem
from tests.factories import coordinator, dicom_bytes, make_intake, pdf_bytes

from .conftest import DESKTOP, PHONE
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def arabic_case():
    from intake import drafts
    from intake import services as intake_services

    intake = make_intake()
    submitter = {**intake.submitter, "preferred_language": "ar"}
    draft = drafts.draft_create(data={})
    return intake_services.inquiry_submit(draft=draft, intake=make_intake(submitter=submitter))


def test_a_family_answers_the_checklist_on_a_phone_in_arabic(new_page, shot, tmp_path):
    alice = coordinator("alice", languages=["ar", "en"])
    case = arabic_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)

    staff = new_page(DESKTOP)
    sign_in(staff, alice, enrolled(alice))
    staff.goto(staff.base + case.get_absolute_url())
    staff.get_by_role("link", name="Request records").click()
    staff.check("input[name=kinds][value=pathology]")
    staff.check("input[name=kinds][value=passport]")
    staff.fill("#id_due_on", (timezone.localdate() + timedelta(days=10)).isoformat())
    shot(staff, "records-1-coordinator-asks")
    staff.get_by_role("button", name="Send the request").click()
    staff.get_by_text("Records requested; the family is told.").wait_for()
    request = RecordsRequest.objects.get(case=case)
    pathology = request.items.get(kind="pathology")

    family = new_page(PHONE)
    family.goto(f"{family.base}/status/{case_issue_status_link(case=case)}/")
    assert family.locator("html").get_attribute("dir") == "rtl"
    checklist = family.locator("[data-records-checklist]")
    assert "السجلات التي طلبها منسّقك" in checklist.inner_text()
    assert "تقرير علم الأمراض (الباثولوجيا)" in checklist.inner_text()

    scan = tmp_path / "scan.dcm"
    scan.write_bytes(dicom_bytes())
    item = family.locator(f"#records-item-{pathology.pk}")
    item.locator("input[type=file]").set_input_files(str(scan))
    item.get_by_role("button", name="أرسل هذا السجل").click()
    family.locator(f"#records-item-{pathology.pk} [role=alert]").wait_for()
    assert "scan.dcm" in family.locator(f"#records-item-{pathology.pk}").inner_text()
    shot(family, "records-2-wrong-file-refused-ar-phone")
    pathology.refresh_from_db()
    assert pathology.is_missing and not case.documents.exists()

    report = tmp_path / "pathology.pdf"
    report.write_bytes(pdf_bytes(1))
    item = family.locator(f"#records-item-{pathology.pk}")
    item.locator("input[type=file]").set_input_files(str(report))
    item.get_by_role("button", name="أرسل هذا السجل").click()
    family.locator(f"#records-item-{pathology.pk}[data-item-status=received]").wait_for()
    shot(family, "records-3-report-ticked-ar-phone")
    pathology.refresh_from_db()
    assert pathology.status == RequestedItem.Status.RECEIVED

    staff.goto(staff.base + case.get_absolute_url())
    panel = staff.locator("section[aria-labelledby='records-title']")
    assert "1 missing" in panel.inner_text()
    assert "pathology.pdf" in panel.inner_text()
    shot(staff, "records-4-coordinator-sees-the-tick")
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED
