"""E-mails to families and to partner contacts, each rendered in the reader's own language
and judged by the claims gate before they leave.

The templates live in templates/email/family/ and templates/email/partner/, folders whose
words are all translated (see core/management/commands/makemessages.py).
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


def _mask_links(text: str, context: dict) -> str:
    """Links (`*_url` values) carry random tokens; the gate would judge the letters of a
    token, and hold an e-mail by chance. It reads a fixed word in their place."""
    for key, value in context.items():
        if key.endswith("_url") and value:
            text = text.replace(str(value), "https://navigator.invalid/link")
    return text


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
    ours = _mask_links(ours, context)
    verdict = gate.check(ours, channel=gate.Channel.FAMILY_EMAIL, language=language)
    if not verdict.passed:
        logger.warning("family e-mail %s held by the claims gate (%s)", template, verdict.outcome)
        raise EmailHeldError(verdict, template)
    send_mail(subject, body, None, [to])


# Context values that are a partner's or the family's own words or names: masked before
# the gate reads a partner e-mail, which judges only what Navigator says.
PARTNER_WORDS = ("contact_name", "organisation")


def send_partner_email(
    *, to: str, language: str, template: str, context: dict, approved: tuple[str, ...] = ()
) -> None:
    """A partner e-mail (templates/email/partner/), rendered in the contact's language and
    judged by the claims gate on the partner channel. `approved` is wording a supervisor
    already let go as written (a referral's flagged cover note): it is not judged again.
    Raises EmailHeldError (and sends nothing) when the gate holds or refuses it."""
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"email/partner/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"email/partner/{template}_body.txt", context)
    ours = f"{subject}\n\n{body}"
    for words in [*(context.get(key) for key in PARTNER_WORDS), *approved]:
        if words:
            ours = ours.replace(str(words), "…")
    ours = _mask_links(ours, context)
    verdict = gate.check(ours, channel=gate.Channel.PARTNER_EMAIL, language=language)
    if not verdict.passed:
        logger.warning("partner e-mail %s held by the claims gate (%s)", template, verdict.outcome)
        raise EmailHeldError(verdict, template)
    send_mail(subject, body, None, [to])
