"""The workspace side: the records panel, the request form (blank, or from a partner's
"more information needed" answer), marking items, staff-added files, and access."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, Document, TimelineEvent
from records.models import RecordsRequest, RequestedItem
from referrals import services as referral_services
from referrals.models import ReferralResponse
from tests.factories import coordinator, dicom_bytes, pdf_upload, submit_case, upload
from tests.referrals.portal_helpers import send_referral

from .conftest import stored_files

pytestmark = pytest.mark.django_db
PARTNER_WORDS = "Please send the latest PET-CT and the HLA typing of the patient and donor."


@pytest.fixture
def staff(client, coord, signed_in):
    return signed_in(client, coord)


def new_url(case):
    return reverse("records:new", args=[case.reference])


def add_url(case):
    return reverse("records:document_add", args=[case.reference])


def request_data(**overrides):
    data = {
        "kinds": ["pathology", "passport"],
        "other_text": "",
        "note": "",
        "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_the_workspace_shows_the_records_panel(staff, case, make_request):
    make_request(case, kinds=["hla"])
    html = staff.get(case.get_absolute_url()).content.decode()
    assert 'id="records-title"' in html
    assert "HLA typing report" in html and "1 missing" in html
    assert new_url(case) in html


def test_a_coordinator_requests_records_from_the_checklist(staff, case):
    response = staff.post(new_url(case), request_data())
    assert response.status_code == 302
    request = RecordsRequest.objects.get(case=case)
    assert sorted(request.items.values_list("kind", flat=True)) == ["passport", "pathology"]
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_REQUESTED


def test_a_due_date_in_the_past_is_refused_on_its_field(staff, case):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = staff.post(new_url(case), request_data(due_on=yesterday))
    assert response.status_code == 400
    form = response.context["form"]
    assert "past" in form.errors["due_on"][0]
    assert not RecordsRequest.objects.exists()


def test_an_other_item_without_words_is_refused_on_its_field(staff, case):
    response = staff.post(new_url(case), request_data(kinds=["other"]))
    assert response.status_code == 400
    assert "other_text" in response.context["form"].errors


def test_a_coordinator_cannot_reach_a_case_they_may_not_see(client, signed_in, case, make_request):
    item = make_request(case).items.get()
    signed_in(client, coordinator("someone.else"))
    assert client.get(new_url(case)).status_code == 404
    assert client.post(new_url(case), request_data()).status_code == 404
    mark = reverse("records:item_mark", args=[case.reference, item.pk, "not-needed"])
    assert client.post(mark).status_code == 404
    assert client.post(add_url(case), {"route": "email"}).status_code == 404
    item.refresh_from_db()
    assert item.is_missing
    assert RecordsRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_an_item_of_another_case_is_an_audited_404(staff, case, make_request):
    other = submit_case()
    item = make_request(other).items.get()
    mark = reverse("records:item_mark", args=[case.reference, item.pk, "not-needed"])
    assert staff.post(mark).status_code == 404
    item.refresh_from_db()
    assert item.is_missing


def test_a_coordinator_marks_an_item_received_another_way(staff, case, coord, make_request):
    item = make_request(case).items.get()
    mark = reverse("records:item_mark", args=[case.reference, item.pk, "other-route"])
    assert staff.post(mark).status_code == 302
    item.refresh_from_db()
    assert item.status == RequestedItem.Status.RECEIVED_OTHER_ROUTE
    assert item.marked_by == coord
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_COMPLETE


# --- A partner's answer becomes a request ------------------------------------------------


@pytest.fixture
def more_information(case, coord, django_capture_on_commit_callbacks):
    referral, _token = send_referral(django_capture_on_commit_callbacks, case=case, by=coord)
    return referral_services.response_record(
        referral=referral,
        kind=ReferralResponse.Kind.MORE_INFORMATION,
        responder_name="Dra. Elena Ruiz",
        responder_email=referral.contact_email,
        idempotency_key=uuid.uuid4().hex,
        requested_records=PARTNER_WORDS,
    )


def test_a_partners_request_for_more_becomes_a_records_request_in_one_step(
    staff, case, more_information
):
    html = staff.get(case.get_absolute_url()).content.decode()
    button = f"{new_url(case)}?answer={more_information.pk}"
    assert button in html
    form_html = staff.get(button).content.decode()
    quoted = f"Hospital del Sol asked: &quot;{PARTNER_WORDS}&quot;"
    assert quoted in form_html
    note = f'Hospital del Sol asked: "{PARTNER_WORDS}"'
    response = staff.post(
        new_url(case),
        request_data(kinds=["imaging", "hla"], note=note, answer=more_information.pk),
    )
    assert response.status_code == 302
    request = RecordsRequest.objects.get(case=case)
    assert request.from_response == more_information
    assert request.note == note
    assert case.timeline.filter(
        kind=TimelineEvent.Kind.RECORDS, message__contains="Hospital del Sol's answer"
    ).exists()
    # Passed on: the button gives way.
    assert button not in staff.get(case.get_absolute_url()).content.decode()


def test_an_answer_of_another_case_cannot_start_a_request(staff, case, more_information):
    other = submit_case()
    response = staff.get(f"{new_url(other)}?answer={more_information.pk}")
    assert response.status_code == 404


# --- Files that arrived another way --------------------------------------------------------


def test_staff_add_a_file_marked_as_theirs_with_its_route(staff, case, coord):
    response = staff.post(
        add_url(case),
        {"file": pdf_upload("by-email.pdf"), "category": "pathology", "route": "email"},
    )
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.source == Document.Source.STAFF
    assert document.route == Document.Route.EMAIL
    assert document.added_by == coord
    assert document.original_name == "by-email.pdf"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DOCUMENT_ADDED, object_id=str(document.pk)
    ).exists()
    html = staff.get(case.get_absolute_url()).content.decode()
    assert f"Added by staff ({coord.username}, e-mail)" in html


def test_a_staff_file_against_an_item_ticks_it(staff, case, make_request):
    item = make_request(case, kinds=["discharge"]).items.get()
    assert f"?item={item.pk}" in staff.get(case.get_absolute_url()).content.decode()
    response = staff.post(
        add_url(case),
        {
            "file": pdf_upload("alta.pdf"),
            "category": "discharge",
            "route": "post",
            "item": item.pk,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestedItem.Status.RECEIVED_OTHER_ROUTE
    assert item.document.route == Document.Route.POST
    case.refresh_from_db()
    assert case.status == Case.Status.RECORDS_COMPLETE


def test_a_staff_file_refused_saves_nothing(staff, case, make_request, _private_upload_root):
    item = make_request(case, kinds=["pathology"]).items.get()
    wrong_kind = staff.post(
        add_url(case),
        {
            "file": upload("scan.dcm", dicom_bytes()),
            "category": "pathology",
            "route": "messaging",
            "item": item.pk,
        },
    )
    assert wrong_kind.status_code == 400
    assert wrong_kind.context["form"].errors["item"]
    not_a_pdf = staff.post(
        add_url(case), {"file": upload("x.pdf", b"nope"), "category": "other", "route": "post"}
    )
    assert not_a_pdf.status_code == 400
    assert not_a_pdf.context["form"].errors["file"]
    assert not Document.objects.exists()
    assert not stored_files(_private_upload_root)
    item.refresh_from_db()
    assert item.is_missing


def test_a_coordinator_can_say_an_item_is_needed_again(staff, case, make_request):
    item = make_request(case).items.get()
    staff.post(reverse("records:item_mark", args=[case.reference, item.pk, "not-needed"]))
    reopen = reverse("records:item_mark", args=[case.reference, item.pk, "reopen"])
    assert reopen in staff.get(case.get_absolute_url()).content.decode()
    assert staff.post(reopen).status_code == 302
    item.refresh_from_db()
    assert item.is_missing


def test_the_form_opens_with_a_due_date_two_weeks_on(staff, case):
    html = staff.get(new_url(case)).content.decode()
    assert f'value="{(timezone.localdate() + timedelta(days=14)).isoformat()}"' in html
    assert "Spanish" in html  # the family's language, for the note written to them
