"""The rows of an import between reading and writing, and what a confirmed import changed.

ImportRad is the staging table: every checked row of the file is written here in chunks
(COPY on PostgreSQL), so the preview is a paginated query and confirming is a few set-based
statements in one transaction, whatever the size of the file. Its value columns carry the
names of Deltagare's columns, so rows move into place with INSERT … SELECT and UPDATE … FROM.

ImportAndring keeps, for 30 days, which participants a confirmed import created and the
previous values of those it changed: what undoing the import needs (docs/regler.md §4).
Both hold personal data and are emptied by deltagare.importexport.services
.glom_deltagare_i_importer when participants are deleted or withdraw consent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .importkorning import ImportKorning


class Deltagarvarden(models.Model):
    """Deltagare's importable columns under Deltagare's column names, all nullable (a row that
    failed its check, or an unchanged one, is kept by its key only)."""

    samtycke = models.BooleanField(null=True)
    kon = models.CharField(max_length=1, blank=True, null=True)
    juridiskt_kon = models.CharField(max_length=1, blank=True, null=True)
    fodelsear = models.PositiveSmallIntegerField(null=True)
    utbildning_id = models.BigIntegerField(null=True)
    tid_utan_arbete_id = models.BigIntegerField(null=True)
    forsorjning_start_id = models.BigIntegerField(null=True)
    anmalande_part_id = models.BigIntegerField(null=True)
    stadsdel_id = models.BigIntegerField(null=True)
    startdatum = models.DateField(null=True)
    slutdatum = models.DateField(null=True)
    avslutsorsak_id = models.BigIntegerField(null=True)
    forsorjning_slut_id = models.BigIntegerField(null=True)
    lots = models.BooleanField(null=True)
    arbetstraning = models.BooleanField(null=True)

    class Meta:
        abstract = True


# The value columns, in Deltagare's column order (the SQL that moves rows lists them).
VARDEKOLUMNER: tuple[str, ...] = tuple(f.column for f in Deltagarvarden._meta.fields)


class ImportRad(Deltagarvarden):
    class Atgard(models.TextChoices):
        NY = "n", _("Ny")
        ANDRAD = "a", _("Ändrad")
        OFORANDRAD = "o", _("Oförändrad")
        FEL = "f", _("Fel")
        # A key of the hidden info sheet of a file exported from here (its version then).
        EXPORTINFO = "x", _("Exporterad")

    class Flagga(models.TextChoices):
        INGEN = "", _("Ingen")
        ATERSKAPAR = "aterskapar", _("Återskapar en borttagen deltagare")
        SENARE_ANDRING = "senare", _("Skriver över en senare ändring")

    korning = models.ForeignKey(ImportKorning, on_delete=models.CASCADE, related_name="rader")
    blad = models.PositiveSmallIntegerField(default=0)
    radnummer = models.PositiveIntegerField()
    atgard = models.CharField(max_length=1, choices=Atgard.choices)
    insats_id = models.BigIntegerField(null=True)
    deltagar_id = models.CharField(max_length=40, blank=True)
    befintlig = models.BigIntegerField(null=True)
    befintlig_version = models.PositiveIntegerField(null=True)
    andrade_falt = models.CharField(max_length=300, blank=True)
    flagga = models.CharField(max_length=10, choices=Flagga.choices, blank=True)
    # The user's choice for a flagged row: None until chosen; False = leave the row out.
    val = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["korning", "blad", "radnummer"], name="importrad_ordning"),
            # Duplicates, flags and the move look rows up by key within a run.
            models.Index(fields=["korning", "insats_id", "deltagar_id"], name="importrad_nyckel"),
        ]

    def __str__(self) -> str:
        return f"{self.korning_id}: rad {self.radnummer}"


class ImportAndring(Deltagarvarden):
    class Typ(models.TextChoices):
        SKAPAD = "s", _("Skapad")
        ANDRAD = "a", _("Ändrad")

    korning = models.ForeignKey(ImportKorning, on_delete=models.CASCADE, related_name="andringar")
    # No foreign key: the participant may be deleted later, and the import's history must not
    # stop that (its own rows are then removed by glom_deltagare_i_importer).
    deltagare_pk = models.BigIntegerField(db_index=True)
    typ = models.CharField(max_length=1, choices=Typ.choices)
    version_efter = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.korning_id}: {self.deltagare_pk}"
