from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from cases.views import staff_auth

from . import views

staff_patterns = [
    path("login/", staff_auth.StaffLoginView.as_view(), name="staff_login"),
    path("verify/", staff_auth.verify, name="staff_verify"),
    path("2fa/setup/", staff_auth.setup, name="staff_2fa_setup"),
    path("2fa/backup-codes/", staff_auth.backup_codes, name="staff_backup_codes"),
    path("logout/", staff_auth.sign_out, name="staff_logout"),
]

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", include(staff_patterns)),
    path("", include("cases.urls")),
    path("learn/", include("content.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
