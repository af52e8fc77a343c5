"""{{ field|select_options }}: a filter field's <option> list, with the current value
selected. Built in Python: as template nodes, the country list's 250 options were most of
the queue page's rendering time."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def select_options(field) -> str:
    current = "" if field.value() is None else str(field.value())
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    " selected" if str(value) == current else "",
                    label,
                ),
            )
            for value, label in field.field.choices
        ),
    )
