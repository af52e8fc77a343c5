from django.urls import path

from .views import inquiry, status
from .views.generated import family_pack as generated_family_pack

app_name = "cases"

inquiry_wizard = inquiry.InquiryWizard.as_view(url_name="cases:inquiry_step", done_step_name="send")

urlpatterns = [
    path("inquiry/", inquiry.inquiry_start, name="inquiry"),
    path("inquiry/step/", inquiry_wizard, name="inquiry_wizard"),
    path("inquiry/step/<slug:step>/", inquiry_wizard, name="inquiry_step"),
    path("inquiry/save/", inquiry.inquiry_save, name="inquiry_save"),
    path("inquiry/resume/<str:token>/", inquiry.inquiry_resume, name="inquiry_resume"),
    path("inquiry/submitted/", inquiry.inquiry_submitted, name="inquiry_submitted"),
    path("status/", status.status_link_request, name="status_link_request"),
    path("status/<str:token>/", status.status_page, name="status"),
    path("status/<str:token>/packs/<int:job_id>/", generated_family_pack, name="family_pack"),
]

from .views import generated, staff  # noqa: E402

urlpatterns += [
    path("queue/", staff.queue, name="queue"),
    path("queue/views/<int:pk>/delete/", staff.saved_view_delete, name="saved_view_delete"),
    path("queue/<slug:tab>/", staff.queue, name="queue_tab"),
    path("queue/<slug:tab>/views/", staff.saved_view_create, name="saved_view_create"),
    path("cases/<str:reference>/", staff.workspace, name="workspace"),
    path(
        "cases/<str:reference>/documents/<int:document_id>/",
        staff.document_download,
        name="document_download",
    ),
    path("cases/<str:reference>/export/", staff.case_export, name="case_export"),
    path("cases/<str:reference>/generated/", generated.jobs_panel, name="jobs_panel"),
    path(
        "cases/<str:reference>/generated/summary/",
        generated.request_summary,
        name="request_summary",
    ),
    path("cases/<str:reference>/generated/pack/", generated.request_pack, name="request_pack"),
    path("cases/<str:reference>/generated/<int:job_id>/", generated.download, name="job_download"),
    path("cases/<str:reference>/generated/<int:job_id>/retry/", generated.retry, name="job_retry"),
    path("cases/<str:reference>/generated/<int:job_id>/share/", generated.share, name="job_share"),
    path("cases/<str:reference>/<slug:action>/", staff.workspace_action, name="workspace_action"),
    path("staff/audit/", staff.audit_log, name="audit_log"),
    path("staff/team/", staff.team, name="team"),
    path("staff/team/<int:user_id>/release/", staff.team_release, name="team_release"),
]
