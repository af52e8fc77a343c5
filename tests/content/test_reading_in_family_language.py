"""Suggested reading shows the family's-language version of an article when a translation
is published, and says so when it falls back to the original."""

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.selectors import articles_for_area
from intake import services as intake_services
from tests.factories import editor, make_intake, submit_case

pytestmark = pytest.mark.django_db


def publish_translation(original, language, title, *, slug):
    writer, reviewer = editor(f"w-{slug}"), editor(f"r-{slug}")
    article = services.article_save(
        author=writer,
        slug=slug,
        title=title,
        summary="Resumen.",
        body="## Qué es\n\nUna explicación sencilla.",
        topics=list(original.topics.all()),
        condition_areas=original.condition_areas,
        language=language,
        translation_of=original,
    )
    services.article_submit_for_review(article=article, by=writer)
    return services.article_publish(article=article, by=reviewer)


def status_page_for(language: str) -> str:
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": language})
    token = intake_services.case_issue_status_link(case=case)
    return Client().get(reverse("intake:status", kwargs={"token": token})).content.decode()


def test_a_published_translation_replaces_the_original_in_the_suggestions():
    english = articles_for_area(condition_area="blood", language="en")
    assert len(english) == 3
    spanish = publish_translation(english[0], "es", "Palabras sencillas", slug="es-plain")
    suggested = articles_for_area(condition_area="blood", language="es")
    assert suggested[0] == spanish
    assert [a.language for a in suggested[1:]] == ["en", "en"]
    # An English reader still gets the original, not its translation.
    assert articles_for_area(condition_area="blood", language="en") == english


def test_the_status_page_shows_the_translation_and_marks_the_english_fallback():
    original = articles_for_area(condition_area="blood", language="en")[0]
    publish_translation(original, "es", "Palabras sencillas", slug="es-plain")
    page = status_page_for("es")
    assert "Palabras sencillas" in page
    assert original.published_revision.title not in page
    assert page.count("esta es la versión en inglés") == 2


def test_without_any_translation_every_suggestion_says_it_is_english():
    page = status_page_for("zh-hans")
    assert page.count("尚未翻译成您的语言") == 3


def test_an_english_reader_sees_no_fallback_note():
    assert "Not yet translated" not in status_page_for("en")
