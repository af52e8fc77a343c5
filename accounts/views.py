"""Staff sign-in: password (throttled by django-axes), then a TOTP code, backup code or
passkey; and the page where staff keep their passkeys."""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimits import limit_class

from . import passkeys, throttle, two_factor
from .decorators import second_factor_missing, staff_required
from .middleware import LAST_SEEN, SIGNED_IN_AT
from .sign_in import STAFF_NEXT, is_safe_next, safe_next, second_factor_passed
from .signals import second_factor_refused

PENDING_CODES = "staff_new_backup_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _requested_next(request) -> str | None:
    return request.POST.get("next") or request.GET.get("next")


# While Redis cannot count, this limit does not fail open: it counts failed sign-ins in
# the database instead (accounts/throttle.py).
@limit_class("staff_sign_in", when_cache_fails=throttle.too_many_failed_sign_ins)
class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = False

    def get_redirect_url(self):
        # The page's hidden "next" field, and where a password-only sign-in goes.
        target = _requested_next(self.request)
        return target if is_safe_next(self.request, target) else ""

    def form_valid(self, form):
        response = super().form_valid(form)
        now = time.time()
        self.request.session[SIGNED_IN_AT] = now
        self.request.session[LAST_SEEN] = now
        step = second_factor_missing(self.request)
        if step:
            self.request.session[STAFF_NEXT] = safe_next(
                self.request, _requested_next(self.request)
            )
            return redirect(step)
        return response


@never_cache
def verify(request):
    if not request.user.is_authenticated:
        return redirect("staff_login")
    if not two_factor.has_confirmed_device(request.user):
        return redirect("staff_2fa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            second_factor_passed(request, device)
            return redirect(safe_next(request, request.session.pop(STAFF_NEXT, None)))
        second_factor_refused.send(sender=verify, request=request, user=request.user, method="code")
        form.add_error("code", _("That code is not right, or has been used. Try the newest code."))
    offer_passkey = settings.NAVIGATOR_PASSKEYS and two_factor.has_passkey(request.user)
    return render(request, "staff/verify.html", {"form": form, "offer_passkey": offer_passkey})


@never_cache
def setup(request):
    """First sign-in: scan the QR code, confirm with a first code, get backup codes."""
    if not request.user.is_authenticated:
        return redirect("staff_login")
    if two_factor.has_confirmed_device(request.user) and not request.session.get(PENDING_CODES):
        return redirect("staff_verify")
    device = two_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            second_factor_passed(request, device)
            request.session[PENDING_CODES] = codes
            return redirect("staff_backup_codes")
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and try again.")
        )
    return render(
        request,
        "staff/setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_typing(device),
        },
    )


@never_cache
def backup_codes(request):
    """Shows new backup codes once; a reload shows them no more."""
    codes = request.session.pop(PENDING_CODES, None)
    if not request.user.is_authenticated or not codes:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "staff/backup_codes.html", {"codes": codes})


@require_POST
def sign_out(request):
    logout(request)  # the audit app records it (django's user_logged_out signal)
    messages.info(request, _("You have signed out."))
    return redirect("staff_login")


class PasskeyNameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=passkeys.NAME_MAX_LENGTH, required=False)


@staff_required
def passkey_list(request):
    """The signed-in user's passkeys: add one (named), rename, remove."""
    return render(
        request,
        "staff/passkeys.html",
        {
            "passkeys": passkeys.passkeys_of(request.user),
            "passkeys_on": settings.NAVIGATOR_PASSKEYS,
            "has_authenticator_app": two_factor.has_authenticator_app(request.user),
            "name_form": PasskeyNameForm(),
        },
    )


@require_POST
@staff_required
def passkey_name(request, pk: int):
    form = PasskeyNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["name"][0])
        return redirect("staff_passkeys")
    passkey = passkeys.passkey_rename(
        user=request.user, passkey_id=pk, name=form.cleaned_data["name"]
    )
    if passkey is None:
        raise Http404
    messages.success(request, f"Passkey saved as “{passkey.name}”.")
    return redirect("staff_passkeys")


@require_POST
@staff_required
def passkey_remove(request, pk: int):
    try:
        passkey = passkeys.passkey_remove(user=request.user, passkey_id=pk, request=request)
    except passkeys.LastFactorError as refusal:
        messages.error(request, str(refusal))
        return redirect("staff_passkeys")
    if passkey is None:
        raise Http404
    messages.success(request, f"Passkey “{passkey.name}” removed.")
    return redirect("staff_passkeys")
