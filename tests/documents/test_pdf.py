"""cases/pdf.py: the fetcher refuses everything but our static files, and the PDFs say
what they should (read back with pypdf)."""

import io
import re
import socket
import threading
from datetime import date

import pytest
from pypdf import PdfReader

from cases.models import Case, CaseNote, Diagnosis, TreatmentLine
from documents import builders, pdf
from tests.factories import coordinator, make_document, make_intake, submit_case

pytestmark = pytest.mark.django_db


class Listener:
    """A TCP port on loopback that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n")
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(1)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def page(body: str) -> str:
    return f"<html><body><p>{body}</p></body></html>"


def test_our_static_files_and_data_uris_are_allowed():
    data = pdf.render_html_to_pdf(
        page(
            '<img src="pdf/logo.svg" alt="logo"> <img alt="dot" src="data:image/svg+xml,'
            '%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%221%22 height=%221%22/%3E">'
        )
    )
    assert data.startswith(b"%PDF")


@pytest.mark.parametrize("source", ["file:///etc/passwd", "file:///work/main/manage.py"])
def test_files_outside_static_are_refused(source):
    with pytest.raises(pdf.RefusedResourceError, match="refused"):
        pdf.render_html_to_pdf(page(f'<img src="{source}" alt="x">'))


def test_http_is_refused_before_any_request(listener):
    for html in (
        page(f'<img src="http://127.0.0.1:{listener.port}/x.png" alt="x">'),
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{listener.port}/a.css">'
        "</head><body>x</body></html>",
        page(f'<span style="background: url(https://127.0.0.1:{listener.port}/b.png)">x</span>'),
    ):
        with pytest.raises(pdf.RefusedResourceError):
            pdf.render_html_to_pdf(html)
    assert listener.connections == 0


def test_a_base_element_cannot_send_fetches_elsewhere(listener):
    html = (
        f'<html><head><base href="http://127.0.0.1:{listener.port}/"></head>'
        '<body><img src="pdf/logo.svg" alt="x"></body></html>'
    )
    with pytest.raises(pdf.RefusedResourceError):
        pdf.render_html_to_pdf(html)
    assert listener.connections == 0


def test_user_text_is_escaped_and_fetches_nothing(listener):
    evil = (
        f'<base href="http://127.0.0.1:{listener.port}/"><img src="http://127.0.0.1:'
        f'{listener.port}/t.png"><script>x()</script>'
    )
    intake = make_intake()
    case = submit_case(patient={**intake.patient, "full_name": evil}, help_details=evil)
    make_document(case, file="reports/x", original_name=f"{evil}.pdf")
    data = builders.case_summary_pdf(case)
    text = " ".join(pdf.pdf_text_pages(data))
    assert "<base href=" in " ".join(text.split())  # shown literally, as text
    assert listener.connections == 0


def test_the_summary_carries_reference_and_disclaimer_on_every_page():
    case = submit_case(
        treatments=[
            {
                "kind": "chemotherapy",
                "regimen": f"Cycle {n}",
                "started_on": date(2024, 1, 1),
                "ended_on": date(2024, 2, 1),
                "best_response": "partial",
                "notes": "Tolerated",
            }
            for n in range(120)
        ]
    )
    rendered = builders.case_summary(case)
    data = rendered.data
    pages = pdf.pdf_text_pages(data)
    assert len(pages) >= 3
    for text in pages:
        flat = " ".join(text.split())
        assert case.reference in flat
        assert builders.DISCLAIMER_MARK in flat
    # The treatment table's header repeats on each page it spans.
    spanning = [t for t in pages if "Cycle " in t]
    assert len(spanning) >= 2 and all("Best response" in t for t in spanning)
    assert builders.check(rendered) == len(pages)


def test_the_pdf_is_tagged_for_accessibility():
    reader = PdfReader(io.BytesIO(builders.case_summary_pdf(submit_case())))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_only_shared_notes_go_into_the_summary():
    case = submit_case()
    author = coordinator("alice")
    CaseNote.objects.create(case=case, author=author, body="Internal: call back Tuesday")
    CaseNote.objects.create(
        case=case,
        author=author,
        body="Records sent for review",
        shareable=True,
        share_state="shared",
    )
    for state in ("held", "rejected"):  # asked to share, but not (yet) let through
        CaseNote.objects.create(
            case=case,
            author=author,
            body=f"Wording {state} here",
            shareable=True,
            share_state=state,
        )
    text = " ".join(pdf.pdf_text_pages(builders.case_summary_pdf(case)))
    assert "Records sent for review" in text
    assert "call back Tuesday" not in text
    assert "Wording held" not in text and "Wording rejected" not in text


def test_a_claim_in_the_text_fails_the_check_with_the_sentence():
    # Navigator's own words (a shared note); the family's own words are quoted and never
    # fail a summary (tests/documents/test_claims_in_pdfs.py).
    case = submit_case()
    CaseNote.objects.create(
        case=case,
        author=coordinator("writer"),
        body="Good news: he is eligible for CAR-T.",
        shareable=True,
        share_state="shared",
    )
    with pytest.raises(builders.RenderFailedError, match="he is eligible for CAR-T"):
        builders.check(builders.case_summary(case))


def test_a_page_without_the_disclaimer_is_refused():
    data = pdf.render_html_to_pdf(page("Just words, no footer."))
    with pytest.raises(builders.RenderFailedError, match="Page 1 of the PDF lacks the disclaimer"):
        builders.check_pdf_text(data, own_text="Just words, no footer.")


def test_the_disclaimer_in_the_body_does_not_stand_in_for_the_footer():
    # An article's long disclaimer says the same words; only the footer band counts.
    from content.models import MEDICAL_DISCLAIMER

    assert builders.DISCLAIMER_MARK in " ".join(MEDICAL_DISCLAIMER.split())
    data = pdf.render_html_to_pdf(page(MEDICAL_DISCLAIMER))
    assert builders.DISCLAIMER_MARK in " ".join(" ".join(pdf.pdf_text_pages(data)).split())
    with pytest.raises(builders.RenderFailedError, match="Page 1 of the PDF lacks the disclaimer"):
        builders.check_pdf_text(data, own_text="")


def _footer(words: str) -> str:
    return f'<div class="page-footer">NAV-TEST · {words}</div>'


def test_one_page_without_the_footer_is_named():
    # The running footer starts on page 2: page 1 has none, although its body quotes it.
    html = (
        f"<html><body><p>{builders.FOOTER_DISCLAIMER}</p>"
        '<p style="break-before: page">Second page</p>'
        f"{_footer(builders.FOOTER_DISCLAIMER)}<p>More</p></body></html>"
    )
    data = pdf.render_html_to_pdf(html)
    footers = pdf.page_bands(data, bottom_mm=builders.FOOTER_BAND_MM)
    assert len(footers) == 2
    assert builders.DISCLAIMER_MARK not in " ".join(footers[0].split())
    assert builders.DISCLAIMER_MARK in " ".join(footers[1].split())
    with pytest.raises(builders.RenderFailedError, match="Page 1 of the PDF lacks the disclaimer"):
        builders.check_pdf_text(data, own_text="Second page")


def test_a_pdf_with_the_footer_on_every_page_passes_and_its_pages_are_counted():
    pages = "".join(f'<p style="break-before: page">Part {n}</p>' for n in range(3))
    data = pdf.render_html_to_pdf(
        f"<html><body>{_footer(builders.FOOTER_DISCLAIMER)}{pages}</body></html>"
    )
    assert builders.check_pdf_text(data, own_text="Part 1.") == 3 == len(pdf.pdf_text_pages(data))
    # The gate reads the words it is given (what the PDF was rendered from).
    with pytest.raises(builders.RenderFailedError, match="claims gate flagged"):
        builders.check_pdf_text(data, own_text="Your father is eligible for the trial.")


def test_what_is_not_a_pdf_is_refused():
    with pytest.raises(builders.RenderFailedError, match="could not be read back"):
        builders.check_pdf_text(b"%PDF-1.7 not really", own_text="")


def test_the_footer_band_is_the_print_stylesheets_bottom_margin():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "pdf" / "print.css").read_text()
    margin = re.search(r"@page \{[^@]*margin: (\S+) (\S+) (\S+) (\S+);", css).group(3)
    assert margin == f"{builders.FOOTER_BAND_MM}mm"


def test_the_read_back_is_safe_from_several_threads():
    # make run renders in a threaded web process; PDFium itself is not thread-safe.
    from concurrent.futures import ThreadPoolExecutor

    html = f"<html><body>{_footer(builders.FOOTER_DISCLAIMER)}<p>Words</p></body></html>"
    data = pdf.render_html_to_pdf(html)
    expected = pdf.page_bands(data, bottom_mm=builders.FOOTER_BAND_MM)
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _: pdf.page_bands(data, bottom_mm=builders.FOOTER_BAND_MM), range(40))
        )
    assert results == [expected] * 40


def test_pathological_input_finishes_shortened_and_says_so():
    case = submit_case(
        treatments=[
            {
                "kind": "chemotherapy",
                "regimen": f"Cycle {n}",
                "started_on": None,
                "ended_on": None,
                "best_response": "unknown",
                "notes": "",
            }
            for n in range(5000)
        ],
    )
    # Rows from before the inquiry's limits: 100 KB of words, and long runs without a space
    # (as a pasted sequence or a held-down key makes).
    Case.objects.filter(pk=case.pk).update(help_details="word " * 20000)
    Diagnosis.objects.filter(case=case).update(biomarkers="CD19" * 25_000)
    TreatmentLine.objects.filter(case=case, position__lte=100).update(notes="N" * 5000)
    rendered = builders.case_summary(case)
    text = " ".join(" ".join(pdf.pdf_text_pages(rendered.data)).split())
    # 98 lines of about 500 printed characters fill the table's 50,000; the rest are counted.
    assert "4902 further lines of treatment are recorded in the case file" in text
    assert builders.check(rendered) > 3


def test_every_piece_of_family_text_in_the_summary_is_bounded(monkeypatch):
    """Whatever the database holds (rows from before the inquiry's limits), the summary
    prints no more of any family answer than its bound, and counts what it leaves out."""
    from unittest import mock

    from cases.models import Patient, Submitter

    bounds = {"field": 20, "cell": 30, "text": 40}
    monkeypatch.setattr(builders, "PDF_MAX_FIELD_CHARS", bounds["field"])
    monkeypatch.setattr(builders, "PDF_MAX_CELL_CHARS", bounds["cell"])
    monkeypatch.setattr(builders, "PDF_MAX_TEXT_CHARS", bounds["text"])
    monkeypatch.setattr(builders, "PDF_MAX_DOCUMENT_ROWS", 3)
    monkeypatch.setattr(builders, "PDF_MAX_SHARED_ITEMS", 1)
    # Each row prints 20 + 30 characters: three fit in 150, the other two are counted.
    monkeypatch.setattr(builders, "PDF_MAX_TREATMENT_TEXT_CHARS", 150)
    row = {
        "kind": "chemotherapy",
        "regimen": "",
        "started_on": None,
        "ended_on": None,
        "best_response": "partial",
        "notes": "",
    }
    case = submit_case(treatments=[row] * 5, help_details="help")
    # Each answer is one letter, as long as its column allows (or 100,000 characters).
    answers = {
        "F": ("field", Submitter, "full_name", 200),
        "E": ("field", Submitter, "email", 254),
        "Y": ("field", Submitter, "phone", 32),
        "P": ("field", Patient, "full_name", 200),
        "L": ("field", Patient, "current_location", 200),
        "C": ("field", Diagnosis, "condition_other", 200),
        "S": ("field", Diagnosis, "stage_or_status", 300),
        "B": ("text", Diagnosis, "biomarkers", 100_000),
        "R": ("field", TreatmentLine, "regimen", 200),
        "N": ("cell", TreatmentLine, "notes", 100_000),
    }
    for letter, (_bound, model, name, length) in answers.items():
        model.objects.filter(case=case).update(**{name: letter * length})
    Case.objects.filter(pk=case.pk).update(help_details="H" * 100_000)
    answers["H"] = ("text",)
    for _ in range(5):
        make_document(case, original_name="D" * 255)
    answers["D"] = ("field",)
    author = coordinator("alice")
    for body in ("Records sent for review", "Older note"):
        CaseNote.objects.create(
            case=case, author=author, body=body, shareable=True, share_state="shared"
        )

    with mock.patch("documents.pdf.render_html_to_pdf", return_value=b"%PDF"):
        html = builders.case_summary(case).html

    for letter, (bound, *_rest) in answers.items():
        runs = [len(run) for run in re.findall(f"{letter}{{5,}}", html)]
        assert max(runs, default=0) < bounds[bound], (letter, max(runs))
        # (The condition's own label fills a 20-character bound before the family's words.)
        assert runs or letter == "C", letter
    text = " ".join(html.split())
    assert "2 further lines of treatment are recorded in the case file" in text
    assert "2 further reports are listed in the case file" in text
    assert "1 earlier note is in the case file" in text


def test_the_summary_layout_never_measures_family_text():
    """WeasyPrint sizes an `auto` grid track or an automatic table layout from the
    min-content width of its text, which for long text with overflow-wrap: anywhere took
    it over 90 s for 4,000 characters: the summary's answer column and its tables of family
    text are laid out from fixed widths instead."""
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "pdf" / "print.css").read_text()
    dl_rule = re.search(r"^dl \{[^}]*\}", css, re.M).group(0)
    assert "grid-template-columns: 45mm minmax(0, 1fr)" in dl_rule
    assert "table.fixed { table-layout: fixed; }" in css
    template = (
        Path(settings.BASE_DIR) / "templates" / "documents" / "pdf" / "case_summary.html"
    ).read_text()
    assert template.count("<table") == template.count('<table class="fixed">') == 2
