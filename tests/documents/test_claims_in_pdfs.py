"""The gate judges what Navigator says in a PDF; the family's own words are quoted and
attributed, and never stop a summary."""

from unittest import mock

import pytest
from django.template.loader import render_to_string as real_render

from cases.models import CaseNote
from documents import builders, pdf
from documents import services as documents
from documents.models import DocumentJob
from tests.factories import coordinator, editor, submit_case

pytestmark = pytest.mark.django_db
FAMILY_WORDS = "His doctor at home told us he qualifies for the trial and will be cured."


def test_the_familys_own_words_are_quoted_and_never_block_the_summary():
    case = submit_case(help_details=FAMILY_WORDS)
    rendered = builders.case_summary(case)
    assert builders.check(rendered) >= 1
    text = " ".join(" ".join(pdf.pdf_text_pages(rendered.data)).split())
    assert "In the family's words" in text
    assert "he qualifies for the trial" in text
    assert "qualifies" not in builders.own_words(rendered.html)


def test_a_summary_job_with_the_familys_words_is_ready(
    _private_upload_root, django_capture_on_commit_callbacks
):
    case = submit_case(help_details=FAMILY_WORDS)
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.job_request_case_summary(case=case, by=coordinator("alice"))
    job.refresh_from_db()
    assert job.status == "ready", job.last_error


def test_a_claim_in_the_coordinators_shared_words_fails_the_summary():
    case = submit_case()
    CaseNote.objects.create(
        case=case,
        author=editor(),
        body="Your father is eligible for the trial.",
        shareable=True,
        share_state="shared",
    )
    with pytest.raises(builders.RenderFailedError, match="eligible for the trial"):
        builders.check(builders.case_summary(case))


def _planted(sentence):
    def render(name, context=None, *args, **kwargs):
        html = real_render(name, context, *args, **kwargs)
        return html.replace("</h1>", f"</h1><p>{sentence}</p>", 1)

    return render


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Your mother has been accepted into the trial."),
        ("es", "Su madre ya tiene plaza asegurada en el ensayo."),
        ("zh-hans", "您母亲已经被试验接收了。"),
    ],
)
def test_a_claim_in_the_pack_cover_letter_fails_in_any_language(language, sentence):
    case = submit_case()
    job = DocumentJob(kind="handout_pack", case=case, language=language, article_ids=[])
    with mock.patch("documents.builders.render_to_string", side_effect=_planted(sentence)):
        rendered = builders.handout_pack(job)
    with pytest.raises(builders.RenderFailedError, match="claims gate flagged"):
        builders.check(rendered)
