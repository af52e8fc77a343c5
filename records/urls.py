"""Staff routes of records requests. Included before cases.urls, whose catch-all
cases/<reference>/<action>/ would take .../records/."""

from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("cases/<str:reference>/records/new/", views.request_new, name="new"),
    path(
        "cases/<str:reference>/records/items/<int:pk>/<slug:action>/",
        views.item_mark,
        name="item_mark",
    ),
    path("cases/<str:reference>/records/add-document/", views.document_add, name="document_add"),
]
