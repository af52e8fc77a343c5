"""{% portal_actions referral %}: the coordinator's portal actions for one referral (links,
answers, relaying), for the referral panel to include."""

from django import template
from django.utils import timezone

from referrals import portal, relay, states
from referrals.models import Referral

register = template.Library()


@register.inclusion_tag("referrals/staff/_portal_actions.html", takes_context=True)
def portal_actions(context, referral: Referral) -> dict:
    now = timezone.now()
    links = [
        {"link": link, "state": portal.link_state(link, now)}
        for link in referral.portal_links.all()
    ]
    status = referral.status
    sent = status not in (Referral.Status.DRAFT, Referral.Status.CANCELLED)
    return {
        "csrf_token": context.get("csrf_token"),
        "referral": referral,
        "links": links,
        "can_revoke": any(item["state"] == "open" for item in links),
        "can_reissue": sent and (status not in states.CLOSED or status == "completed"),
        "answers": [
            {"response": r, "has_words": relay.partner_words(r)} for r in referral.responses.all()
        ],
    }
