from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeltagareConfig(AppConfig):
    name = "deltagare"
    verbose_name = _("Deltagaruppföljning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Deltagare, Uppfoljning

        auditlog.register(Deltagare)
        auditlog.register(Uppfoljning)
