"""Small helpers the family-facing views share."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

# Room for the form fields and multipart framing around the files themselves.
_BODY_OVERHEAD = 1024 * 1024


def body_too_large(request) -> bool:
    """True when a POST is bigger than a whole case may be, judged from its declared
    length before a byte of it is read, so an oversized upload costs us nothing."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.NAVIGATOR_MAX_CASE_BYTES + _BODY_OVERHEAD


def adopt_language(request, response, language: str):
    """On a device that has no language chosen yet, keep showing the family the language
    they used before (the draft's or the case's). A language the visitor picked on this
    device (the cookie the language menu sets) always wins."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return response
    if language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def too_large_message() -> str:
    from django.template.defaultfilters import filesizeformat

    return _("Together these files are larger than the %(limit)s a case can hold.") % {
        "limit": filesizeformat(settings.NAVIGATOR_MAX_CASE_BYTES)
    }


def error_summary(form) -> list[dict]:
    """Every error on a form or formset, each linked to its field, for the summary box
    at the top of the page that screen readers announce."""
    if isinstance(form, forms.BaseFormSet):
        items = [{"href": "#treatment-rows", "message": error} for error in form.non_form_errors()]
        for number, row in enumerate(form.forms, start=1):
            for entry in error_summary(row):
                entry["message"] = _("Treatment %(n)d: %(msg)s") % {
                    "n": number,
                    "msg": entry["message"],
                }
                items.append(entry)
        return items
    items = []
    for name, errors in form.errors.items():
        field = form[name] if name in form.fields else None
        href = f"#{field.id_for_label}" if field is not None else "#main"
        label = field.label if field is not None else ""
        for error in errors:
            message = f"{label}: {error}" if label else error
            items.append({"href": href, "message": message})
    return items


def display_value(field: forms.Field, value) -> str:
    """A cleaned value as the family would read it back on the review page."""
    if value in (None, "", [], ()):
        return "—"
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        if isinstance(value, (list, tuple)):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
