"""The privacy notice: who sees a family's information and how long we keep it.

The periods come from settings, so the page says what the retention jobs actually do."""

from email.utils import parseaddr

from django.conf import settings
from django.shortcuts import render


def privacy_notice(request):
    return render(
        request,
        "intake/privacy.html",
        {
            "draft_days": settings.NAVIGATOR_DRAFT_TTL.days,
            "status_link_days": settings.NAVIGATOR_STATUS_LINK_TTL.days,
            "closed_days": settings.NAVIGATOR_RETENTION_CLOSED.days,
            "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        },
    )
