from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("staff/my-day/", views.my_day, name="my_day"),
    path("staff/alerts/", views.alerts, name="alerts"),
    path("staff/alerts/read/", views.alerts_read_all, name="alerts_read_all"),
    path("staff/settings/", views.my_settings, name="settings"),
]
