"""The passkey ceremonies, under the namespace django-otp-webauthn's template tags reverse
("otp_webauthn"), served by our adapted views (accounts/passkey_ceremonies.py)."""

from django.urls import path

from . import passkey_ceremonies as ceremonies

app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        ceremonies.RegistrationBegin.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        ceremonies.RegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        ceremonies.AuthenticationBegin.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        ceremonies.AuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        ceremonies.EnglishCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
