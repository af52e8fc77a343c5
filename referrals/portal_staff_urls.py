"""The coordinator's portal actions on a referral, under /staff/referrals/."""

from django.urls import path

from . import portal_staff_views as views

app_name = "referral_portal"

urlpatterns = [
    path("<int:pk>/portal/revoke/", views.link_revoke, name="link_revoke"),
    path("<int:pk>/portal/new-link/", views.link_reissue, name="link_reissue"),
    path("<int:pk>/answers/<int:response_id>/relay/", views.response_relay, name="relay"),
    path("<int:pk>/answers/<int:response_id>/letter/", views.response_letter, name="letter"),
]
