"""Every inquiry page rendered in a shipped language has no English sentence left in it.

The catalogue test sees only what makemessages extracted; a msgid cut short in a template
(an escaped quote inside {% translate %}) slips past it. Rendering the page catches it."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from intake.views.inquiry import STEPS

pytestmark = pytest.mark.django_db

PAGES = [reverse("intake:inquiry"), reverse("intake:privacy")] + [
    reverse("intake:inquiry_step", kwargs={"step": name}) for name, _form, _title in STEPS
]


class _MainText(HTMLParser):
    """The text inside <main>, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def english_sentences(html: str) -> set[str]:
    parser = _MainText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    sentences = re.split(r"(?<=[.!?;:])\s+", text)
    # Four words or more: short labels (a file type, a unit) may rightly stay as they are.
    return {s for s in sentences if len(re.findall(r"[A-Za-z]{2,}", s)) >= 4}


def page(path: str, language: str) -> str:
    client = Client()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(path, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["es", "zh-hans"])
@pytest.mark.parametrize("path", PAGES)
def test_no_english_sentence_is_left_on_an_inquiry_page(path, language):
    english = english_sentences(page(path, "en"))
    assert english, "the English page should have sentences to compare"
    translated = page(path, language)
    left = sorted(s for s in english if s in translated)
    assert left == []


def test_the_check_sees_an_untranslated_sentence():
    html = "<main><p>Answer as well as you can. Not known is fine.</p></main>"
    assert "Answer as well as you can." in english_sentences(html)
