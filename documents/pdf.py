"""Rendering PDFs with WeasyPrint, fetching nothing it should not.

One helper, render_html_to_pdf(html) -> bytes, for every generated document. WeasyPrint is
imported lazily (web processes that never render do not pay for it); the font
configuration and the print stylesheet are built once per process and reused.

The URL fetcher serves our own static files and data: URIs only. Anything else (http,
https, ftp, file:// outside static/, a redirect) stops the render with an error, so a
document can never pull in a remote resource or a file from the server's disk.
"""

import io
import mimetypes
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

STYLESHEET = "pdf/print.css"


def _static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class RefusedResourceError(Exception):
    """A document asked for something outside our static files."""


class UnreadablePdfError(Exception):
    """PDFium could not open or read a PDF."""


@lru_cache(maxsize=1)
def _weasyprint():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self, roots: list[Path]):
            super().__init__(
                allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True
            )
            self.roots = roots

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
            raise FatalURLFetchingError(f"refused to fetch {url[:200]}")

    roots = _static_roots()
    fetcher = StaticOnlyFetcher(roots)
    fonts = FontConfiguration()
    css_path = finders.find(STYLESHEET)
    stylesheet = weasyprint.CSS(filename=css_path, font_config=fonts, url_fetcher=fetcher)
    base_url = Path(css_path).resolve().parent.parent.as_uri() + "/"
    return weasyprint, fetcher, fonts, stylesheet, base_url, FatalURLFetchingError


def render_html_to_pdf(html: str) -> bytes:
    """WeasyPrint with our fetcher, fonts and stylesheet, as a tagged PDF/UA-1 file."""
    weasyprint, fetcher, fonts, stylesheet, base_url, fatal = _weasyprint()
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        return document.write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1"
        )
    except fatal as refused:
        raise RefusedResourceError(str(refused.__cause__ or refused)) from refused


def pdf_text_pages(data: bytes) -> list[str]:
    """The text of each page, read back with pypdf: the whole text, for tests and operators.
    Pure Python, so slow (about 130 ms a page of a summary's table); the check every render
    passes reads with PDFium instead (page_bands)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


MM = 72 / 25.4  # PDF points in a millimetre

# PDFium is not thread-safe; `make run` renders in a threaded web process.
_PDFIUM = threading.Lock()


def page_bands(data: bytes, *, bottom_mm: float) -> list[str]:
    """For each page of a PDF, the text laid out in the band `bottom_mm` high at its foot
    (where our footer is), read back with PDFium: a few milliseconds a page where pypdf
    takes over a hundred, which is what let one worker child pass 90 summaries a minute."""
    import pypdfium2

    bands = []
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise UnreadablePdfError(str(error)) from error
        try:
            for page in document:
                left, bottom, right, _top = page.get_cropbox()
                text = page.get_textpage()
                bands.append(
                    text.get_text_bounded(
                        left=left, bottom=bottom, right=right, top=bottom + bottom_mm * MM
                    )
                )
                text.close()
                page.close()
        finally:
            document.close()
    return bands


def render_fragment_to_pdf(html: str, css: str) -> bytes:
    """A small PDF laid out by `css` alone (not the print stylesheet), through the same
    fetcher and fonts: a stamp that another PDF's pages carry (referrals.stamp)."""
    weasyprint, fetcher, fonts, _print_css, base_url, fatal = _weasyprint()
    try:
        sheet = weasyprint.CSS(string=css, font_config=fonts, url_fetcher=fetcher)
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[sheet], font_config=fonts)
    except fatal as refused:
        raise RefusedResourceError(str(refused.__cause__ or refused)) from refused
