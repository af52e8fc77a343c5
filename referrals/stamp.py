"""The sharing line on every PDF a partner downloads: "Shared with <contact>,
<organisation>, on <date> by Navigator for review; case <ref>".

It is stamped when the file is downloaded, so the stored files stay as they were sent to
us. WeasyPrint lays the line out once per wording (any script, our own fonts) as a tiny
PDF; pypdf then lays that page under each page of the file. Each page grows by a band at
its foot for the line, instead of the line being printed over the page: a report's own
text reaching its bottom edge is never covered.
"""

import io
from functools import lru_cache

from django.utils.html import escape

from core.errors import ApplicationError
from documents.pdf import render_fragment_to_pdf

# The stamp is laid out on a strip as wide as A4 and scaled to each page's width, so it
# takes the same share of a Letter page, a landscape scan or a poster-sized image.
STRIP_WIDTH_MM = 210
STRIP_HEIGHT_MM = 9
_CSS = f"""
@page {{ size: {STRIP_WIDTH_MM}mm {STRIP_HEIGHT_MM}mm; margin: 0; }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: 6.5pt; color: #333; }}
body {{ margin: 0; }}
p {{ margin: 0; padding: 2.2mm 10mm 0 10mm; white-space: nowrap; overflow: hidden;
     text-overflow: ellipsis; border-top: 0.3pt solid #999; }}
"""


class StampError(ApplicationError):
    """A PDF that cannot carry the sharing line (encrypted with a password, or unreadable)."""


def sharing_line(*, recipient: str, organisation: str, day, reference: str) -> str:
    return (
        f"Shared with {recipient}, {organisation}, on {day:%-d %B %Y} by Navigator for "
        f"review; case {reference}"
    )


@lru_cache(maxsize=64)
def _strip(line: str) -> bytes:
    html = f'<!doctype html><html lang="en"><body><p>{escape(line)}</p></body></html>'
    return render_fragment_to_pdf(html, _CSS)


def stamp_pdf(data: bytes, line: str) -> bytes:
    """`data` with `line` in a band under every page, and in the document's subject."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject, RectangleObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise StampError("The PDF is protected by a password, so it cannot be stamped.")
        writer = PdfWriter(clone_from=reader)
    except PdfReadError as unreadable:
        raise StampError(f"The PDF could not be read to stamp it ({unreadable}).") from None
    strip = PdfReader(io.BytesIO(_strip(line))).pages[0]
    strip_width = float(strip.mediabox.width)
    strip_height = float(strip.mediabox.height)
    for page in writer.pages:
        page.transfer_rotation_to_content()  # stamp along the page as it is shown
        shown = page.cropbox
        left, bottom = float(shown.left), float(shown.bottom)
        right, top = float(shown.right), float(shown.top)
        scale = (right - left) / strip_width
        band = strip_height * scale
        grown = RectangleObject([left, bottom - band, right, top])
        media = page.mediabox
        page.mediabox = RectangleObject(
            [
                min(float(media.left), left),
                min(float(media.bottom), bottom - band),
                max(float(media.right), right),
                max(float(media.top), top),
            ]
        )
        page.cropbox = grown
        for box in ("/TrimBox", "/BleedBox", "/ArtBox"):
            if box in page:
                page[NameObject(box)] = grown
        page.merge_transformed_page(
            strip, Transformation().scale(scale).translate(left, bottom - band), over=True
        )
    writer.add_metadata({"/Subject": line})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
