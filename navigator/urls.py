from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/", include("accounts.urls")),
    path("staff/referrals/", include("referrals.portal_staff_urls")),
    path("partner/", include("referrals.portal_urls")),
    path("", include("intake.urls")),
    # Before cases: its catch-all cases/<reference>/<action>/ would take generated/... too.
    path("", include("documents.urls")),
    path("", include("referrals.staff_urls")),
    path("", include("referrals.packet_urls")),
    path("", include("conversations.urls")),
    path("", include("logistics.urls")),
    path("", include("desk.urls")),
    path("", include("records.urls")),
    path("", include("dashboard.urls")),
    path("", include("cases.urls")),
    path("", include("audit.urls")),
    path("learn/", include("content.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
