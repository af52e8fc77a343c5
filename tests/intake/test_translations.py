"""The shipped catalogues are complete, and the family's language drives what they read."""

from pathlib import Path

import polib
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases.family.stages import FAMILY_STAGES
from intake import services as intake_services
from intake.views.inquiry import STEPS
from tests.factories import make_intake, submit_case

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["zh_Hans", "es", "ru", "fr"]


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


@pytest.mark.parametrize("language", ["zh-hans", "es", "ru", "fr"])
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
def test_every_public_page_has_the_language_switcher(client):
    for path in ("/", "/inquiry/", "/status/", "/learn/"):
        assert 'name="language"' in client.get(path).content.decode(), path


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_string_passes_the_claims_gate(language):
    from claims.catalogues import LANGUAGE_OF, flagged_entries

    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    flagged = flagged_entries(path, LANGUAGE_OF[language])
    assert flagged == [], [(msgid, v.summary()) for msgid, v in flagged]


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


@pytest.mark.parametrize("language", ["en", "zh-hans", "es", "ru", "fr"])
def test_the_status_wording_passes_the_claims_gate_in_each_language(language):
    from claims import gate

    with translation.override(language):
        texts = [
            str(t) for s in FAMILY_STAGES.values() for t in (s.headline, s.explanation, s.next_step)
        ]
    for text in texts:
        verdict = gate.check(text, channel=gate.Channel.STATUS_WORDING, language=language)
        assert verdict.passed, verdict.summary()
