"""The admin site, behind the same sign-in and second factor as the rest of staff."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.decorators import is_verified, second_factor_missing


class NavigatorAdminSite(admin.AdminSite):
    site_header = "Navigator administration"
    site_title = "Navigator admin"

    def has_permission(self, request):
        verified = not settings.NAVIGATOR_REQUIRE_2FA or is_verified(request.user)
        return super().has_permission(request) and verified

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            step = second_factor_missing(request)
            if step:
                return redirect(step)
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('staff_login')}?{urlencode({'next': next_url})}")
