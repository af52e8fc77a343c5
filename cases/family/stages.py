"""How each case status is described to the family.

Every sentence describes the navigation work being done, never a verdict on the
patient: only the treating hospital decides whether a treatment or trial is possible.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FamilyStage:
    headline: Promise
    explanation: Promise
    next_step: Promise


# Keyed by Case.Status value (a test checks that every status has its wording).
FAMILY_STAGES: dict[str, FamilyStage] = {
    "new": FamilyStage(
        _("We have received your inquiry"),
        _("Your information and reports have reached our navigation team."),
        _(
            "A coordinator who speaks your language will read everything you sent and "
            "contact you, usually within one working day."
        ),
    ),
    "in_review": FamilyStage(
        _("A coordinator is reading your information"),
        _("Your coordinator is going through the details and reports you sent."),
        _("They will contact you with any questions and explain the next steps."),
    ),
    "records_requested": FamilyStage(
        _("We have asked for more records"),
        _("Some reports or details are still needed to describe the situation fully."),
        _("Your coordinator has told you what is missing. You can add reports on this page."),
    ),
    "records_complete": FamilyStage(
        _("Your records are organised"),
        _("We have the records we asked for and have organised them into a summary."),
        _("Your coordinator will talk with you about which hospitals to send them to."),
    ),
    "shared_with_hospitals": FamilyStage(
        _("Records sent to hospitals for review"),
        _(
            "With the agreement you gave on this page, your records have been sent to the "
            "hospital teams listed below for their own review. Each hospital makes its own "
            "decisions."
        ),
        _("We will tell you when a hospital replies. Replies can take several weeks."),
    ),
    "awaiting_hospital": FamilyStage(
        _("Waiting for a hospital to reply"),
        _("A hospital team is looking at the records. We are following up with them."),
        _("We will pass on their reply as soon as we receive it."),
    ),
    "information_shared": FamilyStage(
        _("We have shared information with you"),
        _("Your coordinator has sent you the information gathered so far."),
        _("Please contact your coordinator with any questions."),
    ),
    "on_hold": FamilyStage(
        _("Your case is paused"),
        _("Work on your case is paused for now, for example while we wait for you or a hospital."),
        _("Your coordinator will get in touch before work starts again."),
    ),
    "closed": FamilyStage(
        _("Your case is closed"),
        _("Our navigation work on this case has finished."),
        _("If your situation changes, you are welcome to send a new inquiry."),
    ),
}


def family_stage(status: str) -> FamilyStage:
    return FAMILY_STAGES[status]
