"""The public inquiry, step by step, as a family's browser drives it."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Case, ConsentRecord, Document, TimelineEvent
from intake.models import InquiryDraft
from tests.factories import (
    STEP_ANSWERS,
    complete_inquiry,
    jpeg_upload,
    pdf_upload,
    post_reports,
    post_step,
    step_url,
    treatment_data,
)

pytestmark = pytest.mark.django_db


def test_a_complete_inquiry_creates_one_case_with_everything(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = complete_inquiry(client, files=[pdf_upload(), jpeg_upload()])
    assert response.status_code == 302
    assert response.url == reverse("intake:inquiry_submitted")

    case = Case.objects.get()
    assert case.reference.startswith("NAV-")
    assert case.status == Case.Status.NEW
    assert case.condition_area == "blood"
    assert case.urgency == "soon"
    assert case.submitter.email == "li.wei@example.org"
    assert case.submitter.phone == "+34612345678"
    assert case.patient.full_name == "Li Na"
    assert case.diagnosis.condition == "dlbcl"
    assert [t.regimen for t in case.treatments.all()] == ["R-CHOP x6", "Autologous CD19 CAR-T"]
    assert sorted(d.original_name for d in case.documents.all()) == ["pathology.pdf", "photo.jpg"]
    assert {c.kind for c in case.consents.all()} == {
        ConsentRecord.Kind.DATA_PROCESSING,
        ConsentRecord.Kind.NO_GUARANTEE,
    }
    assert case.timeline.order_by("id").first().kind == TimelineEvent.Kind.SUBMITTED

    page = client.get(response.url)
    assert case.reference in page.content.decode()
    # The e-mail went out after commit, in the family's language, with a working link.
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/status/" in line)
    status = client.get(link.replace("http://testserver", ""))
    assert status.status_code == 200
    assert case.reference in status.content.decode()


def test_each_step_refuses_missing_fields_and_names_them(client):
    client.get(reverse("intake:inquiry_wizard"))
    response = post_step(client, "about", {})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please check the following" in body
    for label in ("Your full name", "Your e-mail address", "Your phone number"):
        assert label in body
    assert not InquiryDraft.objects.exists()  # nothing stored for an empty first step


@pytest.mark.parametrize(
    ("step", "changes", "field", "message"),
    [
        ("about", {"email": "not-an-email"}, "email", "valid email"),
        ("about", {"phone": "12"}, "phone", "valid phone number"),
        ("patient", {"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ("patient", {"date_of_birth": "1800-01-01"}, "date_of_birth", "check the year"),
        ("diagnosis", {"condition": "other", "condition_other": ""}, "condition_other", "describe"),
        ("diagnosis", {"diagnosed_on": "1950-01-01"}, "diagnosed_on", "before the patient"),
        ("diagnosis", {"condition": "not-a-condition"}, "condition", "valid choice"),
        ("help", {"consent_data": ""}, "consent_data", "required"),
        ("help", {"acknowledge_no_guarantee": ""}, "acknowledge_no_guarantee", "required"),
    ],
)
def test_bad_answers_are_refused_next_to_their_field(client, step, changes, field, message):
    client.get(reverse("intake:inquiry_wizard"))
    for earlier in ("about", "patient", "diagnosis"):
        if earlier == step:
            break
        assert post_step(client, earlier).status_code == 302
    response = post_step(client, step, {**STEP_ANSWERS[step], **changes})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in str(form.errors[field])
    assert f'href="#id_{step}-{field}' in response.content.decode()


def test_a_phone_number_without_country_code_is_read_in_the_chosen_country(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", {**STEP_ANSWERS["about"], "phone": "612 345 678", "country": "ES"})
    draft = InquiryDraft.objects.get()
    assert draft.data["step"] == "patient"


def test_treatment_end_before_start_is_refused(client):
    client.get(reverse("intake:inquiry_wizard"))
    rows = [
        {
            "kind": "chemotherapy",
            "regimen": "",
            "started_on": "2025-05-01",
            "ended_on": "2025-01-01",
            "best_response": "stable",
            "notes": "",
        }
    ]
    response = client.post(step_url("treatment"), treatment_data(rows))
    assert response.status_code == 200
    assert "end date is before the start date" in response.content.decode()


def test_zero_treatment_rows_is_allowed(client):
    client.get(reverse("intake:inquiry_wizard"))
    response = client.post(step_url("treatment"), treatment_data([]))
    assert response.status_code == 302


def test_back_keeps_what_was_typed_even_if_unfinished(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    partial = {**STEP_ANSWERS["patient"], "date_of_birth": ""}
    response = post_step(client, "patient", partial, wizard_goto_step="about")
    assert response.status_code == 302
    assert response.url == step_url("about")
    # Reloading the patient step shows the unfinished answers again.
    page = client.get(step_url("patient")).content.decode()
    assert 'value="Li Na"' in page
    assert 'value="At home in Valencia"' in page


def test_a_reload_shows_the_saved_answers(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    page = client.get(step_url("about")).content.decode()
    assert 'value="li.wei@example.org"' in page


def test_patient_step_is_prefilled_when_the_submitter_is_the_patient(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", {**STEP_ANSWERS["about"], "role": "patient"})
    page = client.get(step_url("patient"))
    form = page.context["form"]
    assert form.initial["full_name"] == "Li Wei"
    assert form.initial["country_of_residence"] == "ES"


def test_review_shows_every_answer_and_escapes_html(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about", {**STEP_ANSWERS["about"], "full_name": "<script>alert(1)</script>"})
    for step in ("patient", "diagnosis"):
        post_step(client, step)
    client.post(step_url("treatment"), treatment_data([]))
    post_reports(client, [pdf_upload("<img src=x onerror=alert(1)>.pdf")])
    post_step(client, "help")
    page = client.get(step_url("review")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page
    assert "Diffuse large B-cell lymphoma" in page
    assert "No treatment yet." in page


def test_the_send_button_is_disabled_until_every_step_is_complete(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    page = client.get(step_url("review"))
    assert not page.context["all_complete"]
    # Forcing the send anyway takes the family to the first unfinished step.
    response = post_step(client, "review", {})
    assert response.status_code == 302
    client.get(response.url)  # the "send" URL re-validates every step
    assert not Case.objects.exists()


def test_sending_twice_makes_one_case(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complete_inquiry(client, files=[pdf_upload()])
        draft_id = client.session["inquiry_submitted"]["draft"]
        again = post_step(client, "review", {}, inquiry_draft=draft_id)
    assert again.status_code == 302
    assert again.url == reverse("intake:inquiry_submitted")
    assert Case.objects.count() == 1
    assert Document.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_inquiry_pages_are_never_cached(client):
    client.get(reverse("intake:inquiry_wizard"))
    response = client.get(step_url("about"))
    assert "no-store" in response["Cache-Control"]
