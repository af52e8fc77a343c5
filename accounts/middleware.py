"""Staff sessions end after a spell of inactivity, and in any case after a working day."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LAST_SEEN = "staff_last_seen"
SIGNED_IN_AT = "staff_signed_in_at"
# How stale LAST_SEEN may grow before it is written again. The idle timeout is counted in
# tens of minutes; writing it on every request made each staff page UPDATE its session row.
LAST_SEEN_EVERY = 60  # seconds


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            idle = settings.NAVIGATOR_STAFF_IDLE_TIMEOUT.total_seconds()
            longest = settings.NAVIGATOR_STAFF_MAX_SESSION.total_seconds()
            recorded = request.session.get(LAST_SEEN)
            last_seen = now if recorded is None else recorded
            signed_in = request.session.setdefault(SIGNED_IN_AT, now)
            if now - last_seen > idle or now - signed_in > longest:
                logout(request)
                messages.info(request, _("Your session ended. Please sign in again."))
                return redirect(f"{reverse('staff_login')}?{urlencode({'next': request.path})}")
            if recorded is None or now - recorded >= LAST_SEEN_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
