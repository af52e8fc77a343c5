"""Routes of practical tasks: the staff's (included before cases.urls, whose catch-all
cases/<reference>/<action>/ would take .../tasks/) and the family's calendar file under
their private status link."""

from django.urls import path

from . import family_views, views

app_name = "logistics"

urlpatterns = [
    path("staff/tasks/", views.my_tasks, name="my_tasks"),
    path("cases/<str:reference>/tasks/new/", views.task_add, name="add"),
    path("cases/<str:reference>/tasks/<int:pk>/edit/", views.task_edit, name="edit"),
    path("cases/<str:reference>/tasks/<int:pk>/share/", views.task_share, name="share"),
    path(
        "cases/<str:reference>/tasks/<int:pk>/translation/",
        views.task_translation,
        name="translation",
    ),
    path(
        "cases/<str:reference>/tasks/<int:pk>/<slug:action>/",
        views.task_action,
        name="action",
    ),
    path(
        "status/<str:token>/appointments/<int:pk>.ics",
        family_views.appointment_ics,
        name="family_ics",
    ),
]
