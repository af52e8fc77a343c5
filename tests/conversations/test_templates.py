"""Message templates: placeholders checked on save and filled per case, a preview with
sample values in the admin, and only reviewed templates in the family's language offered
to a coordinator."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Case
from conversations import placeholders, services
from conversations.models import Message, MessageTemplate

pytestmark = pytest.mark.django_db

BODY = "Dear {family_name}, this is {coordinator_name} about {case_reference}."


def make_template(by, *, name="Update", language="en", body=BODY, reviewed=True):
    template = MessageTemplate(name=name, language=language, body=body, reviewed=reviewed)
    return services.message_template_save(
        template=template, by=by, changed={"reviewed"} if reviewed else set()
    )


# --- Placeholders (pure) ------------------------------------------------------------------


def test_known_placeholders_are_filled():
    filled = placeholders.fill(BODY, placeholders.SAMPLE_VALUES)
    assert filled == "Dear Maria Lopez, this is Sam about NAV-2026-000123."


@pytest.mark.parametrize(
    "body",
    [
        "Dear {patient_diagnosis}",
        "Dear {family_name.__class__}",
        "Dear {family_name!r}",
        "Dear {family_name:>30}",
        "Dear {0}",
        "A stray { brace",
    ],
)
def test_unknown_or_fancy_placeholders_are_refused(body):
    with pytest.raises(placeholders.PlaceholderError):
        placeholders.placeholders_in(body)


def test_a_doubled_brace_is_a_literal_brace():
    assert placeholders.fill("{{ok}} {case_reference}", {"case_reference": "NAV"}) == "{ok} NAV"


# --- The model and the admin -------------------------------------------------------------


def test_an_unknown_placeholder_is_refused_on_save(world):
    with pytest.raises(ValidationError) as refused:
        make_template(world["boss"], body="Hello {diagnosis}")
    assert "Unknown placeholder {diagnosis}" in str(refused.value)
    assert not MessageTemplate.objects.exists()


def test_ticking_reviewed_records_who_and_new_words_take_the_review_away(world):
    template = make_template(world["boss"])
    assert template.reviewed_by == world["boss"] and template.reviewed_at is not None
    template.body = "Hello {family_name}."
    services.message_template_save(template=template, by=world["alice"], changed={"body"})
    template.refresh_from_db()
    assert template.reviewed is False and template.reviewed_by is None


@pytest.fixture
def admin_client(signed_in):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-long-enough")
    return signed_in(Client(), admin), admin


def test_the_admin_shows_a_preview_with_sample_values(world, admin_client):
    client, _admin = admin_client
    template = make_template(world["boss"])
    page = client.get(reverse("admin:conversations_messagetemplate_change", args=[template.pk]))
    assert page.status_code == 200
    assert "Dear Maria Lopez, this is Sam about NAV-2026-000123." in page.content.decode()


def test_the_admin_refuses_an_unknown_placeholder_next_to_the_text(admin_client):
    client, admin = admin_client
    add = reverse("admin:conversations_messagetemplate_add")
    response = client.post(
        add, {"name": "Bad", "language": "en", "body": "Hi {diagnosis}", "reviewed": "on"}
    )
    assert response.status_code == 200
    assert "Unknown placeholder {diagnosis}" in response.content.decode()
    assert not MessageTemplate.objects.exists()
    response = client.post(add, {"name": "Good", "language": "en", "body": BODY, "reviewed": "on"})
    assert response.status_code == 302
    assert MessageTemplate.objects.get().reviewed_by == admin


# --- In the workspace ---------------------------------------------------------------------


def test_only_reviewed_templates_in_the_familys_language_are_offered(world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(language="es")
    make_template(world["boss"], name="Spanish reviewed", language="es", body="Hola {family_name}.")
    make_template(world["boss"], name="Spanish draft", language="es", reviewed=False)
    make_template(world["boss"], name="English reviewed", language="en")
    page = world["alice_client"].get(case.get_absolute_url()).content.decode()
    assert "Spanish reviewed" in page
    assert "Spanish draft" not in page and "English reviewed" not in page


def test_a_template_prefills_the_reply_for_this_case_and_is_kept_on_the_message(world):
    case = world["case"]
    template = make_template(world["boss"])
    url = reverse("conversations:conversation", args=[case.reference])
    page = world["alice_client"].get(f"{url}?template={template.pk}")
    form = page.context["form"]
    expected = f"Dear {case.submitter.full_name}, this is Alice about {case.reference}."
    assert form.initial["body"] == expected
    world["alice_client"].post(
        reverse("conversations:send", args=[case.reference]),
        {"body": expected, "key": str(form.initial["key"]), "template": template.pk},
    )
    message = Message.objects.get()
    assert message.template == template and message.author == world["alice"]


def test_an_unreviewed_template_cannot_be_used(world):
    case = world["case"]
    draft = make_template(world["boss"], reviewed=False)
    url = reverse("conversations:conversation", args=[case.reference])
    page = world["alice_client"].get(f"{url}?template={draft.pk}")
    assert "body" not in page.context["form"].initial


def test_supervisors_keep_the_templates_in_the_admin(world):
    boss = world["boss"]
    boss.is_staff = True  # admin sign-in, as for the partner directory
    boss.save()
    assert boss.has_perm("conversations.change_messagetemplate")
    assert not world["alice"].has_perm("conversations.change_messagetemplate")
    page = world["boss_client"].get(reverse("admin:conversations_messagetemplate_changelist"))
    assert page.status_code == 200
