from django.contrib.admin.apps import AdminConfig


class NavigatorAdminConfig(AdminConfig):
    default_site = "navigator.admin.NavigatorAdminSite"
