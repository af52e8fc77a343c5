from django.urls import path

from .views import consent, inquiry, privacy, status

app_name = "intake"

inquiry_wizard = inquiry.InquiryWizard.as_view(
    url_name="intake:inquiry_step", done_step_name="send"
)

urlpatterns = [
    path("inquiry/", inquiry.inquiry_start, name="inquiry"),
    path("inquiry/step/", inquiry_wizard, name="inquiry_wizard"),
    path("inquiry/step/<slug:step>/", inquiry_wizard, name="inquiry_step"),
    path("inquiry/save/", inquiry.inquiry_save, name="inquiry_save"),
    path("inquiry/resume/<str:token>/", inquiry.inquiry_resume, name="inquiry_resume"),
    path("inquiry/submitted/", inquiry.inquiry_submitted, name="inquiry_submitted"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
    path("status/", status.status_link_request, name="status_link_request"),
    path("status/<str:token>/", status.status_page, name="status"),
    path(
        "status/<str:token>/sharing/<int:organisation_id>/agree/",
        consent.consent_agree,
        name="consent_agree",
    ),
    path(
        "status/<str:token>/sharing/<int:organisation_id>/withdraw/",
        consent.consent_withdraw,
        name="consent_withdraw",
    ),
]
