"""E-mails to families, rendered in the family's own language, and judged by the claims
gate before they leave.

The templates live in templates/email/family/, a folder whose words are all translated
(see core/management/commands/makemessages.py).
"""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from claims import gate

from .errors import ApplicationError

logger = logging.getLogger(__name__)
# Context values that are the family's own words (their name, their file's name): they are
# masked before the gate reads the e-mail, which judges only what Navigator says.
FAMILY_WORDS = ("name", "file_name")


class EmailHeldError(ApplicationError):
    """The claims gate did not pass a rendered e-mail, so it was not sent."""

    def __init__(self, verdict: gate.Verdict, template: str):
        self.verdict = verdict
        self.template = template
        super().__init__(
            f"The {template.replace('_', ' ')} e-mail was not sent: the claims gate "
            f"({verdict.outcome}) flagged {verdict.summary()}"
        )


def send_family_email(*, to: str, language: str, template: str, context: dict) -> None:
    """Render `template` in `language`, judge it, send it. Raises EmailHeldError (and
    sends nothing) when the gate holds or refuses it: the caller records why."""
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"email/family/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"email/family/{template}_body.txt", context)
    ours = f"{subject}\n\n{body}"
    for key in FAMILY_WORDS:
        if context.get(key):
            ours = ours.replace(str(context[key]), "…")
    verdict = gate.check(ours, channel=gate.Channel.FAMILY_EMAIL, language=language)
    if not verdict.passed:
        logger.warning("family e-mail %s held by the claims gate (%s)", template, verdict.outcome)
        raise EmailHeldError(verdict, template)
    send_mail(subject, body, None, [to])
