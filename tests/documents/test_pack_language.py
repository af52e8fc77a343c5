"""The handout pack prints each article in the family's language where a translation is
published, and says so where it falls back to the original."""

import pytest
from django.core.files.storage import default_storage

from content.selectors import articles_for_area
from documents import services as documents
from documents.pdf import pdf_text_pages
from tests.content.test_reading_in_family_language import publish_translation
from tests.factories import coordinator, make_intake, submit_case

pytestmark = pytest.mark.django_db


def test_the_pack_uses_the_translation_and_marks_the_english_one():
    first, second = articles_for_area(condition_area="blood", language="en")[:2]
    publish_translation(first, "es", "Palabras sencillas", slug="es-pack")
    intake = make_intake()
    case = submit_case(submitter={**intake.submitter, "preferred_language": "es"})
    job = documents.job_request_handout_pack(
        case=case, by=coordinator("alice"), articles=[first, second]
    )
    documents.job_render(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "ready", job.last_error
    pages = pdf_text_pages(default_storage.open(job.file.name).read())
    cover = " ".join(pages[0].split())
    assert "Palabras sencillas" in cover
    assert cover.count("esta es la versión en inglés") == 1
    assert "Una explicación sencilla" in " ".join(pages)
