"""Staff routes of the conversation. Included before cases.urls, whose catch-all
cases/<reference>/<action>/ would take .../conversation/."""

from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("cases/<str:reference>/conversation/", views.conversation, name="conversation"),
    path("cases/<str:reference>/conversation/send/", views.send, name="send"),
]
