"""The shipped catalogues are complete, and the family's language drives what they read."""

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases.family.stages import FAMILY_STAGES
from intake import services as intake_services
from intake.views.inquiry import STEPS
from tests.factories import make_intake, submit_case

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["zh_Hans", "es", "ar", "ru", "fr"]


@pytest.mark.parametrize("language", SHIPPED)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 300
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_size > 10_000, "run make messages"
    compiled = {e.msgid for e in polib.mofile(str(mo))}
    assert {e.msgid for e in po if not e.obsolete} <= compiled, "the .mo is older than the .po"


@pytest.mark.parametrize("language", ["zh-hans", "es", "ar", "ru", "fr"])
def test_family_facing_words_are_translated(language):
    texts = [title for _name, _form, title in STEPS]
    for stage in FAMILY_STAGES.values():
        texts += [stage.headline, stage.explanation, stage.next_step]
    with translation.override(language):
        rendered = {str(t) for t in texts}
    with translation.override("en"):
        english = {str(t) for t in texts}
    assert not (rendered & english), rendered & english


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", "Hemos recibido"),
        ("zh-hans", "我们已收到"),
        ("ar", "لقد استلمنا"),
        ("ru", "Мы получили ваш запрос"),
        ("fr", "Nous avons reçu votre demande"),
    ],
)
def test_emails_and_the_status_page_speak_the_family_language(
    language, words, django_capture_on_commit_callbacks
):
    intake = make_intake()
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_case(submitter={**intake.submitter, "preferred_language": language})
    assert words in mail.outbox[0].subject
    token = intake_services.case_issue_status_link(case=case)
    page = Client().get(reverse("intake:status", args=[token]))
    assert words in page.content.decode()
    assert f'lang="{language}"' in page.content.decode()


@pytest.mark.django_db
def test_a_language_chosen_on_the_site_wins_over_the_inquiry_language():
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "es"})
    token = intake_services.case_issue_status_link(case=case)
    client = Client()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "我们已收到" in client.get(reverse("intake:status", args=[token])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "home_words", "step_words"),
    [
        ("ru", ["Чего мы не делаем", "Отправить запрос"], ["Кто заполняет эту форму?", "О вас"]),
        (
            "fr",
            ["Ce que nous ne faisons pas", "Envoyer une demande"],
            ["Qui remplit ce formulaire", "Vous concernant"],
        ),
    ],
)
def test_the_home_page_and_the_first_inquiry_step_read_in_the_chosen_language(
    language, home_words, step_words
):
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    home = client.get("/").content.decode()
    step = client.get("/inquiry/step/about/", follow=True).content.decode()
    for body, words in ((home, home_words), (step, step_words)):
        assert f'<html lang="{language}" dir="ltr">' in body
        for word in words:
            assert word in body, word
    assert "What we do not do" not in home
    assert "Who is filling in this form?" not in step


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inquiry/step/about/", "/inquiry/"])
def test_arabic_pages_are_right_to_left(path):
    client = Client()
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    body = client.get(path, follow=True).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body


@pytest.mark.django_db
def test_the_browsers_arabic_makes_the_home_page_right_to_left_and_english_stays_left_to_right():
    arabic = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "bootstrap.rtl.min.css" in arabic and "bootstrap.min.css" not in arabic
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert 'dir="rtl"' not in english
    assert "bootstrap.min.css" in english and "bootstrap.rtl.min.css" not in english


def test_our_stylesheet_names_no_physical_side_so_right_to_left_mirrors_it():
    css = (ROOT / "static" / "css" / "navigator.css").read_text()
    physical = re.compile(
        r"\b(margin|padding|border)-(left|right)\b|[;{\s](left|right)\s*:|float:\s*(left|right)"
    )
    assert physical.findall(css) == []


@pytest.mark.django_db
def test_an_english_article_in_an_arabic_page_keeps_its_own_direction():
    """The library has no Arabic translation of it yet: the page around it is Arabic, right
    to left; its title, summary and body are English, left to right."""
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    body = client.get("/learn/therapeutic-allogeneic-lymphocytes/").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert '<div class="article-body" dir="ltr">' in body
    assert '<p class="lead" dir="ltr">' in body
    index = client.get("/learn/").content.decode()
    assert '<li class="mb-2" lang="en" dir="auto">' in index


@pytest.mark.django_db
def test_the_treatment_rows_remove_button_is_labelled_in_the_familys_language():
    """inquiry.js makes the button; the page hands it the translated label."""
    client = Client()
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    client.get(reverse("intake:inquiry_wizard"))
    page = client.get(reverse("intake:inquiry_step", kwargs={"step": "treatment"}), follow=True)
    assert 'data-remove-label="حذف هذا العلاج"' in page.content.decode()


@pytest.mark.django_db
def test_a_case_sent_in_arabic_has_a_right_to_left_status_page_in_arabic():
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "ar"})
    token = intake_services.case_issue_status_link(case=case)
    body = Client().get(reverse("intake:status", args=[token])).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    assert "حالة ملفك" in body  # "Your case status", the navigation link


@pytest.mark.django_db
def test_the_diagnosis_step_introduction_is_translated():
    """Its English has quotation marks; the catalogue entry must be the whole sentence."""
    template = get_template("intake/inquiry/step_diagnosis.html").template
    (intro,) = [n for n in template.nodelist.get_nodes_by_type(BlockNode) if n.name == "intro"]
    with translation.override("ar"):
        text = intro.nodelist.render(Context({}))
    assert "أجب قدر استطاعتك" in text


@pytest.mark.django_db
def test_every_public_page_has_the_language_switcher(client):
    for path in ("/", "/inquiry/", "/status/", "/learn/"):
        assert 'name="language"' in client.get(path).content.decode(), path


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_string_passes_the_claims_gate(language):
    from claims.catalogues import LANGUAGE_OF, flagged_entries

    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    flagged = flagged_entries(path, LANGUAGE_OF[language])
    assert flagged == [], [(msgid, v.summary()) for msgid, v in flagged]


@pytest.mark.parametrize("name", ["Ana", "Dr Ruiz", "Li Qiang", "Fatima Al-Sayed", "سارة خالد"])
def test_every_arabic_email_passes_the_gate_whoever_it_greets(name):
    """The greeting carries a name the gate has never seen: the wording around it must
    still read as what it is (sent as-is, never held for a person)."""
    from types import SimpleNamespace

    from claims import gate

    context = {
        "name": name,
        "contact_name": name,
        "case": SimpleNamespace(reference="NAV-2026-000123"),
        "reference": "NAV-2026-000123",
        "organisation": "Hospital del Sol",
        "file_name": "scan.pdf",
        "code": "123456",
        "minutes": 10,
        "cover_note": "",
        **{k: "https://navigator.example/x/" for k in ("status_url", "resume_url", "portal_url")},
        "status_link_request_url": "https://navigator.example/status/",
    }
    for reader, channel in (("family", "FAMILY_EMAIL"), ("partner", "PARTNER_EMAIL")):
        for body in sorted((ROOT / "templates" / "email" / reader).glob("*_body.txt")):
            with translation.override("ar"):
                text = render_to_string(f"email/{reader}/{body.name}", context)
                text = (
                    render_to_string(
                        f"email/{reader}/{body.name.replace('_body', '_subject')}", context
                    )
                    + "\n\n"
                    + text
                )
            verdict = gate.check(text, channel=gate.Channel[channel], language="ar")
            assert verdict.passed, (body.name, verdict.summary())


def test_a_catalogue_entry_edited_into_a_claim_is_caught(tmp_path):
    """A translator's edit that turns a status into a verdict fails the build."""
    from claims.catalogues import flagged_entries

    po = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    entry = po.find("Records sent to hospitals for review")
    entry.msgstr = "好消息：您的家人已经被医院接收了。"
    edited = tmp_path / "django.po"
    po.save(str(edited))
    flagged = [msgid for msgid, _verdict in flagged_entries(edited, "zh-hans")]
    assert flagged == ["Records sent to hospitals for review"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "es", "ar", "ru", "fr"])
def test_the_status_wording_passes_the_claims_gate_in_each_language(language):
    from claims import gate

    with translation.override(language):
        texts = [
            str(t) for s in FAMILY_STAGES.values() for t in (s.headline, s.explanation, s.next_step)
        ]
    for text in texts:
        verdict = gate.check(text, channel=gate.Channel.STATUS_WORDING, language=language)
        assert verdict.passed, verdict.summary()
