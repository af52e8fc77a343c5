"""Markdown to HTML that is safe to show: no script, no event handlers, no remote images."""

import hashlib

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
# Links may point to the web or to an e-mail address; never javascript:, data: or the like.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything unsafe


def revision_html(revision) -> SafeString:
    """A revision never changes, so its HTML is cached (keyed by id and by the words, so a
    reused id after a restore from backup can never serve another revision's HTML)."""
    digest = hashlib.sha256(revision.body.encode("utf-8")).hexdigest()[:16]
    key = f"content:revision-html:{revision.pk}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render_markdown(revision.body))
        cache.set(key, html, 24 * 3600)
    return mark_safe(html)  # noqa: S308 - produced by render_markdown above
