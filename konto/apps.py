from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KontoConfig(AppConfig):
    name = "konto"
    verbose_name = _("Konton och inloggning")
