"""What the family reads when an answer to a checklist item is refused (family-facing:
translated, see core/management/commands/makemessages.py)."""

from django.utils.translation import gettext as _

from .choices import accepted_description


def wrong_file_type(*, name: str, item_label: str, kind: str) -> str:
    return _("%(name)s cannot be sent for “%(item)s”: please send %(accepted)s.") % {
        "name": name,
        "item": item_label,
        "accepted": accepted_description(kind),
    }


def item_already_answered() -> str:
    return _("This item is no longer waiting for a file, so nothing was saved.")


def choose_a_file() -> str:
    return _("Choose the file to send for this item.")


def item_received() -> str:
    return _("Thank you. We received your file; your coordinator can see it now.")
