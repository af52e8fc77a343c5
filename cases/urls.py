from django.urls import path

from .views import staff

app_name = "cases"

urlpatterns = [
    path("queue/", staff.queue, name="queue"),
    path("queue/views/<int:pk>/delete/", staff.saved_view_delete, name="saved_view_delete"),
    path("queue/<slug:tab>/", staff.queue, name="queue_tab"),
    path("queue/<slug:tab>/csv/", staff.queue_csv, name="queue_csv"),
    path("queue/<slug:tab>/views/", staff.saved_view_create, name="saved_view_create"),
    path("cases/<str:reference>/", staff.workspace, name="workspace"),
    path(
        "cases/<str:reference>/documents/<int:document_id>/",
        staff.document_download,
        name="document_download",
    ),
    path("cases/<str:reference>/export/", staff.case_export, name="case_export"),
    path("cases/<str:reference>/<slug:action>/", staff.workspace_action, name="workspace_action"),
    path("staff/team/", staff.team, name="team"),
    path("staff/team/<int:user_id>/profile/", staff.team_profile, name="team_profile"),
    path("staff/team/<int:user_id>/release/", staff.team_release, name="team_release"),
    path("staff/review/", staff.review_queue, name="review_queue"),
    path(
        "staff/review/<slug:kind>/<int:pk>/<slug:action>/",
        staff.review_action,
        name="review_action",
    ),
]
