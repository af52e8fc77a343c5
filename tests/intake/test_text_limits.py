"""Every answer a family types has a length limit: on the form (a message that names the
field, in the family's language), and on the model (the service's full_clean), so no
answer can be long enough to stop a case summary from rendering."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Diagnosis, Patient, Submitter, TreatmentLine
from intake import forms
from intake.models import InquiryDraft
from tests.factories import STEP_ANSWERS, make_intake, post_step, submit_case

# (form, field, the model field that keeps it)
FAMILY_TEXT = [
    (forms.AboutYouForm, "full_name", Submitter, "full_name"),
    (forms.AboutYouForm, "email", Submitter, "email"),
    (forms.AboutYouForm, "phone", Submitter, "phone"),
    (forms.PatientForm, "full_name", Patient, "full_name"),
    (forms.PatientForm, "current_location", Patient, "current_location"),
    (forms.DiagnosisForm, "condition_other", Diagnosis, "condition_other"),
    (forms.DiagnosisForm, "stage_or_status", Diagnosis, "stage_or_status"),
    (forms.DiagnosisForm, "biomarkers", Diagnosis, "biomarkers"),
    (forms.TreatmentForm, "regimen", TreatmentLine, "regimen"),
    (forms.TreatmentForm, "notes", TreatmentLine, "notes"),
    (forms.HelpForm, "help_details", Case, "help_details"),
    (forms.ResumeEmailForm, "email", InquiryDraft, "resume_email"),
    (forms.StatusLinkRequestForm, "email", Submitter, "email"),
]


def too_long(name: str, limit: int) -> str:
    if "email" in name:
        return "a" * limit + "@example.org"
    return "x" * (limit + 1)


@pytest.mark.parametrize(("form_class", "name", "model", "model_field"), FAMILY_TEXT)
def test_every_family_text_field_is_limited_on_the_form_and_the_model(
    form_class, name, model, model_field
):
    limit = forms.limit_of(model, model_field)
    field = form_class.base_fields[name]
    assert field.max_length == limit
    assert field.widget.attrs["maxlength"] == str(limit)
    value = too_long(name, limit)
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    message = " ".join(refused.value.messages)
    assert f"\u201c{field.label}\u201d can be at most {limit} characters long" in message
    assert f"this has {len(value)}" in message
    with pytest.raises(ValidationError):  # the model refuses it too
        model._meta.get_field(model_field).clean(value, None)


def test_long_free_text_has_a_limit_in_the_model_not_only_the_column():
    assert forms.limit_of(Diagnosis, "biomarkers") == 2000
    assert forms.limit_of(TreatmentLine, "notes") == 2000
    assert forms.limit_of(Case, "help_details") == 5000


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", "admite como máximo 2000 caracteres"), ("zh-hans", "最多可填写 2000 个字符")],
)
def test_the_message_is_in_the_familys_language(language, words):
    with translation.override(language):
        form = forms.DiagnosisForm(data={**STEP_ANSWERS["diagnosis"], "biomarkers": "x" * 2001})
        assert not form.is_valid()
        message = str(form.errors["biomarkers"][0])
        label = str(form.fields["biomarkers"].label)
    assert words in message and label in message


@pytest.mark.django_db
def test_the_wizard_shows_the_message_next_to_the_field_and_in_the_summary(client):
    client.get(reverse("intake:inquiry_wizard"))
    post_step(client, "about")
    post_step(client, "patient")
    response = post_step(
        client, "diagnosis", {**STEP_ANSWERS["diagnosis"], "biomarkers": "CD19 " * 500}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("can be at most 2000 characters long; this has 2499") == 2
    assert 'href="#id_diagnosis-biomarkers"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"help_details": "x" * 5001},
        {"diagnosis": {**make_intake().diagnosis, "biomarkers": "x" * 2001}},
        {
            "treatments": [
                {
                    "kind": "chemotherapy",
                    "regimen": "",
                    "started_on": None,
                    "ended_on": None,
                    "best_response": "partial",
                    "notes": "x" * 2001,
                }
            ]
        },
    ],
)
def test_the_service_refuses_an_overlong_answer_and_saves_nothing(overrides):
    with pytest.raises(ValidationError):
        submit_case(**overrides)
    assert not Case.objects.exists()
