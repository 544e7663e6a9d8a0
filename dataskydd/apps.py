from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataskyddConfig(AppConfig):
    name = "dataskydd"
    verbose_name = _("Dataskydd")
