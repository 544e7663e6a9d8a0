"""A web or command import and what it leaves behind (docs/regler.md §4).

ImportKorning is one upload: its stored file (ImportFilbit, in the database so workers on other
machines can read it), its column choices, status and progress, and afterwards its counts.
The work runs in the task queue; the page polls this row. The file and the staging rows are
personal data: they go when the run is confirmed, refused or cancelled, and after 24 hours
whatever happened (rensa_gamla_korningar).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def ny_granskningsnyckel() -> str:
    return secrets.token_urlsafe(16)


class ImportKorning(models.Model):
    class Status(models.TextChoices):
        KOLUMNER = "kolumner", _("Väntar på kolumnval")
        I_KO = "i_ko", _("I kö för granskning")
        GRANSKAS = "granskas", _("Granskas")
        GRANSKAD = "granskad", _("Granskad, väntar på bekräftelse")
        I_KO_SPARA = "i_ko_spara", _("I kö för att sparas")
        IMPORTERAS = "importeras", _("Sparas")
        KLAR = "klar", _("Sparad")
        FEL = "fel", _("Avvisad")
        MISSLYCKAD = "misslyckad", _("Misslyckades")
        I_KO_ANGRA = "i_ko_angra", _("I kö för att ångras")
        ANGRAS = "angras", _("Ångras")
        ANGRAD = "angrad", _("Ångrad")

    # Waiting for or inside a worker: one per user at a time.
    PAGAENDE = (
        Status.I_KO,
        Status.GRANSKAS,
        Status.I_KO_SPARA,
        Status.IMPORTERAS,
        Status.I_KO_ANGRA,
        Status.ANGRAS,
    )
    # Inside a worker, which reports a heartbeat while it works.
    ARBETAR = (Status.GRANSKAS, Status.IMPORTERAS, Status.ANGRAS)

    # None: the import command run by the server's operator without --anvandare.
    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    skapad = models.DateTimeField(_("skapad"), auto_now_add=True)
    uppdaterad = models.DateTimeField(_("uppdaterad"), auto_now=True)
    filnamn = models.CharField(_("filnamn"), max_length=255)
    filstorlek = models.PositiveBigIntegerField(_("filstorlek"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.I_KO)
    # Set by each new preview; the confirm form carries it, so a page showing an older preview
    # of the same run (another tab, before a re-check) cannot confirm what it did not show.
    granskningsnyckel = models.CharField(max_length=32, default=ny_granskningsnyckel, editable=False)
    # Sheets and columns: [{"namn", "rubriker", "kolumner": {contract header: file column index},
    # "insats": pk or None, "med": bool}], and the file-wide choices ("samtycke" when no column).
    blad = models.JSONField(_("blad"), default=list, blank=True)
    val = models.JSONField(_("val"), default=dict, blank=True)
    # When the file was exported from this application (its hidden info sheet), if it was.
    exporterad = models.DateTimeField(_("exporterad"), null=True, blank=True)
    uppgift = models.CharField(_("uppgift i kön"), max_length=64, blank=True)
    # The client's address of the request that queued the write or the undo: the worker writes
    # the audit entries long after that request, and they carry it as a form's writes do.
    adress = models.GenericIPAddressField(_("klientens adress"), null=True, blank=True)
    livstecken = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    totalt = models.PositiveIntegerField(_("rader totalt"), default=0)
    behandlade = models.PositiveIntegerField(_("behandlade rader"), default=0)
    nya = models.PositiveIntegerField(_("nya"), default=0)
    andrade = models.PositiveIntegerField(_("ändrade"), default=0)
    oforandrade = models.PositiveIntegerField(_("oförändrade"), default=0)
    flaggade = models.PositiveIntegerField(_("kräver val"), default=0)
    hoppade_over = models.PositiveIntegerField(_("hoppades över"), default=0)
    # At most MAX_VISADE_FEL problems as [row, column, text] (the command prints them all).
    fel = models.JSONField(_("fel"), default=list, blank=True)
    antal_fel = models.PositiveIntegerField(_("antal fel"), default=0)
    # A technical failure (not the file's fault): the run can be tried again.
    kan_forsokas_igen = models.BooleanField(default=False)
    sparad = models.DateTimeField(_("sparad"), null=True, blank=True)
    angrad = models.DateTimeField(_("ångrad"), null=True, blank=True)
    angrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ångrad av"),
    )

    class Meta:
        verbose_name = _("importkörning")
        verbose_name_plural = _("importkörningar")
        ordering = ["-skapad"]
        indexes = [models.Index(fields=["status", "uppdaterad"], name="importkorning_status")]

    def __str__(self) -> str:
        return f"{self.filnamn} ({self.get_status_display()})"

    @property
    def pagar(self) -> bool:
        return self.status in self.PAGAENDE

    @property
    def i_ko(self) -> bool:
        return self.status in (self.Status.I_KO, self.Status.I_KO_SPARA, self.Status.I_KO_ANGRA)

    @property
    def procent(self) -> int:
        return min(100, int(100 * self.behandlade / self.totalt)) if self.totalt else 0

    @property
    def flera_blad(self) -> bool:
        return sum(1 for blad in self.blad if blad.get("med")) > 1

    @property
    def blad_utanfor(self) -> list[dict]:
        """The sheets not imported (not ticked on the column page), named on the preview with
        their rows: a sheet of participants left out by mistake must not pass unnoticed."""
        return [blad for blad in self.blad if not blad.get("med") and not blad.get("dolt")]


class ImportFilbit(models.Model):
    """The uploaded file in pieces of at most a megabyte: written and read as streams, so
    neither the web process nor the worker holds a 50 MB file in memory at once."""

    STORLEK = 1024 * 1024

    korning = models.ForeignKey(ImportKorning, on_delete=models.CASCADE, related_name="filbitar")
    nummer = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["korning", "nummer"], name="importfilbit_unik")]

    def __str__(self) -> str:
        return f"{self.korning_id}:{self.nummer}"


class Kolumnval(models.Model):
    """A header of an old file that the user mapped to a contract column, remembered per user
    and suggested the next time the same header appears."""

    anvandare = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rubrik = models.CharField(max_length=200)
    kolumn = models.CharField(max_length=40, blank=True)
    andrad = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["anvandare", "rubrik"], name="kolumnval_unik")]

    def __str__(self) -> str:
        return f"{self.rubrik} → {self.kolumn}"
