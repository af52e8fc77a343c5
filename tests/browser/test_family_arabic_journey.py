"""Issue 12's family journey in Debian's chromium, on a phone, in Arabic: the family reads
their coordinator's message and answers it, uploads the pathology report the coordinator
asked for against the checklist, sees the appointment shared with them and downloads its
calendar file; the coordinator then sees the reply and the ticked item in the workspace."""

import uuid
from datetime import time, timedelta

import icalendar
import pytest
from django.utils import timezone

from cases.models import Case
from conversations import services as conversations
from conversations.models import Message
from intake.services import case_issue_status_link
from logistics import services as logistics
from logistics.models import CaseTask
from records import services as records
from records.models import RequestedItem
from tests.factories import coordinator, pdf_bytes

from .conftest import DESKTOP, PHONE
from .test_journeys import enrolled, sign_in
from .test_records_journey import arabic_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
QUESTION = "Could you send us the pathology report from the last biopsy?"
ANSWER = "نعم، أرفقنا التقرير في قائمة السجلات. شكرًا لكم."


def test_an_arabic_family_on_a_phone_answers_uploads_and_saves_the_appointment(
    new_page, shot, tmp_path
):
    alice = coordinator("alice", languages=["ar", "en"], time_zone="Asia/Amman")
    alice.first_name = "Alia"
    alice.save()
    case = arabic_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    case.refresh_from_db()
    conversations.message_from_staff(
        case=case, by=alice, body=QUESTION, idempotency_key=uuid.uuid4()
    )
    request = records.records_request_create(
        case=case,
        by=alice,
        kinds=["pathology"],
        due_on=timezone.localdate() + timedelta(days=7),
    )
    pathology = request.items.get(kind="pathology")
    task = logistics.task_create(
        case=case,
        by=alice,
        kind=CaseTask.Kind.APPOINTMENT,
        fields=logistics.TaskFields(
            title="First visit, King Hussein Cancer Center",
            due_date=timezone.localdate() + timedelta(days=14),
            due_time=time(10, 0),
            assignee=alice,
            place="Queen Rania St, Amman",
        ),
    )
    logistics.task_share(task=task, by=alice, family_title="الزيارة الأولى", family_place="عمّان")

    family = new_page(PHONE)
    family.goto(f"{family.base}/status/{case_issue_status_link(case=case)}/")
    assert family.locator("html").get_attribute("dir") == "rtl"
    thread = family.locator(".conversation-thread")
    assert QUESTION in thread.inner_text()
    family.fill("#id_body", ANSWER)
    family.get_by_role("button", name="إرسال الرسالة").click()
    family.locator(".conversation-thread").get_by_text(ANSWER).wait_for()
    shot(family, "family-ar-1-answered-phone")

    report = tmp_path / "pathology.pdf"
    report.write_bytes(pdf_bytes(1))
    item = family.locator(f"#records-item-{pathology.pk}")
    item.locator("input[type=file]").set_input_files(str(report))
    item.get_by_role("button", name="أرسل هذا السجل").click()
    family.locator(f"#records-item-{pathology.pk}[data-item-status=received]").wait_for()

    appointments = family.locator("section.appointments")
    assert "الزيارة الأولى" in appointments.inner_text()
    shot(family, "family-ar-2-checklist-and-appointment-phone")
    with family.expect_download() as waiting:
        appointments.get_by_role("link", name="أضِف الموعد إلى تقويمك (ملف ‎.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(waiting.value.path(), "rb").read())
    event = calendar.walk("VEVENT")[0]
    task.refresh_from_db()
    assert event.decoded("dtstart") == task.due_at
    assert str(event["summary"]) == "الزيارة الأولى"

    staff = new_page(DESKTOP)
    sign_in(staff, alice, enrolled(alice))
    staff.goto(staff.base + case.get_absolute_url())
    conversation = staff.locator("section[aria-labelledby='conversation-title']")
    assert ANSWER in conversation.inner_text()
    checklist = staff.locator("section[aria-labelledby='records-title']")
    assert "pathology.pdf" in checklist.inner_text()
    shot(staff, "family-ar-3-coordinator-sees-reply-and-tick")
    pathology.refresh_from_db()
    assert pathology.status == RequestedItem.Status.RECEIVED
    assert Message.objects.filter(case=case, author__isnull=True).count() == 1
