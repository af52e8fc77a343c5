"""The partner's review portal, under /partner/<token>/ (see referrals.portal_views)."""

from django.urls import path

from . import portal_views

app_name = "partner_portal"

urlpatterns = [
    path("<str:token>/", portal_views.page, name="page"),
    path("<str:token>/code/", portal_views.code, name="code"),
    path("<str:token>/answer/", portal_views.answer, name="answer"),
    path("<str:token>/packet.zip", portal_views.bundle, name="bundle"),
    path("<str:token>/referral.fhir.json", portal_views.fhir, name="fhir"),
    path("<str:token>/files/<str:key>/", portal_views.download, name="download"),
]
