"""Status of a web import that runs in the background (docs/regler.md §4: preview before anything is written).

The page polls this row, so a large file shows its progress without Redis or a task queue.
The uploaded file is kept only until the import is confirmed or refused, then cleared.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportKorning(models.Model):
    class Status(models.TextChoices):
        GRANSKAS = "granskas", _("Granskas")
        GRANSKAD = "granskad", _("Granskad, väntar på bekräftelse")
        IMPORTERAS = "importeras", _("Importeras")
        KLAR = "klar", _("Klar")
        FEL = "fel", _("Avvisad")

    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("skapad av")
    )
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    uppdaterad = models.DateTimeField(_("uppdaterad"), auto_now=True)
    filnamn = models.CharField(_("filnamn"), max_length=255)
    fil = models.BinaryField(_("fil"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.GRANSKAS)
    totalt = models.PositiveIntegerField(_("rader totalt"), default=0)
    behandlade = models.PositiveIntegerField(_("behandlade rader"), default=0)
    nya = models.PositiveIntegerField(_("nya"), default=0)
    andrade = models.PositiveIntegerField(_("ändrade"), default=0)
    oforandrade = models.PositiveIntegerField(_("oförändrade"), default=0)
    fel = models.JSONField(_("fel"), default=list, blank=True)

    class Meta:
        verbose_name = _("importkörning")
        verbose_name_plural = _("importkörningar")
        ordering = ["-skapad"]

    def __str__(self) -> str:
        return f"{self.filnamn} ({self.get_status_display()})"

    @property
    def pagar(self) -> bool:
        return self.status in (self.Status.GRANSKAS, self.Status.IMPORTERAS)

    @property
    def avbruten(self) -> bool:
        """A run whose process died (e.g. a restart) stops reporting progress."""
        return self.pagar and timezone.now() - self.uppdaterad > datetime.timedelta(minutes=15)

    @property
    def procent(self) -> int:
        return int(100 * self.behandlade / self.totalt) if self.totalt else 0
