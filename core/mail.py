"""E-mails to families, rendered in the family's own language.

The templates live in templates/email/family/, a folder whose words are all translated
(see core/management/commands/makemessages.py).
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_family_email(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"email/family/{template}_subject.txt", context)
        body = render_to_string(f"email/family/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
