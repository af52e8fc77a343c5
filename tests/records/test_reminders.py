"""The one reminder a family gets once a request's due date has passed with items still
missing, and the notices carrying no health data."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.family_notices import family_notices_send
from cases.models import Case, FamilyNotice
from records import services
from records.models import RecordsRequest, RequestedItem
from records.tasks import remind_families

pytestmark = pytest.mark.django_db
Event = FamilyNotice.Event


def past_due(request, days=1):
    RecordsRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - timedelta(days=days)
    )


def reminders(case):
    return FamilyNotice.objects.filter(case=case, event=Event.RECORDS_REMINDER).count()


def test_a_request_past_its_due_date_is_reminded_once(case, make_request):
    request = make_request(case, kinds=["pathology", "hla"])
    past_due(request)
    assert remind_families() == 1
    assert remind_families() == 0
    assert services.records_reminders_send(today=timezone.localdate() + timedelta(days=30)) == 0
    assert reminders(case) == 1
    request.refresh_from_db()
    assert request.reminded_at is not None
    assert case.timeline.filter(message__contains="reminded by e-mail").exists()


def test_no_reminder_before_or_on_the_due_date(case, make_request):
    request = make_request(case, days=0)
    assert services.records_reminders_send() == 0
    past_due(request, days=0)
    assert services.records_reminders_send() == 0
    assert reminders(case) == 0


def test_no_reminder_once_nothing_is_missing(case, coord, make_request):
    request = make_request(case)
    services.requested_item_mark(
        item=request.items.get(), by=coord, status=RequestedItem.Status.NOT_NEEDED
    )
    past_due(request)
    assert services.records_reminders_send() == 0
    assert reminders(case) == 0


def test_a_family_who_chose_no_email_gets_none_and_the_timeline_says_so(case, make_request):
    Case.objects.filter(pk=case.pk).update(family_notices_by_email=False)
    case.refresh_from_db()
    request = make_request(case)
    past_due(request)
    assert services.records_reminders_send() == 1
    assert reminders(case) == 0
    assert case.timeline.filter(message__contains="chose no e-mail notices").exists()


def test_the_notices_name_no_record_and_no_health_data(case, make_request, settings):
    request = make_request(
        case,
        kinds=["pathology", "bone_marrow", "other"],
        other_text="Informe de citogenética",
        note="Necesitamos estos informes para enviarlos al hospital.",
    )
    past_due(request)
    services.records_reminders_send()
    mail.outbox.clear()
    later = timezone.now() + settings.NAVIGATOR_FAMILY_NOTICE_DELAY + timedelta(minutes=1)
    assert family_notices_send(case_id=case.pk, now=later) is True
    (message,) = mail.outbox
    text = message.subject + message.body
    assert case.reference in text
    assert "Su coordinador ha pedido algunos informes." in text  # in the family's language
    for private in (
        "anatomía patológica",
        "Pathology",
        "médula",
        "citogenética",
        "Necesitamos",
        case.patient.full_name,
        case.diagnosis.condition_label,
        case.diagnosis.biomarkers,
    ):
        assert private not in text
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no due date either
