from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("staff/dashboard/", views.dashboard, name="dashboard"),
]
