from django.contrib.admin.apps import AdminConfig


class FinsamAdminConfig(AdminConfig):
    default_site = "finsam.admin.FinsamAdminSite"
