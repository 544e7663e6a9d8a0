from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsatserConfig(AppConfig):
    name = "insatser"
    verbose_name = _("Insatser")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Mal

        # Who entered or assessed a goal, and when.
        auditlog.register(Mal, m2m_fields={"avslutsorsaker", "avslutsgrupper"})
