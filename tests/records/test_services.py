"""Records requests through their services: the checklist, the case status following it,
and refusals that save nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases import casework
from cases.models import Case, FamilyNotice, TimelineEvent
from records import services
from records.models import RecordsRequest, RequestedItem
from tests.factories import gate_verdict

pytestmark = pytest.mark.django_db
Status = RequestedItem.Status


def test_a_request_lists_the_ticked_items_and_tells_the_family(case, coord, make_request):
    request = make_request(case, kinds=["pathology", "hla", "other"], other_text="Carta del médico")
    assert [(i.kind, i.status) for i in request.items.order_by("id")] == [
        ("pathology", Status.MISSING),
        ("hla", Status.MISSING),
        ("other", Status.MISSING),
    ]
    assert request.items.get(kind="other").label == "Carta del médico"
    assert FamilyNotice.objects.filter(case=case, event=FamilyNotice.Event.RECORDS_REQUESTED)
    line = case.timeline.filter(kind=TimelineEvent.Kind.RECORDS).get()
    assert "Pathology report" in line.message and line.actor == coord
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.RECORDS_REQUESTED, case_reference=case.reference
    ).exists()


def test_creating_a_request_moves_the_case_to_records_requested(case, make_request):
    assert case.status == Case.Status.NEW
    make_request(case)
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED
    assert case.timeline.filter(
        kind=TimelineEvent.Kind.STATUS_CHANGED, message__contains="follows the checklist"
    ).exists()


def test_the_status_is_left_alone_where_the_workflow_does_not_allow_the_move(
    case, coord, make_request
):
    casework.case_change_status(case=case, to=Case.Status.ON_HOLD, by=coord)
    make_request(case)
    case.refresh_from_db()
    assert case.status == Case.Status.ON_HOLD


def test_the_case_is_complete_once_every_item_is_received_or_not_needed(case, coord, make_request):
    request = make_request(case, kinds=["pathology", "passport"])
    pathology, passport = request.items.order_by("id")
    services.requested_item_mark(item=pathology, by=coord, status=Status.RECEIVED_OTHER_ROUTE)
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED  # one item still missing
    services.requested_item_mark(item=passport, by=coord, status=Status.NOT_NEEDED)
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == Case.Status.RECORDS_COMPLETE
    assert request.closed_at is not None
    pathology.refresh_from_db()
    assert pathology.marked_by == coord and pathology.resolved_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RECORDS_ITEM_MARKED).count() == 2


def test_another_open_request_keeps_the_case_waiting(case, coord, make_request):
    first = make_request(case, kinds=["pathology"])
    make_request(case, kinds=["hla"])
    services.requested_item_mark(
        item=first.items.get(), by=coord, status=Status.RECEIVED_OTHER_ROUTE
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED


def test_a_manual_status_change_remains_possible(case, coord, make_request):
    make_request(case)
    case.refresh_from_db()
    casework.case_change_status(case=case, to=Case.Status.RECORDS_COMPLETE, by=coord)
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_COMPLETE


def test_a_new_request_after_completion_asks_again(case, coord, make_request):
    request = make_request(case)
    services.requested_item_mark(item=request.items.get(), by=coord, status=Status.NOT_NEEDED)
    make_request(case, kinds=["discharge"])
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED


def test_an_item_already_answered_cannot_be_marked_again(case, coord, make_request):
    item = make_request(case).items.get()
    services.requested_item_mark(item=item, by=coord, status=Status.NOT_NEEDED)
    with pytest.raises(services.RecordsRefusedError):
        services.requested_item_mark(item=item, by=coord, status=Status.RECEIVED_OTHER_ROUTE)
    item.refresh_from_db()
    assert item.status == Status.NOT_NEEDED


def test_a_due_date_in_the_past_is_refused_and_nothing_saved(case, coord):
    with pytest.raises(services.RecordsRefusedError, match="past"):
        services.records_request_create(
            case=case,
            by=coord,
            kinds=["pathology"],
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert not RecordsRequest.objects.exists()
    assert not FamilyNotice.objects.filter(event=FamilyNotice.Event.RECORDS_REQUESTED).exists()


def test_an_other_item_needs_its_words(case, coord):
    with pytest.raises(services.RecordsRefusedError, match="other"):
        services.records_request_create(
            case=case, by=coord, kinds=["other"], due_on=timezone.localdate()
        )
    assert not RecordsRequest.objects.exists()


def test_a_note_the_claims_gate_does_not_pass_saves_nothing(case, coord):
    claim = "The hospital will accept him for the trial."
    with (
        mock.patch("claims.gate.check", return_value=gate_verdict("block", claim)),
        pytest.raises(services.NoteRefusedError, match="accept him"),
    ):
        services.records_request_create(
            case=case, by=coord, kinds=["hla"], due_on=timezone.localdate(), note=claim
        )
    case.refresh_from_db()
    assert not RecordsRequest.objects.exists()
    assert case.status == Case.Status.NEW


def test_the_gate_reads_the_note_in_the_familys_language(case, coord):
    with mock.patch("claims.gate.check", return_value=gate_verdict("pass")) as check:
        services.records_request_create(
            case=case,
            by=coord,
            kinds=["hla"],
            due_on=timezone.localdate(),
            note="Necesitamos el informe HLA para enviarlo al hospital.",
        )
    assert check.call_args.kwargs["language"] == "es"


def test_a_closed_case_takes_no_request(case, coord):
    casework.case_change_status(
        case=case, to=Case.Status.CLOSED, by=coord, close_reason=Case.CloseReason.values[0]
    )
    with pytest.raises(services.RecordsRefusedError, match="closed"):
        services.records_request_create(
            case=case, by=coord, kinds=["hla"], due_on=timezone.localdate()
        )


def test_an_item_needed_again_reopens_its_request_and_the_case(case, coord, make_request):
    request = make_request(case, kinds=["hla"])
    item = request.items.get()
    services.requested_item_mark(item=item, by=coord, status=Status.NOT_NEEDED)
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_COMPLETE
    services.requested_item_reopen(item=item, by=coord)
    item.refresh_from_db()
    request.refresh_from_db()
    case.refresh_from_db()
    assert item.is_missing and item.marked_by is None and item.resolved_at is None
    assert request.closed_at is None
    assert case.status == Case.Status.RECORDS_REQUESTED
    with pytest.raises(services.RecordsRefusedError):
        services.requested_item_reopen(item=item, by=coord)


def test_anonymising_a_case_forgets_its_requests_and_the_export_lists_them(
    case, coord, make_request
):
    from cases import retention

    make_request(case, kinds=["other"], other_text="Carta del Dr. Pérez", note="Gracias.")
    exported = retention.case_record(case)["records_requests"]
    assert exported[0]["note"] == "Gracias."
    assert exported[0]["items"][0]["other_text"] == "Carta del Dr. Pérez"
    retention.case_anonymise(case=case)
    assert not RecordsRequest.objects.filter(case=case).exists()
    assert not RequestedItem.objects.exists()
