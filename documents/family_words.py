"""Words of the PDFs a family reads that are not in a template: the page numbers of the
footer (a CSS counter, so built here) and the footer's disclaimer in the family's
language. The English disclaimer stays in every footer too: the read-back check looks
for it on every page, whatever the language (text taken back out of an Arabic PDF does not
come out letter for letter)."""

from django.utils.translation import gettext, gettext_noop

# In English as written (the check reads it); gettext() gives the family's words.
FOOTER_DISCLAIMER = gettext_noop(
    "Navigator organises information and does not decide or guarantee eligibility, "
    "access to treatment or any outcome."
)


def footer_disclaimer_translated() -> str:
    """The disclaimer in the active language, or "" where that is English anyway."""
    words = gettext(FOOTER_DISCLAIMER)
    return "" if words == FOOTER_DISCLAIMER else words


def page_numbers_css() -> str:
    """The CSS `content` value of the footer's page numbers in the active language, e.g.
    "Page " counter(page) " of " counter(pages)."""
    # Translators: {page} and {pages} become the page number and the number of pages.
    label = gettext("Page {page} of {pages}").replace('"', "").replace("\\", "")
    parts = label.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
    return f'"{parts}"'
