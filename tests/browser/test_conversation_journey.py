"""The conversation in Debian's chromium: a Spanish-speaking family on a phone writes to
their coordinator (a double tap sends one message) and attaches a report; the coordinator
sees it in the workspace, waiting and unread in the queue, and answers; the family reads
the answer in Spanish, attributed to their coordinator."""

import pytest

from cases.models import Case
from conversations.models import Message
from intake.services import case_issue_status_link
from tests.factories import coordinator, make_intake, pdf_bytes

from .conftest import DESKTOP, PHONE
from .test_journeys import enrolled, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
QUESTION = "¿Han recibido ya el informe de patología? Lo adjunto por si acaso."
ANSWER = "Sí, lo hemos recibido y lo hemos enviado al hospital para su propia revisión."


def spanish_case():
    from intake import drafts
    from intake import services as intake_services

    intake = make_intake()
    submitter = {**intake.submitter, "preferred_language": "es"}
    draft = drafts.draft_create(data={})
    return intake_services.inquiry_submit(draft=draft, intake=make_intake(submitter=submitter))


def test_the_family_writes_on_a_phone_and_reads_the_answer_in_spanish(new_page, shot, tmp_path):
    alice = coordinator("alice", languages=["es", "en"])
    alice.first_name = "Alicia"
    alice.save()
    case = spanish_case()
    Case.objects.filter(pk=case.pk).update(coordinator=alice)
    report = tmp_path / "patologia.pdf"
    report.write_bytes(pdf_bytes(1))

    family = new_page(PHONE)
    status_url = f"{family.base}/status/{case_issue_status_link(case=case)}/"
    family.goto(status_url)
    family.fill("#id_body", QUESTION)
    family.set_input_files("#id_attachments", str(report))
    family.get_by_role("button", name="Enviar mensaje").dblclick()
    family.get_by_text("Su mensaje se ha enviado a su coordinador.").wait_for()
    assert Message.objects.filter(case=case).count() == 1
    shot(family, "conversation-1-family-wrote-es-phone")

    staff = new_page(DESKTOP)
    sign_in(staff, alice, enrolled(alice))
    staff.goto(staff.base + "/queue/?waiting=true")
    assert case.reference in staff.locator(".queue-table").inner_text()
    assert staff.locator("[data-unread='1']").count() == 1
    staff.goto(staff.base + case.get_absolute_url())
    panel = staff.locator("section[aria-labelledby='conversation-title']")
    assert QUESTION in panel.inner_text()
    assert "patologia.pdf" in panel.inner_text()
    assert "The family reads Spanish" in panel.inner_text()
    staff.fill("#reply-body", ANSWER)
    shot(staff, "conversation-2-workspace-reply")
    staff.get_by_role("button", name="Send to the family").click()
    staff.get_by_text("Message sent.").wait_for()
    case.refresh_from_db()
    assert case.reply_due_at is None

    family.goto(status_url)
    thread = family.locator(".conversation-thread").inner_text()
    assert "Su coordinador Alicia" in thread
    assert thread.index(QUESTION) < thread.index(ANSWER)
    shot(family, "conversation-3-family-reads-answer-es-phone")
