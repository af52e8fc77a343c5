"""Staff download URLs for a referral's packet, under the case workspace."""

from django.urls import path

from . import packet_views

app_name = "referral_packet"

urlpatterns = [
    path(
        "cases/<str:reference>/referrals/<int:referral_id>/packet.zip",
        packet_views.bundle,
        name="bundle",
    ),
    path(
        "cases/<str:reference>/referrals/<int:referral_id>/fhir.json",
        packet_views.fhir,
        name="fhir",
    ),
]
