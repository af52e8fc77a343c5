"""Staff routes of referrals: the partner directory and the case's referrals. Included
before cases.urls, whose catch-all cases/<reference>/<action>/ would take .../referrals/."""

from django.urls import path

from . import staff_views

app_name = "referrals"

urlpatterns = [
    path("staff/partners/", staff_views.directory, name="directory"),
    path("cases/<str:reference>/referrals/", staff_views.referrals_page, name="case_referrals"),
    path("cases/<str:reference>/referrals/new/", staff_views.referral_new, name="new"),
    path("cases/<str:reference>/referrals/<int:pk>/edit/", staff_views.referral_edit, name="edit"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/<slug:action>/",
        staff_views.referral_action,
        name="action",
    ),
]
