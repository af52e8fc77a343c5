"""The checklist on the family's private status page: in their language, one upload per
missing item, a file ticks its item off, a wrong kind of file is refused next to its item
with nothing saved, and a family sees only their own checklist."""

import pytest
from django.urls import reverse

from cases.models import CoordinatorAlert, Document, TimelineEvent
from intake import services as intake_services
from records.models import RequestedItem
from tests.factories import dicom_bytes, make_intake, pdf_upload, png_upload, submit_case, upload

from .conftest import stored_files

pytestmark = pytest.mark.django_db


def page_url(token):
    return reverse("intake:status", kwargs={"token": token})


def send(client, token, item, file):
    return client.post(
        f"{page_url(token)}?send=records&item={item.pk}", {f"item-{item.pk}-file": file}
    )


def test_the_checklist_shows_in_the_familys_language_with_its_due_date(
    client, case, token, make_request
):
    request = make_request(case, kinds=["pathology", "passport"], note="Gracias por su ayuda.")
    html = client.get(page_url(token)).content.decode()
    assert "Registros que su coordinador ha solicitado" in html
    assert "Informe de anatomía patológica" in html
    assert "Copia del pasaporte (para viajar)" in html
    assert "Gracias por su ayuda." in html
    assert html.count('data-item-status="missing"') == 2
    assert f"?send=records&amp;item={request.items.first().pk}" in html


def test_a_file_sent_for_an_item_ticks_it_off_and_alerts_the_coordinator(
    client, case, token, make_request, coord
):
    item = make_request(case, kinds=["pathology"]).items.get()
    response = send(client, token, item, pdf_upload("biopsia.pdf"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#records-item-{item.pk}")
    item.refresh_from_db()
    assert item.status == RequestedItem.Status.RECEIVED
    assert item.document.original_name == "biopsia.pdf"
    assert item.document.source == Document.Source.FAMILY
    assert item.document.category == "pathology"
    assert CoordinatorAlert.objects.filter(
        user=coord, case=case, kind=CoordinatorAlert.Kind.RECORDS_ARRIVED
    ).exists()
    assert not CoordinatorAlert.objects.filter(kind=CoordinatorAlert.Kind.FAMILY_UPLOAD).exists()
    assert case.timeline.filter(
        kind=TimelineEvent.Kind.RECORDS, message__contains="received from the family"
    ).exists()
    html = client.get(page_url(token)).content.decode()
    assert 'data-item-status="received"' in html
    assert "biopsia.pdf" in html


def test_the_last_item_arriving_completes_the_case(client, case, token, make_request):
    item = make_request(case, kinds=["passport"]).items.get()
    send(client, token, item, png_upload("pasaporte.png"))
    case.refresh_from_db()
    assert case.status == "records_complete"


def test_a_wrong_kind_of_file_is_refused_next_to_its_item_and_nothing_saved(
    client, case, token, make_request, _private_upload_root
):
    request = make_request(case, kinds=["pathology", "imaging"])
    pathology = request.items.get(kind="pathology")
    response = send(client, token, pathology, upload("estudio.dcm", dicom_bytes()))
    assert response.status_code == 200
    html = response.content.decode()
    item_html = html.split(f'id="records-item-{pathology.pk}"', 1)[1].split("</li>", 1)[0]
    assert "estudio.dcm" in item_html and 'role="alert"' in item_html
    assert "PDF" in item_html  # says what it does take
    pathology.refresh_from_db()
    assert pathology.status == RequestedItem.Status.MISSING
    assert not Document.objects.filter(case=case).exists()
    assert not stored_files(_private_upload_root)


def test_the_imaging_item_takes_a_dicom_file(client, case, token, make_request):
    item = make_request(case, kinds=["imaging"]).items.get()
    assert send(client, token, item, upload("pet.dcm", dicom_bytes())).status_code == 302
    item.refresh_from_db()
    assert item.document.content_type == "application/dicom"


def test_a_file_refused_by_the_upload_checks_is_named_next_to_its_item(
    client, case, token, make_request, _private_upload_root
):
    item = make_request(case).items.get()
    response = send(client, token, item, upload("informe.pdf", b"not a pdf at all"))
    assert response.status_code == 200
    assert "informe.pdf" in response.content.decode()
    assert not stored_files(_private_upload_root)
    item.refresh_from_db()
    assert item.is_missing


def test_sending_no_file_asks_for_one(client, case, token, make_request):
    item = make_request(case).items.get()
    response = client.post(f"{page_url(token)}?send=records&item={item.pk}", {})
    assert "Elija el archivo que enviará para este documento." in response.content.decode()


def test_an_item_already_received_takes_no_second_file(client, case, token, make_request):
    item = make_request(case).items.get()
    send(client, token, item, pdf_upload("uno.pdf"))
    response = send(client, token, item, pdf_upload("dos.pdf"))
    assert response.status_code == 200
    assert Document.objects.filter(case=case).count() == 1


def test_a_family_sees_and_answers_only_their_own_checklist(client, case, token, make_request):
    other_intake = make_intake()
    other = submit_case(
        submitter={**other_intake.submitter, "email": "other@example.org"},
        patient={**other_intake.patient, "full_name": "Otra Persona"},
    )
    other_item = make_request(other, kinds=["hla"], note="Nota para la otra familia.").items.get()
    make_request(case, kinds=["pathology"])
    html = client.get(page_url(token)).content.decode()
    assert "Nota para la otra familia." not in html
    assert f"item={other_item.pk}" not in html
    # Posting another case's item through this family's link saves nothing anywhere.
    send(client, token, other_item, pdf_upload("hla.pdf"))
    other_item.refresh_from_db()
    assert other_item.is_missing
    assert not Document.objects.exists()
    other_token = intake_services.case_issue_status_link(case=other)
    assert "Nota para la otra familia." in client.get(page_url(other_token)).content.decode()


def test_the_page_without_requests_shows_no_checklist(client, token):
    assert "data-records-checklist" not in client.get(page_url(token)).content.decode()


def test_a_body_too_large_to_read_is_refused_next_to_its_item(
    client, case, token, make_request, settings, _private_upload_root
):
    settings.NAVIGATOR_MAX_CASE_BYTES = 1000
    item = make_request(case).items.get()
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 2000), "application/pdf")
    response = send(client, token, item, big)
    assert response.status_code == 200
    item_html = response.content.decode().split(f'id="records-item-{item.pk}"', 1)[1]
    assert 'role="alert"' in item_html.split("</li>", 1)[0]
    assert not stored_files(_private_upload_root)
    assert not Document.objects.exists()


def test_a_closed_case_takes_no_file_for_its_items(client, case, coord, token, make_request):
    from cases import casework
    from cases.models import Case

    item = make_request(case).items.get()
    case.refresh_from_db()
    casework.case_change_status(
        case=case, to=Case.Status.CLOSED, by=coord, close_reason=Case.CloseReason.values[0]
    )
    page = client.get(page_url(token))
    assert page.status_code == 200 and 'data-item-status="missing"' in page.content.decode()
    assert f"item={item.pk}" not in page.content.decode()
    send(client, token, item, pdf_upload())
    item.refresh_from_db()
    assert item.is_missing
    assert not Document.objects.exists()
