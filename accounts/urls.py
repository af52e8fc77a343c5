from django.urls import include, path

from . import views

# Names without a namespace: settings.LOGIN_URL and the templates use them as they are.
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="staff_login"),
    path("verify/", views.verify, name="staff_verify"),
    path("2fa/setup/", views.setup, name="staff_2fa_setup"),
    path("2fa/backup-codes/", views.backup_codes, name="staff_backup_codes"),
    path("logout/", views.sign_out, name="staff_logout"),
    path("passkeys/", views.passkey_list, name="staff_passkeys"),
    path("passkeys/<int:pk>/name/", views.passkey_name, name="staff_passkey_name"),
    path("passkeys/<int:pk>/remove/", views.passkey_remove, name="staff_passkey_remove"),
    path("webauthn/", include("accounts.passkey_urls")),
]
