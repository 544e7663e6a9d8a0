from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class FinsamAdminConfig(AdminConfig):
    default_site = "finsam.admin.FinsamAdminSite"


# Two libraries' sections of the admin under Swedish names (their own are "Axes" and "Tasks
# Database Backend", not translatable): Django's documented way, an AppConfig of one's own.
class InloggningsSparrConfig(AxesConfig):
    verbose_name = _("Inloggningsspärr")


class BakgrundsuppgifterConfig(TasksAppConfig):
    verbose_name = _("Bakgrundsuppgifter")
