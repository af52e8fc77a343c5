"""Requests we cannot store are refused with a plain 400 before any view sees them.

PostgreSQL refuses a NUL byte in text, so a NUL in a search term, a case reference in the
path or a form field used to end as a 500 (and, in a header or cookie, could stop the audit
events of the request from being written). Text that is not UTF-8 cannot be what a person
typed in a browser either. RefuseUnreadableRequestsMiddleware, early in MIDDLEWARE, answers
either with templates/400.html and logs which part of the request it was, never its text.
"""

import logging
from urllib.parse import unquote_to_bytes

from django.views.defaults import bad_request

logger = logging.getLogger(__name__)

NUL = "\x00"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def _query_string(request) -> bytes:
    """The query string as the bytes that arrived (WSGI passes them as Latin-1)."""
    value = request.META.get("QUERY_STRING", "")
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:  # already decoded (ASGI)
        return value.encode("utf-8")


def _unreadable_bytes(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _percent_encoded(raw: bytes) -> bytes:
    return unquote_to_bytes(raw.replace(b"+", b" "))


def _has_nul(*texts: str) -> bool:
    return any(NUL in text for text in texts)


def unreadable_part(request) -> str | None:
    """The part of the request that carries a NUL byte or text that is not UTF-8, if any."""
    # (Django itself turns bytes of the path that are not UTF-8 back into %XX.)
    if NUL in request.path_info:
        return "path"
    if _unreadable_bytes(_percent_encoded(_query_string(request))):
        return "query string"
    if any(key.startswith("HTTP_") and NUL in str(value) for key, value in request.META.items()):
        return "header"
    if any(_has_nul(name, value) for name, value in request.COOKIES.items()):
        return "cookie"
    if request.method == "POST":
        if request.content_type == FORM:
            if _unreadable_bytes(_percent_encoded(request.body)):
                return "form field"
        elif request.content_type == MULTIPART:
            # (Django already drops unprintable characters from uploaded files' names.)
            for name, values in request.POST.lists():
                if _has_nul(name, *values):
                    return "form field"
    return None


class RefuseUnreadableRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        part = unreadable_part(request)
        if part is not None:
            logger.warning("refused a request with a NUL byte or non-UTF-8 text in its %s", part)
            return bad_request(request, exception=None)
        return self.get_response(request)
