"""A family who reads Arabic gets a right-to-left PDF in an Arabic font (WeasyPrint uses
the system's fonts: fonts-hosny-amiri, installed by .ci/run and the Dockerfile)."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from documents import builders, pdf
from documents.models import DocumentJob
from tests.conftest import REQUIRE_SERVICES
from tests.factories import submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_pack():
    case = submit_case()
    job = DocumentJob(kind="handout_pack", case=case, language="ar", article_ids=[])
    return case, builders.handout_pack(job)


def require_amiri():
    fonts = subprocess.run(["fc-list", ":family=Amiri"], capture_output=True, text=True).stdout
    if not fonts.strip() and shutil.which("fc-list"):
        if REQUIRE_SERVICES:
            pytest.fail("an Arabic font is required (apt-get install fonts-hosny-amiri)")
        pytest.skip("no Arabic font installed")


def embedded_fonts(data: bytes) -> set[str]:
    """The embedded fonts' names, without the subset prefix ("ABCDEF+Amiri" -> "Amiri")."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def test_the_arabic_pack_is_right_to_left_in_arabic(arabic_pack):
    _case, rendered = arabic_pack
    assert '<html lang="ar" dir="rtl">' in rendered.html
    # The footer's English disclaimer (the one the read-back checks) is laid out as English.
    assert '<div lang="en" dir="ltr">' in rendered.html


def test_the_footer_speaks_the_familys_language_too(arabic_pack):
    require_amiri()
    _case, rendered = arabic_pack
    text = " ".join(pdf.pdf_text_pages(rendered.data))
    # The page numbers, in Arabic (text taken back out of a right-to-left line comes out
    # in another order, so the words are looked for, not the whole line).
    assert "الصفحة" in text and "Page 1 of 1" not in text
    assert "لا يقرر ولا يضمن" in text  # the disclaimer in Arabic...
    assert builders.DISCLAIMER_MARK in " ".join(text.split())  # ...and in English


def test_a_spanish_pack_numbers_its_pages_in_spanish():
    job = DocumentJob(kind="handout_pack", case=submit_case(), language="es", article_ids=[])
    rendered = builders.handout_pack(job)
    text = " ".join(pdf.pdf_text_pages(rendered.data))
    assert "Página 1 de 1" in text and "Page 1 of" not in text
    assert "no decide ni garantiza" in text
    assert builders.check(rendered) == 1


def test_the_cover_letters_arabic_comes_through_in_an_arabic_font(arabic_pack):
    require_amiri()
    case, rendered = arabic_pack
    text = " ".join(pdf.pdf_text_pages(rendered.data))
    assert "مواد قراءة لعائلتك" in text  # "Reading for your family"
    assert "المستشفى المعالج وحده هو من يقرر ذلك" in text
    assert case.reference in text
    assert {"Amiri", "Amiri-Bold"} <= embedded_fonts(rendered.data)


def test_the_arabic_pack_passes_the_disclaimer_and_claims_check(arabic_pack):
    _case, rendered = arabic_pack
    assert builders.check(rendered) == 1


def test_an_english_summary_stays_left_to_right_without_the_arabic_font():
    rendered = builders.case_summary(submit_case())
    assert '<html lang="en" dir="ltr">' in rendered.html
    assert not any(name.startswith("Amiri") for name in embedded_fonts(rendered.data))


def test_an_english_article_in_an_arabic_pack_is_laid_out_left_to_right():
    """No Arabic translation of the article yet: the cover letter is Arabic, the article
    English, each in its own direction."""
    from content.models import Article

    article = Article.objects.filter(language="en", published_revision__isnull=False).first()
    job = DocumentJob(
        kind="handout_pack", case=submit_case(), language="ar", article_ids=[article.pk]
    )
    rendered = builders.handout_pack(job)
    assert '<html lang="ar" dir="rtl">' in rendered.html
    assert '<section class="article" lang="en" dir="ltr">' in rendered.html
    assert builders.check(rendered) >= 2
