"""What goes into each generated PDF, and the check every PDF passes before it is stored.

A builder takes a job (or a case) and returns a Rendered document: the PDF bytes, the
HTML they were made from and its language. check() then
- reads the PDF back and refuses one without the disclaimer in every page's footer;
- runs the claims gate over what Navigator itself says in it: the HTML's text without
  the elements marked `data-attributed`, which hold the family's own words (quoted and
  attributed in the document, never restated as ours, so they never block it).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.models import Case
from cases.selectors import shared_with_family
from claims import gate
from content.models import MEDICAL_DISCLAIMER, Article
from content.rendering import revision_html
from content.selectors import translation_for
from core.errors import ApplicationError

from . import family_words, pdf
from .models import DocumentJob

# On every page (the footer), and checked in the text of every PDF before it is stored.
FOOTER_DISCLAIMER = family_words.FOOTER_DISCLAIMER
DISCLAIMER_MARK = "does not decide or guarantee eligibility"
# The band at the foot of every page where the footer is laid out: the bottom margin of
# @page in static/pdf/print.css (every PDF template extends documents/pdf/base.html).
FOOTER_BAND_MM = 30
# A summary is for a reviewer to read: very long inputs are shortened (and say so), which
# also keeps every render well inside the worker's time and memory limits. Every piece of
# the family's text is bounded here, whatever the database holds (rows from before the
# inquiry's limits, or written some other way): a one-line answer (a name, the place, the
# stage, a file name, a regimen), a treatment's notes, and the longer answers.
PDF_MAX_TREATMENT_ROWS = 300
# ...and the table's family text in all: rows past it are counted, not printed. A typical
# history (a few dozen lines) is far below it; without it, 300 lines of long unbroken
# notes alone made a 300-page document.
PDF_MAX_TREATMENT_TEXT_CHARS = 50_000
PDF_MAX_DOCUMENT_ROWS = 100
PDF_MAX_SHARED_ITEMS = 50
PDF_MAX_FIELD_CHARS = 300
PDF_MAX_CELL_CHARS = 500
PDF_MAX_TEXT_CHARS = 4000


class RenderFailedError(ApplicationError):
    """A permanent failure: retrying the same job would fail the same way."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    html: str
    language: str
    # What it was built from (see DocumentJob.inputs); stored on the job with the file.
    inputs: dict | None = None


def _render(template_name: str, context: dict, language: str, inputs: dict | None = None):
    """Autoescaped HTML (nothing typed by a family or a coordinator is marked safe), then
    WeasyPrint through our safe fetcher."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return Rendered(pdf.render_html_to_pdf(html), html, language, inputs)


# For builders other apps register in BUILDERS (referrals builds the referral packet).
render = _render


class _OwnWords(HTMLParser):
    """The text of an HTML document outside elements marked `data-attributed`."""

    SKIP = {"style", "script", "head"}
    BLOCKS = {"p", "div", "li", "td", "th", "dd", "dt", "tr", "section", "br", "blockquote"}
    BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl"}
    VOID = {"br", "img", "hr", "meta", "link", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[bool] = []  # per open element: is this subtree left out?

    # A blank line between blocks: each cell, item or paragraph is read on its own, never
    # run together with its neighbours into one long "sentence".
    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag in self.VOID:
            return
        inside = bool(self.hidden and self.hidden[-1])
        self.hidden.append(inside or tag in self.SKIP or "data-attributed" in dict(attrs))

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag not in self.VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data):
        if not (self.hidden and self.hidden[-1]):
            self.parts.append(data)


def own_words(html: str) -> str:
    parser = _OwnWords()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _common(footer_reference: str, language: str) -> dict:
    with translation.override(language):
        page_numbers = family_words.page_numbers_css()
        translated = family_words.footer_disclaimer_translated()
    return {
        "footer_reference": footer_reference,
        "footer_disclaimer": FOOTER_DISCLAIMER,
        # The family's language too, when it is not English (the English one stays).
        "footer_disclaimer_translated": translated,
        "page_numbers_css": page_numbers,
        "long_disclaimer": MEDICAL_DISCLAIMER,
        "generated_at": timezone.now(),
        "language": language,
    }


def case_summary_pdf(case: Case, *, version: int = 1) -> bytes:
    return case_summary(case, version=version).data


def case_summary(case: Case, *, version: int = 1) -> Rendered:
    """The case summary for a hospital's structured review (in English)."""
    case = (
        Case.objects.select_related("submitter", "patient", "diagnosis", "coordinator")
        .prefetch_related("treatments", "documents")
        .get(pk=case.pk)
    )
    treatments = treatments_to_print(list(case.treatments.all()))
    documents = list(case.documents.all())
    shared = shared_with_family(case=case)
    context = {
        **_common(case.reference, "en"),
        "case": case,
        "job_version": version,
        "treatments": treatments.shown,
        "treatments_not_shown": treatments.not_shown,
        "documents": documents[:PDF_MAX_DOCUMENT_ROWS],
        "documents_not_shown": max(0, len(documents) - PDF_MAX_DOCUMENT_ROWS),
        "shared": shared[:PDF_MAX_SHARED_ITEMS],
        "shared_not_shown": max(0, len(shared) - PDF_MAX_SHARED_ITEMS),
        "max_field": PDF_MAX_FIELD_CHARS,
        "max_cell": PDF_MAX_CELL_CHARS,
        "max_text": PDF_MAX_TEXT_CHARS,
    }
    return _render("documents/pdf/case_summary.html", context, "en")


@dataclass(frozen=True)
class _Rows:
    shown: list
    not_shown: int


def treatments_to_print(treatments: list) -> _Rows:
    """The treatment lines that fit the summary: at most PDF_MAX_TREATMENT_ROWS, and no more
    family text in all than PDF_MAX_TREATMENT_TEXT_CHARS (counted as printed, shortened)."""
    shown, used = [], 0
    for line in treatments[:PDF_MAX_TREATMENT_ROWS]:
        used += min(len(line.regimen), PDF_MAX_FIELD_CHARS) + min(
            len(line.notes), PDF_MAX_CELL_CHARS
        )
        if used > PDF_MAX_TREATMENT_TEXT_CHARS:
            break
        shown.append(line)
    return _Rows(shown, len(treatments) - len(shown))


def _pack_articles(job: DocumentJob) -> list[dict]:
    chosen = Article.objects.in_bulk(job.article_ids)
    items = []
    for article_id in job.article_ids:
        article = chosen.get(article_id)
        if article is None or not article.is_public:
            name = article.slug if article else f"#{article_id}"
            raise RenderFailedError(
                f"The article {name} is archived or unpublished and can no longer be handed out. "
                "Prepare a new pack without it."
            )
        article = translation_for(article, job.language)
        revision = article.published_revision
        items.append({"article": article, "revision": revision, "body": revision_html(revision)})
    return items


def handout_pack(job: DocumentJob) -> Rendered:
    """The chosen articles behind a cover letter in the family's language."""
    context = {
        **_common(job.case.reference, job.language),
        "case": job.case,
        "articles": _pack_articles(job),
    }
    return _render("documents/family/handout_pack.html", context, job.language)


def article_handout(job: DocumentJob) -> Rendered:
    revision = job.article_revision
    article = revision.article
    if not article.is_public or article.published_revision_id != revision.pk:
        raise RenderFailedError(
            "This revision is no longer the published one; nothing to hand out."
        )
    context = {
        **_common(article.slug, article.language),
        "revision": revision,
        "body": revision_html(revision),
    }
    return _render("content/pdf/article.html", context, article.language)


BUILDERS = {
    DocumentJob.Kind.CASE_SUMMARY: lambda job: case_summary(job.case, version=job.version),
    DocumentJob.Kind.HANDOUT_PACK: handout_pack,
    DocumentJob.Kind.ARTICLE_HANDOUT: article_handout,
}


def check_pdf_text(data: bytes, *, own_text: str, language: str = "en") -> int:
    """Every page of the PDF carries the disclaimer in its footer, and what Navigator says
    in it (`own_text`) passes the claims gate. Returns the number of pages.

    The gate reads the words the PDF was rendered from (known before rendering, less the
    family's quoted words), not text read back out of it: reading a whole tagged PDF back
    cost as much as rendering it. The read-back proves what only the file can: that it
    has pages and that the band at the foot of each one holds the disclaimer (the body
    may quote it too, e.g. an article's long disclaimer, which must not stand in for a
    missing footer)."""
    try:
        footers = pdf.page_bands(data, bottom_mm=FOOTER_BAND_MM)
    except pdf.UnreadablePdfError as error:
        raise RenderFailedError(f"The PDF could not be read back ({error}).") from error
    if not footers:
        raise RenderFailedError("The PDF has no pages.")
    for number, text in enumerate(footers, start=1):
        if DISCLAIMER_MARK not in " ".join(text.split()):
            raise RenderFailedError(f"Page {number} of the PDF lacks the disclaimer.")
    verdict = gate.check(own_text, channel=gate.Channel.PDF, language=language)
    if not verdict.passed:
        first = verdict.flags[0]
        raise RenderFailedError(
            f"The claims gate flagged \u201c{first.sentence}\u201d ({first.reason}). "
            "Change the text it comes from, then retry."
        )
    return len(footers)


def check(rendered: Rendered) -> int:
    """check_pdf_text() for a built document: the gate reads its own words only."""
    return check_pdf_text(
        rendered.data, own_text=own_words(rendered.html), language=rendered.language
    )
